"""Back-office messages in French: the transfer screens."""

MESSAGES: dict[str, str] = {
}
