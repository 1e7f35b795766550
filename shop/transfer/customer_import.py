"""The customer import: a CSV file (at most 15 MB) read whatever Excel wrote (a BOM, Windows-1252, `;` or `,`),
its columns matched to customer fields by their names in English or French, every row checked with the
profile's own validators, then written in one transaction: all rows or none, or the good rows only.

Never a password (a password column is ignored, and cannot be mapped), never email verification or a
block: an imported customer sets a password through an invitation. Existing customers (same email) are
skipped or get the allowed fields updated; a blank cell never erases a value.
"""

from __future__ import annotations

import csv
import io
import secrets
import unicodedata
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, func, select

from shop.common import audit
from shop.common.validation import MAX_NAME, FieldError, clean_text, normalize_email
from shop.customers.profile import MAX_COMPANY, clean_phone, clean_vat_number
from shop.i18n import LANGUAGES
from shop.identity.invitations import invite_customer
from shop.models import Customer, CustomerGroup, utcnow
from shop.settings.store import get_store_settings
from shop.transfer.cells import FORMULA_STARTS

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_OWN_NUMBER = 40
IGNORE = ""
FIELDS = ("email", "first_name", "last_name", "company", "vat_number", "phone", "language", "newsletter",
          "own_number", "group")
# What "update the allowed fields" may change on an existing customer (never email, password, verification,
# blocks or approvals); the group only when the file has a group column mapped.
UPDATABLE = ("first_name", "last_name", "company", "vat_number", "phone", "language", "newsletter", "own_number",
             "group")
DELIMITER_CHOICES = {"auto": None, "semicolon": ";", "comma": ",", "tab": "\t"}
EXISTING_CHOICES = ("skip", "update")
MODES = ("all_or_nothing", "skip_bad")
PREVIEW_ROWS = 5
MAX_COLUMNS = 60

# Header names people use, in English and French, compared without case, accents or punctuation.
_SYNONYMS = {
    "email": ["email", "e-mail", "mail", "email address", "adresse e-mail", "adresse email", "courriel",
              "adresse electronique"],
    "first_name": ["first name", "firstname", "given name", "forename", "prénom", "prenom"],
    "last_name": ["last name", "lastname", "surname", "family name", "name", "nom", "nom de famille"],
    "company": ["company", "company name", "organisation", "organization", "société", "societe", "entreprise",
                "raison sociale"],
    "vat_number": ["vat", "vat number", "vat no", "vat id", "tva", "numéro de tva", "n° tva", "no tva",
                   "tva intracommunautaire", "numéro de tva intracommunautaire"],
    "phone": ["phone", "phone number", "telephone", "téléphone", "tel", "tél", "mobile", "portable"],
    "language": ["language", "lang", "langue"],
    "newsletter": ["newsletter", "newsletter opt in", "opt in", "lettre d'information", "infolettre"],
    "own_number": ["own number", "our number", "customer reference", "reference", "account number",
                   "numéro propre", "notre numéro", "référence client", "référence", "numéro de compte"],
    "group": ["group", "customer group", "groupe", "groupe client", "groupe de clients"],
}
_PASSWORD_HEADERS = ["password", "password hash", "passwd", "pwd", "mot de passe", "mdp"]
_YES = {"yes", "y", "true", "1", "x", "oui", "o", "vrai"}
_NO = {"no", "n", "false", "0", "non", "faux", ""}
_LANGUAGE_NAMES = {"english": "en", "anglais": "en", "french": "fr", "français": "fr", "francais": "fr"}


class ImportRefused(ValueError):
    """The file (or the choices) cannot be imported at all: `key` is the message."""

    def __init__(self, key: str, **params: object):
        super().__init__(key)
        self.key, self.params = key, params


# --- reading the file -----------------------------------------------------------------------------

def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with: UTF-8 (its BOM dropped), else Windows-1252."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ImportRefused("admin.transfer.import.error.too_large")
    if not data.strip():
        raise ImportRefused("admin.transfer.import.error.empty")
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as error:
        raise ImportRefused("admin.transfer.import.error.unreadable") from error


def choose_delimiter(text: str, choice: str = "auto") -> str:
    """The chosen delimiter, or the one csv.Sniffer finds in the first lines (`;` when it cannot tell)."""
    if choice not in DELIMITER_CHOICES:
        raise ImportRefused("admin.transfer.import.error.delimiter")
    chosen = DELIMITER_CHOICES[choice]
    if chosen:
        return chosen
    sample = "\n".join(text[:20_000].splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return max((";", ",", "\t"), key=first.count)


@dataclass
class Table:
    encoding: str
    delimiter: str
    headers: list[str]
    rows: list[tuple[int, list[str]]]  # (line number in the file, cells)


def read_table(data: bytes, delimiter_choice: str = "auto") -> Table:
    text, encoding = decode(data)
    delimiter = choose_delimiter(text, delimiter_choice)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader, None)
        line = reader.line_num
        for cells in reader:
            start, line = line + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows.append((start, cells))
    except csv.Error as error:
        raise ImportRefused("admin.transfer.import.error.unreadable") from error
    if not header or not any(cell.strip() for cell in header):
        raise ImportRefused("admin.transfer.import.error.empty")
    if len(header) > MAX_COLUMNS:
        raise ImportRefused("admin.transfer.import.error.columns")
    return Table(encoding=encoding, delimiter=delimiter, headers=[cell.strip()[:80] for cell in header], rows=rows)


def _plain(name: str) -> str:
    """"Prénom " -> "prenom", "E-mail" -> "email": no case, accents, punctuation or spaces."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    return "".join(ch for ch in decomposed if ch.isalnum())


_BY_HEADER = {_plain(name): field_name for field_name, names in _SYNONYMS.items() for name in names}
_PASSWORDS = {_plain(name) for name in _PASSWORD_HEADERS}


def _export_headers() -> dict[str, str]:
    """The export's own column titles (both languages) map back to the same fields: an export re-imports."""
    from shop.i18n import CATALOGUES

    names = {"customer_number": None, "own_number": "own_number", "email": "email", "first_name": "first_name",
             "last_name": "last_name", "company": "company", "vat_number": "vat_number", "phone": "phone",
             "language": "language", "newsletter": "newsletter", "group": "group"}
    found = {}
    for catalogue in CATALOGUES.values():
        for column, field_name in names.items():
            title = catalogue.get(f"admin.transfer.column.{column}")
            if title and field_name:
                found[_plain(title)] = field_name
    return found


def is_password_column(header: str) -> bool:
    return _plain(header) in _PASSWORDS or "password" in _plain(header) or "motdepasse" in _plain(header)


def guess_mapping(headers: list[str]) -> list[str]:
    """A field (or IGNORE) per column, from the header names; each field once, never a password column."""
    known = {**_BY_HEADER, **_export_headers()}
    mapping: list[str] = []
    for header in headers:
        guess = IGNORE if is_password_column(header) else known.get(_plain(header), IGNORE)
        mapping.append(IGNORE if guess in mapping else guess)
    return mapping


def check_mapping(mapping: object, column_count: int) -> list[str]:
    """The mapping as sent by a browser: one known field or IGNORE per column, each field once, an email."""
    if not isinstance(mapping, list) or len(mapping) != column_count:
        raise ImportRefused("admin.transfer.import.error.mapping")
    chosen = [value for value in mapping if value != IGNORE]
    if any(not isinstance(value, str) or value not in FIELDS for value in chosen) or len(set(chosen)) != len(chosen):
        raise ImportRefused("admin.transfer.import.error.mapping")
    if "email" not in chosen:
        raise ImportRefused("admin.transfer.import.error.no_email")
    return list(mapping)


# --- checking and writing the rows ----------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    line: int
    field: str  # a FIELDS name, or "row"
    key: str  # the message
    params: dict = field(default_factory=dict)


@dataclass
class ImportResult:
    batch: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped_existing: int = 0
    rejected: int = 0  # rows with a problem (not written)
    invited: int = 0
    written: bool = False  # False: all or nothing, and something was wrong
    problems: list[Problem] = field(default_factory=list)


def _unescaped(cell: str) -> str:
    """A cell as typed: without the apostrophe our export puts before "=", "+", "-", "@"."""
    cell = cell.strip()
    return cell[1:] if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_STARTS else cell


def _flag(raw: str, name: str) -> bool:
    value = raw.strip().lower()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise FieldError(name, "admin.transfer.import.error.yes_no")


def _language(raw: str) -> str:
    value = raw.strip().lower()
    value = _LANGUAGE_NAMES.get(value, value)
    if value[:2] in LANGUAGES and (len(value) == 2 or value[2] in "-_"):
        return value[:2]
    raise FieldError("language", "admin.transfer.import.error.language")


# The profile validators speak to the customer ("Enter your email address"): the report speaks to the merchant.
_MERCHANT_WORDING = {
    "error.email_required": "admin.transfer.import.error.email_required",
    "error.email_invalid": "admin.transfer.import.error.email_invalid",
    "error.phone_invalid": "admin.transfer.import.error.phone_invalid",
    "profile.error.vat_invalid": "admin.transfer.import.error.vat_invalid",
    "error.too_long": "admin.transfer.import.error.too_long",
    "error.invalid": "admin.transfer.import.error.invalid",
    "error.required": "admin.transfer.import.error.invalid",
}


@dataclass
class _Row:
    line: int
    values: dict[str, object]  # cleaned, only the mapped non-blank cells (email always)


class _Checker:
    def __init__(self, db: Session, table: Table, mapping: list[str]):
        self.mapping = mapping
        self.region = get_store_settings(db).shop_country or "FR"
        groups = db.exec(select(CustomerGroup.id, CustomerGroup.name))
        self.groups = {name.lower(): group_id for group_id, name in groups}

    def clean(self, line: int, cells: list[str]) -> tuple[_Row | None, list[Problem]]:
        values: dict[str, object] = {}
        problems: list[Problem] = []
        for index, field_name in enumerate(self.mapping):
            if field_name == IGNORE:
                continue
            raw = _unescaped(cells[index]) if index < len(cells) else ""
            if not raw and field_name != "email":
                continue
            try:
                values[field_name] = self._clean_field(field_name, raw)
            except FieldError as error:
                problems.append(Problem(line, field_name, _MERCHANT_WORDING.get(error.key, error.key)))
        return (None if problems else _Row(line, values)), problems

    def _clean_field(self, name: str, raw: str) -> object:
        if name == "email":
            return normalize_email(raw)
        if name in ("first_name", "last_name"):
            return clean_text(raw, name, max_length=MAX_NAME)
        if name == "company":
            return clean_text(raw, name, max_length=MAX_COMPANY)
        if name == "vat_number":
            return clean_vat_number(raw, None)
        if name == "phone":
            return clean_phone(raw, self.region)
        if name == "language":
            return _language(raw)
        if name == "newsletter":
            return _flag(raw, name)
        if name == "own_number":
            return clean_text(raw, name, max_length=MAX_OWN_NUMBER)
        group_id = self.groups.get(raw.strip().lower())
        if group_id is None:
            raise FieldError("group", "admin.transfer.import.error.group")
        return group_id


def _chunks(items: list, size: int = 500):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def new_batch_tag(now: datetime | None = None) -> str:
    """"import-2026-11-30-1a2b": the date, and four random hex digits to tell two imports of a day apart."""
    return f"import-{(now or utcnow()):%Y-%m-%d}-{secrets.token_hex(2)}"


_ATTRIBUTES = {"newsletter": "newsletter_opt_in", "group": "group_id"}


def _insert_customers(db: Session, rows: list[dict], *, batch: str, default_language: str, approved: bool) -> int:
    """Insert new customers as records.create_customer does (source "import", not verified, no password,
    the number "C" + the row id), with one executemany instead of two flushes a customer."""
    if not rows:
        return 0
    now = utcnow()
    table = Customer.__table__
    db.execute(sa.insert(table), [{
        "customer_number": f"tmp-{uuid.uuid4().hex[:12]}", "own_number": values.get("own_number"),
        "email": values["email"], "password_hash": None, "first_name": values.get("first_name", ""),
        "last_name": values.get("last_name", ""), "company": values.get("company", ""),
        "vat_number": values.get("vat_number", ""), "phone": values.get("phone", ""),
        "language": values.get("language", default_language), "newsletter_opt_in": values.get("newsletter", False),
        "email_verified_at": None, "is_blocked": False, "approved_buyer": approved, "tax_exempt": False,
        "pay_on_invoice": False, "source": "import", "notes": "", "order_count": 0, "total_spent_cents": 0,
        "last_order_at": None, "import_batch": batch, "group_id": values.get("group"), "created_at": now,
        "updated_at": now, "last_sign_in_at": None,
    } for values in rows])
    ids = db.exec(select(Customer.id).where(Customer.import_batch == batch, Customer.customer_number.like("tmp-%")))
    numbers = [{"row_id": customer_id, "number": f"C{customer_id:05d}"} for customer_id in ids]
    db.execute(sa.update(table).where(table.c.id == sa.bindparam("row_id"))
               .values(customer_number=sa.bindparam("number")), numbers)
    return len(numbers)


def import_customers(db: Session, table: Table, mapping: list[str], *, existing: str = "skip",
                     mode: str = "all_or_nothing", invite: bool = False, merchant_user_id: int | None = None,
                     on_progress: Callable[[int, int], None] | None = None, now: datetime | None = None
                     ) -> ImportResult:
    """Check every row, then write (in the caller's one transaction). All or nothing: one bad row and nothing
    is written. Skip the bad rows: the good ones are written, the others reported."""
    if existing not in EXISTING_CHOICES or mode not in MODES or not isinstance(invite, bool):
        raise ImportRefused("admin.transfer.import.error.options")
    mapping = check_mapping(mapping, len(table.headers))
    total = len(table.rows)
    report = (lambda done: on_progress(done, 2 * total)) if on_progress else (lambda done: None)  # noqa: E731
    result = ImportResult(rows=total)
    checker = _Checker(db, table, mapping)

    # 1. Each row on its own.
    checked: list[_Row] = []
    for done, (line, cells) in enumerate(table.rows, start=1):
        row, problems = checker.clean(line, cells)
        result.problems.extend(problems)
        if row is not None:
            checked.append(row)
        if done % 500 == 0:
            report(done)

    # 2. Rows against each other and against the register: repeated emails, own numbers in use.
    emails = [row.values["email"] for row in checked]
    found: dict[str, Customer] = {}
    for chunk in _chunks(sorted(set(emails))):
        for customer in db.exec(select(Customer).where(func.lower(Customer.email).in_(chunk))):
            found[customer.email.lower()] = customer
    # Own numbers are the same whatever their case, as on the customer card ("ACC-1" is "acc-1").
    own_numbers = sorted({str(row.values["own_number"]).lower() for row in checked if "own_number" in row.values})
    own_taken: dict[str, int] = {}
    for chunk in _chunks(own_numbers):
        rows = db.exec(select(func.lower(Customer.own_number), Customer.id)
                       .where(func.lower(Customer.own_number).in_(chunk)))
        own_taken.update((number, customer_id) for number, customer_id in rows)
    first_line: dict[str, int] = {}
    own_line: dict[str, int] = {}
    valid: list[_Row] = []
    for row in checked:
        email = str(row.values["email"])
        if email in first_line:
            result.problems.append(Problem(row.line, "email", "admin.transfer.import.error.duplicate",
                                           {"line": first_line[email]}))
            continue
        first_line[email] = row.line
        own = row.values.get("own_number")
        if own is not None:
            own_key = str(own).lower()
            owner = own_taken.get(own_key)
            mine = found.get(email)
            if owner is not None and (mine is None or owner != mine.id):
                result.problems.append(Problem(row.line, "own_number", "admin.transfer.import.error.own_number_taken"))
                continue
            if own_key in own_line:
                result.problems.append(Problem(row.line, "own_number", "admin.transfer.import.error.duplicate",
                                               {"line": own_line[own_key]}))
                continue
            own_line[own_key] = row.line
        valid.append(row)
    result.problems.sort(key=lambda problem: problem.line)
    result.rejected = len({problem.line for problem in result.problems})
    if mode == "all_or_nothing" and result.problems:
        report(2 * total)
        return result

    # 3. Write: existing customers through the ORM, new ones in bulk (10,000 rows in a few seconds).
    result.batch = new_batch_tag(now)
    settings = get_store_settings(db)
    new_rows: list[dict] = []
    for done, row in enumerate(valid, start=total - len(valid) + 1):
        values = row.values
        customer = found.get(str(values["email"]))
        if customer is None:
            new_rows.append(values)
        elif existing == "update":
            for name in UPDATABLE:
                if name in values:
                    setattr(customer, _ATTRIBUTES.get(name, name), values[name])
            customer.updated_at = utcnow()
            db.add(customer)
            result.updated += 1
        else:
            result.skipped_existing += 1
        if done % 500 == 0:
            report(done + total)
    db.flush()
    result.created = _insert_customers(db, new_rows, batch=result.batch, default_language=settings.default_language,
                                       approved=not settings.approved_buyers_only)
    if invite and result.created:
        for customer in db.exec(select(Customer).where(Customer.import_batch == result.batch).order_by(Customer.id)):
            invite_customer(db, customer, merchant_user_id=merchant_user_id)
        result.invited = result.created
    result.written = True
    audit.record(db, "customers.imported", merchant_user_id=merchant_user_id,
                 detail=f"{result.batch}: {result.created} created, {result.updated} updated, "
                        f"{result.skipped_existing} existing skipped, {result.rejected} rows refused, "
                        f"{result.invited} invited, {mode}")
    report(2 * total)
    return result
