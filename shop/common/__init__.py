"""Shared by every domain: column types and timestamps, input validation, money and date formatting, the audit trail."""
