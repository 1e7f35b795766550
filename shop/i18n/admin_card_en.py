"""Back-office messages in English: the card screens."""

MESSAGES: dict[str, str] = {
}
