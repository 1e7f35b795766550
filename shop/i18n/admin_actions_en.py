"""Back-office messages in English: deleting, merging, price lists and previews of customers."""

MESSAGES: dict[str, str] = {
}
