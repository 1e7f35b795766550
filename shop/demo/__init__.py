"""Demo data: the catalogue, customers, orders and a merchant for a new shop."""
