"""The merchant side: back-office states and pages under /admin."""
