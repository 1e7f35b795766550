"""Back-office messages in French: deleting, merging, price lists and previews of customers."""

MESSAGES: dict[str, str] = {
}
