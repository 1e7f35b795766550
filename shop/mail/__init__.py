"""Email: composing messages, the outbox written in the caller's transaction, and the background sender."""
