"""Back-office messages in English: the orders screens."""

MESSAGES: dict[str, str] = {
}
