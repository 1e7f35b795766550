"""Back-office messages in English: the transfer screens."""

MESSAGES: dict[str, str] = {
}
