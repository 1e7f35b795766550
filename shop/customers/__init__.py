"""The customer record: profile, addresses, account deletion and the data download."""
