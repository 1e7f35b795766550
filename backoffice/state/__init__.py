"""Back-office states: every handler re-reads the merchant session from the database."""
