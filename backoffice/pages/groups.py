"""Back-office page module (filled by the back-office work)."""
