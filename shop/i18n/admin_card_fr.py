"""Back-office messages in French: the card screens."""

MESSAGES: dict[str, str] = {
}
