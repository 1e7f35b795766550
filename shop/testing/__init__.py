"""Support for QA: data fixtures and the test mailbox. Used by the tests, the CLI and, only when
STORE_TEST_MODE=1 outside production, by a test-only endpoint."""
