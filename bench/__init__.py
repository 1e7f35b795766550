"""Benchmarks that print figures (never timed tests). Run them all with `make bench`."""
