"""/admin/customers/import: export the register's customers (owners) and import customers from CSV (EDIT).

Both run as background tasks: the file work runs in a worker thread with its own transaction, and the
task copies its progress into the page a few times a second. The export's file stays on the server, in
a private directory, until the merchant downloads it once through its link (backoffice/downloads.py).

Importing needs the EDIT permission (not read-only staff), sending invitations included: inviting is
what a merchant does for one customer from the customer card with the same permission, and an import
without invitations would leave the new customers without a way to set a password.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import threading
from pathlib import Path

import reflex as rx
from sqlmodel import Session

from backoffice.state.auth import AdminState, NotSignedIn, checked_merchant
from shop import routes
from shop.customers.register import RegisterQuery, query_from_params, query_to_params
from shop.i18n import LANGUAGES
from shop.merchants.permissions import Permission, PermissionDenied, allows
from shop.models import MerchantUser
from shop.settings.store import get_store_settings
from shop.transfer import customer_import, export
from shop.transfer.customer_import import ImportRefused, ImportResult
from storefront.state.app import AppState, language_var

MAX_REPORT_ROWS = 500  # shown on the page; the counts cover every row
POLL_SECONDS = 0.25


class _Progress:
    """Written by the worker thread, read by the task."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.percent = 0

    def update(self, done: int, total: int) -> None:
        with self._lock:
            self.percent = 100 if total <= 0 else min(100, int(done * 100 / total))


def run_export(token: str, query: RegisterQuery, fmt: str, delimiter: str, lang: str,
               progress: _Progress) -> tuple[export.ExportFile | None, int]:
    """The export, in one transaction, for an owner's live session: (the file, its link's token) and the count.
    Raises NotSignedIn or PermissionDenied; the file is ready for its link once this returns."""

    def run(db: Session):
        merchant = checked_merchant(db, token, Permission.OWNER)
        if export.count_matching(db, query) == 0:
            return None, 0
        made = export.new_export_file(token, fmt, merchant_user_id=merchant.id)
        try:
            count = export.write_export(db, query, fmt, made.path, delimiter=delimiter, lang=lang,
                                        on_progress=progress.update)
            export.audit_export(db, merchant_user_id=merchant.id, count=count, fmt=fmt, query=query)
        except BaseException:
            export.discard(made)
            raise
        return made, count

    made, count = AppState._work(run)
    if made is not None:
        export.mark_ready(made)
    return made, count


def run_import(token: str, path: str, choice: str, mapping: list[str], options: dict,
               progress: _Progress) -> ImportResult:
    """The import of the uploaded file, in one transaction, for a merchant who may edit customers."""
    table = customer_import.read_table(Path(path).read_bytes(), choice)

    def work(db: Session) -> ImportResult:
        merchant = checked_merchant(db, token, Permission.EDIT)
        return customer_import.import_customers(db, table, mapping, merchant_user_id=merchant.id,
                                                on_progress=progress.update, **options)

    return AppState._work(work)


async def _follow(task: asyncio.Future, progress: _Progress, state: TransferState, var: str):
    """Wait for the worker, copying its progress into the page; returns its result (or raises its error)."""
    while not task.done():
        await asyncio.wait({task}, timeout=POLL_SECONDS)
        async with state:
            setattr(state, var, progress.percent)
    return task.result()


class TransferState(AdminState):
    # --- export ---
    export_count: int = 0
    export_format: str = "csv"
    export_delimiter: str = ";"
    exporting: bool = False
    export_progress: int = 0
    export_link: str = ""  # the download link: random, single use, bound to this merchant's session cookie
    export_written: int = 0
    _export_params: dict[str, str] = {}
    _export_filters: dict[str, str] = {}  # language -> the filters in words
    _export_message: str = ""  # a message key

    # --- import ---
    uploading: bool = False
    import_file_name: str = ""
    import_rows: int = 0
    import_encoding: str = ""
    import_delimiter: str = "auto"
    import_headers: list[str] = []
    import_samples: list[str] = []
    import_mapping: list[str] = []
    import_password_columns: list[str] = []
    import_existing: str = "skip"
    import_mode: str = "all_or_nothing"
    import_invite: bool = False
    importing: bool = False
    import_progress: int = 0
    import_finished: bool = False
    import_written: bool = False
    import_counts: dict[str, str] = {}
    import_problem_total: int = 0
    _import_error: str = ""  # a message key
    _import_error_ref: str = ""
    _problems: list[dict] = []
    _upload_path: str = ""

    # --- what the page shows ---

    @language_var
    def export_summary(self) -> str:
        count = export.format_count(self.export_count, self.language)
        filters = self._export_filters.get(self.language, "")
        if filters:
            return self._t("admin.transfer.export.summary_filtered", count=count, filters=filters)
        return self._t("admin.transfer.export.summary_all", count=count)

    @language_var
    def export_message(self) -> str:
        if not self._export_message:
            return ""
        return self._t(self._export_message, count=export.format_count(self.export_written, self.language),
                       ref=self._import_error_ref)

    @language_var
    def import_error(self) -> str:
        return self._t(self._import_error, ref=self._import_error_ref) if self._import_error else ""

    @language_var
    def import_read_as(self) -> str:
        if not self.import_file_name:
            return ""
        return self._t("admin.transfer.import.read_as", name=self.import_file_name,
                       rows=export.format_count(self.import_rows, self.language), encoding=self.import_encoding)

    @rx.var
    def import_columns(self) -> list[dict[str, str]]:
        return [{"index": str(index), "header": header or f"#{index + 1}",
                 "sample": self.import_samples[index] if index < len(self.import_samples) else "",
                 "field": self.import_mapping[index] if index < len(self.import_mapping) else ""}
                for index, header in enumerate(self.import_headers)]

    @language_var
    def import_notes(self) -> list[str]:
        return [self._t("admin.transfer.import.password_ignored", name=name) for name in self.import_password_columns]

    @language_var
    def import_summary(self) -> str:
        counts = self.import_counts
        if not self.import_finished or not counts:
            return ""
        if not self.import_written:
            return self._t("admin.transfer.import.nothing_written", rejected=counts.get("rejected", "0"))
        return self._t("admin.transfer.import.done", batch=counts.get("batch", ""), created=counts.get("created", "0"),
                       updated=counts.get("updated", "0"), skipped=counts.get("skipped", "0"),
                       invited=counts.get("invited", "0"))

    @language_var
    def import_rejected_note(self) -> str:
        rejected = self.import_counts.get("rejected", "0")
        if not self.import_finished or not self.import_written or rejected == "0":
            return ""
        return self._t("admin.transfer.import.rejected", rejected=rejected)

    @language_var
    def import_report(self) -> list[dict[str, str]]:
        return [{"line": str(problem["line"]), "field": self._t(f"admin.transfer.field.{problem['field']}"),
                 "reason": self._t(problem["key"], **problem["params"])} for problem in self._problems]

    @language_var
    def import_report_note(self) -> str:
        if self.import_problem_total <= len(self._problems):
            return ""
        return self._t("admin.transfer.import.report_more", shown=len(self._problems), total=self.import_problem_total)

    # --- loading ---

    def _load(self, db: Session, merchant: MerchantUser):
        params = self.rx_router_url.query_parameters
        query = query_from_params({str(key): value for key, value in params.items()} if hasattr(params, "items")
                                  else {})
        settings = get_store_settings(db)
        self._export_params = query_to_params(query)
        owner = allows(merchant, Permission.OWNER)
        self.export_count = export.count_matching(db, query) if owner else 0
        self._export_filters = {lang: export.describe_query(db, query, lang) for lang in LANGUAGES} if owner else {}
        self.export_format = settings.export_format if settings.export_format in export.FORMATS else "csv"
        self.export_delimiter = settings.csv_delimiter if settings.csv_delimiter in export.DELIMITERS else ";"
        if not self.exporting:
            self.export_progress, self.export_link, self._export_message = 0, "", ""
        if not self.importing and not self._upload_path:
            self._clear_import()

    # --- export ---

    def set_export_format(self, value: str):
        if isinstance(value, str) and value in export.FORMATS and not self.exporting:
            self.export_format = value

    def set_export_delimiter(self, value: str):
        if isinstance(value, str) and value in export.DELIMITERS and not self.exporting:
            self.export_delimiter = value

    @rx.event(background=True)
    async def start_export(self):
        async with self:
            if self.exporting:
                return None
            token, lang = self._token(), self.language
            fmt, delimiter = self.export_format, self.export_delimiter
            query = query_from_params(self._export_params)
            self.exporting, self.export_progress, self.export_link, self._export_message = True, 0, "", ""
        progress = _Progress()
        task = asyncio.ensure_future(asyncio.to_thread(run_export, token, query, fmt, delimiter, lang, progress))
        try:
            made, count = await _follow(task, progress, self, "export_progress")
        except (NotSignedIn, PermissionDenied) as error:
            async with self:
                self.exporting, self.export_progress = False, 0
                return self._refusal(error)
        except Exception:
            async with self:
                self._import_error_ref = self._unexpected("start_export")
                self.exporting, self.export_progress, self._export_message = False, 0, "admin.transfer.export.failed"
            return None
        async with self:
            self.exporting, self.export_progress, self.export_written = False, 100, count
            if made is None:
                self._export_message = "admin.transfer.export.nothing"
            else:
                self._export_message = "admin.transfer.export.ready"
                self.export_link = f"{routes.ADMIN}/export-file/{made.token}"
        return None

    # --- import: the file ---

    def _clear_import(self) -> None:
        self._forget_upload()
        self.import_file_name, self.import_rows, self.import_encoding, self.import_delimiter = "", 0, "", "auto"
        self.import_headers, self.import_samples, self.import_mapping, self.import_password_columns = [], [], [], []
        self.import_progress, self.import_finished, self.import_written = 0, False, False
        self.import_counts, self._problems, self.import_problem_total = {}, [], 0
        self._import_error, self._import_error_ref = "", ""

    def _forget_upload(self) -> None:
        if self._upload_path:
            Path(self._upload_path).unlink(missing_ok=True)
            self._upload_path = ""

    def _may_import(self):
        """None when the merchant may import, else the refusal to return."""
        try:
            self._as_merchant(Permission.EDIT, lambda db, merchant: None)
        except (NotSignedIn, PermissionDenied) as error:
            return self._refusal(error)
        return None

    async def upload_import(self, files: list[rx.UploadFile]):
        if self.importing:
            return None
        refusal = self._may_import()
        if refusal is not None:
            return refusal
        self._clear_import()
        if not isinstance(files, list) or len(files) != 1 or not hasattr(files[0], "read"):
            self._import_error = "admin.transfer.import.error.no_file"
            return None
        upload = files[0]
        name = os.path.basename(str(getattr(upload, "filename", "") or ""))[:120]
        if not name.lower().endswith((".csv", ".txt")):
            self._import_error = "admin.transfer.import.error.not_csv"
            return None
        data = await upload.read(customer_import.MAX_UPLOAD_BYTES + 1)
        if len(data) > customer_import.MAX_UPLOAD_BYTES:
            self._import_error = "admin.transfer.import.error.too_large"
            return None
        path = export.private_dir() / f"upload-{secrets.token_hex(16)}.csv"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        self._upload_path, self.import_file_name = str(path), name
        await self._read_upload("auto")
        return None

    def refuse_file(self, rejected: list):
        """The browser refused the file before sending it (too large, or not a CSV file)."""
        if self.importing:
            return
        self._clear_import()
        too_large = isinstance(rejected, list) and any(
            isinstance(item, dict) and "too-large" in str(item.get("errors", "")) for item in rejected)
        self._import_error = "admin.transfer.import.error.too_large" if too_large else \
            "admin.transfer.import.error.not_csv"

    async def _read_upload(self, choice: str) -> None:
        path = self._upload_path
        try:
            table = await asyncio.to_thread(lambda: customer_import.read_table(Path(path).read_bytes(), choice))
        except (ImportRefused, OSError) as error:
            name = self.import_file_name
            self._clear_import()
            self.import_file_name = name
            self._import_error = error.key if isinstance(error, ImportRefused) else \
                "admin.transfer.import.error.no_file"
            return
        self.import_delimiter, self.import_rows, self.import_encoding = choice, len(table.rows), table.encoding
        self.import_headers = table.headers
        first = table.rows[0][1] if table.rows else []
        # A first value to recognise each column by; never a password's.
        self.import_samples = [customer_import._unescaped(first[index])[:60]
                               if index < len(first) and not customer_import.is_password_column(header) else ""
                               for index, header in enumerate(table.headers)]
        self.import_mapping = customer_import.guess_mapping(table.headers)
        self.import_password_columns = [header for header in table.headers
                                        if customer_import.is_password_column(header)]

    async def set_import_delimiter(self, choice: str):
        if not isinstance(choice, str) or choice not in customer_import.DELIMITER_CHOICES:
            return
        if self.importing or not self._upload_path:
            return
        self._import_error = ""
        await self._read_upload(choice)

    def set_column_field(self, index: str, field: str):
        """One column's field; a field chosen for another column leaves that column (each field once)."""
        if self.importing or not isinstance(index, str | int) or isinstance(index, bool):
            return
        position = int(index) if isinstance(index, int) or (index.isdigit() and len(index) <= 3) else -1
        if not 0 <= position < len(self.import_mapping):
            return
        if not isinstance(field, str) or (field and field not in customer_import.FIELDS):
            return
        mapping = [customer_import.IGNORE if field and value == field else value for value in self.import_mapping]
        mapping[position] = field
        self.import_mapping = mapping

    def set_import_existing(self, value: str):
        if isinstance(value, str) and value in customer_import.EXISTING_CHOICES and not self.importing:
            self.import_existing = value

    def set_import_mode(self, value: str):
        if isinstance(value, str) and value in customer_import.MODES and not self.importing:
            self.import_mode = value

    def set_import_invite(self, value: bool):
        if isinstance(value, bool) and not self.importing:
            self.import_invite = value

    def reset_import(self):
        if not self.importing:
            self._clear_import()

    # --- import: the run ---

    @rx.event(background=True)
    async def start_import(self):
        async with self:
            if self.importing or not self._upload_path:
                return None
            token, path, choice = self._token(), self._upload_path, self.import_delimiter
            mapping, existing, mode, invite = list(self.import_mapping), self.import_existing, self.import_mode, \
                self.import_invite
            self.importing, self.import_progress, self.import_finished = True, 0, False
            self._import_error, self._problems, self.import_counts = "", [], {}
        progress = _Progress()
        options = {"existing": existing, "mode": mode, "invite": invite}
        task = asyncio.ensure_future(asyncio.to_thread(run_import, token, path, choice, mapping, options, progress))
        try:
            result = await _follow(task, progress, self, "import_progress")
        except (NotSignedIn, PermissionDenied) as error:
            async with self:
                self.importing, self.import_progress = False, 0
                return self._refusal(error)
        except ImportRefused as refused:
            async with self:
                self.importing, self.import_progress, self._import_error = False, 0, refused.key
            return None
        except Exception:
            async with self:
                self._import_error_ref = self._unexpected("start_import")
                self.importing, self.import_progress = False, 0
                self._import_error = "admin.transfer.import.error.failed"
            return None
        async with self:
            self.importing, self.import_progress, self.import_finished = False, 100, True
            self.import_written = result.written
            self.import_counts = {"batch": result.batch, "created": str(result.created),
                                  "updated": str(result.updated), "skipped": str(result.skipped_existing),
                                  "rejected": str(result.rejected), "invited": str(result.invited)}
            self.import_problem_total = len(result.problems)
            self._problems = [{"line": problem.line, "field": problem.field, "key": problem.key,
                               "params": dict(problem.params)} for problem in result.problems[:MAX_REPORT_ROWS]]
            if result.written:
                # Done: the file goes; the report stays on screen until another file is chosen.
                self._forget_upload()
                self.import_headers, self.import_mapping, self.import_samples = [], [], []
        return None
