"""Customer-facing pages, one module per route group."""
