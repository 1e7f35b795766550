"""The load test: simulated customers and merchants over Reflex's real event protocol (`python -m bench.load`)."""
