"""Back-office messages in English: the settings screens."""

MESSAGES: dict[str, str] = {
}
