"""Back-office messages in English: the catalog screens."""

MESSAGES: dict[str, str] = {
}
