"""Orders: creating them, their statuses and timeline, and a customer's order history with its live status stamp."""
