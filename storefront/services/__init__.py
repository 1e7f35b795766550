"""Domain logic in plain Python: each function takes a DB session and plain values. No Reflex here."""
