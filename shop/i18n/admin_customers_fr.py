"""Back-office messages in French: the customers screens."""

MESSAGES: dict[str, str] = {
}
