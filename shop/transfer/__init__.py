"""Customer export (CSV, XLSX, JSON, streamed to a private file) and customer import (CSV) for the back-office."""
