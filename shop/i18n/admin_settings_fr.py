"""Back-office messages in French: the settings screens."""

MESSAGES: dict[str, str] = {
}
