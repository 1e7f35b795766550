"""The customer register's full-text index, kept in sync by the database itself.

`LIKE '%x%'` reads every row; with 100,000 customers that is too slow for search-as-you-type. On SQLite
an FTS5 table with the trigram tokenizer (`customer_search`, one row per customer, rowid = customer id)
finds any substring of three characters or more through an index. Triggers on `customer` and `address`
rewrite a customer's row whenever their searchable fields or addresses change, so no code path can
forget to. On PostgreSQL, pg_trgm GIN indexes on the same documents (an expression index on `customer` and one
on `address`) serve `LIKE '%x%'`; `install` also runs after every `migrate`, so a database migrated before these
indexes existed gets them.
"""

from __future__ import annotations

import sqlalchemy as sa

# Everything a merchant may type to find a customer: numbers, names, company, email, phone, and the
# names, companies, cities, postcodes and phones of their addresses.
_DOCUMENT = """
    SELECT c.id, c.customer_number || ' ' || coalesce(c.own_number, '') || ' ' || c.first_name || ' '
        || c.last_name || ' ' || c.company || ' ' || c.email || ' ' || c.phone || ' ' || coalesce((
            SELECT group_concat(a.name || ' ' || a.company_name || ' ' || a.city || ' ' || a.postal_code
                                || ' ' || a.phone, ' ')
            FROM address a WHERE a.customer_id = c.id), '')
    FROM customer c WHERE c.id = {customer_id}
"""


def _reindex(customer_id: str) -> str:
    return (f"DELETE FROM customer_search WHERE rowid = {customer_id};\n"
            f"INSERT INTO customer_search(rowid, body) {_DOCUMENT.format(customer_id=customer_id)};")


SEARCHABLE_CUSTOMER_COLUMNS = "customer_number, own_number, first_name, last_name, company, email, phone"

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS customer_search USING fts5(body, tokenize = 'trigram')",
    f"CREATE TRIGGER IF NOT EXISTS customer_search_insert AFTER INSERT ON customer BEGIN {_reindex('new.id')} END",
    f"CREATE TRIGGER IF NOT EXISTS customer_search_update AFTER UPDATE OF {SEARCHABLE_CUSTOMER_COLUMNS} "
    f"ON customer BEGIN {_reindex('new.id')} END",
    "CREATE TRIGGER IF NOT EXISTS customer_search_delete AFTER DELETE ON customer BEGIN "
    "DELETE FROM customer_search WHERE rowid = old.id; END",
    f"CREATE TRIGGER IF NOT EXISTS customer_search_address_insert AFTER INSERT ON address BEGIN "
    f"{_reindex('new.customer_id')} END",
    f"CREATE TRIGGER IF NOT EXISTS customer_search_address_update AFTER UPDATE ON address BEGIN "
    f"{_reindex('old.customer_id')} {_reindex('new.customer_id')} END",
    f"CREATE TRIGGER IF NOT EXISTS customer_search_address_delete AFTER DELETE ON address BEGIN "
    f"{_reindex('old.customer_id')} END",
]

# PostgreSQL: one pg_trgm GIN index on a document per customer and one per address (the same fields as the
# SQLite body). The register's query repeats these expressions word for word, so the planner uses the indexes.
POSTGRES_CUSTOMER_DOCUMENT = (
    "lower(customer_number || ' ' || coalesce(own_number, '') || ' ' || first_name || ' ' || last_name || ' ' "
    "|| company || ' ' || email || ' ' || phone)")
POSTGRES_ADDRESS_DOCUMENT = "lower(name || ' ' || company_name || ' ' || city || ' ' || postal_code || ' ' || phone)"

POSTGRES_DDL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS ix_customer_trgm_document ON customer USING gin (({POSTGRES_CUSTOMER_DOCUMENT}) "
    "gin_trgm_ops)",
    f"CREATE INDEX IF NOT EXISTS ix_address_trgm_document ON address USING gin (({POSTGRES_ADDRESS_DOCUMENT}) "
    "gin_trgm_ops)",
    # The per-column indexes of the first version: a search ORs many columns and an address table, which
    # they could not serve (PostgreSQL read every row).
    *[f"DROP INDEX IF EXISTS ix_customer_trgm_{column}"
      for column in ("email", "first_name", "last_name", "company", "phone", "customer_number")],
    "DROP INDEX IF EXISTS ix_address_trgm_city",
]


def install(connection: sa.Connection) -> None:
    """Create the index (and fill it from the rows already there); safe to run twice."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        exists = connection.execute(sa.text(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'customer_search'")).first()
        for statement in SQLITE_DDL:
            connection.exec_driver_sql(statement)
        if not exists:
            # `c.id = c.id` holds for every row: the whole register is indexed once.
            everyone = _DOCUMENT.format(customer_id="c.id")
            connection.exec_driver_sql(f"INSERT INTO customer_search(rowid, body) {everyone}")
    elif dialect == "postgresql":
        for statement in POSTGRES_DDL:
            connection.exec_driver_sql(statement)


def _install_after_create(target: sa.Table, connection: sa.Connection, **_: object) -> None:
    install(connection)


def attach(address_table: sa.Table) -> None:
    """`SQLModel.metadata.create_all` (tests, a new database) installs the index with the address table,
    the last of the two tables it indexes."""
    sa.event.listen(address_table, "after_create", _install_after_create)
