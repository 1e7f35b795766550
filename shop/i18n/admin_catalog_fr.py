"""Back-office messages in French: the catalog screens."""

MESSAGES: dict[str, str] = {
}
