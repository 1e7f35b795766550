"""Back-office messages in French: the orders screens."""

MESSAGES: dict[str, str] = {
}
