"""Back-office messages in English: the customers screens."""

MESSAGES: dict[str, str] = {
}
