"""/admin/customers/import: "Import and export": the export of the register's customers (its filters, or a
selection) on top, the CSV import below."""

from __future__ import annotations

import reflex as rx

from backoffice.pages.layout import admin_page, page_heading
from backoffice.state.auth import AdminState
from backoffice.state.transfer import TransferState
from shop import routes
from shop.transfer.customer_import import FIELDS, MAX_UPLOAD_BYTES
from storefront.components.tables import scrolling_table
from storefront.state.app import t, t_format

UPLOAD_ID = "customer_import_file"
SELECT_STYLE = {
    "width": "100%", "height": "36px", "padding": "0 0.5rem", "border_radius": "var(--radius-2)",
    "border": "1px solid var(--gray-a7)", "background": "var(--color-surface)", "font_size": "14px",
    "color": "var(--gray-12)",
}


def labelled_select(label: rx.Var, select_id: str | rx.Var, value: rx.Var, on_change, options: list[tuple[str, str]],
                    disabled: rx.Var | bool = False) -> rx.Component:
    """A native select with its visible label: (value, message key) options."""
    return rx.vstack(
        rx.el.label(label, html_for=select_id, font_weight="500", font_size="14px"),
        rx.el.select(*[rx.el.option(t(key), value=option) for option, key in options], id=select_id, value=value,
                     on_change=on_change, disabled=disabled, **SELECT_STYLE),
        spacing="1",
        width="100%",
    )


def section(title_key: str, *children: rx.Component) -> rx.Component:
    return rx.card(
        rx.vstack(rx.heading(t(title_key), as_="h2", size="5"), *children, spacing="4", width="100%"),
        width="100%",
        size="3",
    )


def progress_bar(label_key: str, running: rx.Var, value: rx.Var) -> rx.Component:
    """The progress of a background task; it stays, full, once the task is done."""
    return rx.vstack(
        rx.text(t(label_key), rx.cond(running, " …", " ✓"), size="2", color_scheme="gray"),
        rx.progress(value=value, max=100, aria_label=t(label_key), width="100%"),
        spacing="1",
        width="100%",
    )


# --- export ---------------------------------------------------------------------------------------

def export_form() -> rx.Component:
    busy = ~rx.State.is_hydrated | TransferState.exporting
    return rx.vstack(
        rx.text(TransferState.export_summary, weight="medium"),
        rx.text(t("admin.transfer.export.columns"), size="2", color_scheme="gray"),
        rx.grid(
            labelled_select(t("admin.transfer.export.format"), "export-format", TransferState.export_format,
                            TransferState.set_export_format,
                            [("csv", "admin.transfer.format.csv"), ("xlsx", "admin.transfer.format.xlsx"),
                             ("json", "admin.transfer.format.json")], disabled=TransferState.exporting),
            rx.cond(
                TransferState.export_format == "csv",
                labelled_select(t("admin.transfer.export.delimiter"), "export-delimiter",
                                TransferState.export_delimiter, TransferState.set_export_delimiter,
                                [(";", "admin.transfer.export.delimiter.semicolon"),
                                 (",", "admin.transfer.export.delimiter.comma")], disabled=TransferState.exporting),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="4",
            width="100%",
        ),
        rx.button(rx.icon("file-down", size=16), t("admin.transfer.export.start"), on_click=TransferState.start_export,
                  disabled=busy, loading=TransferState.exporting, aria_busy=rx.cond(busy, "true", "false"), size="3"),
        rx.cond(TransferState.exporting | (TransferState.export_link != ""),
                progress_bar("admin.transfer.export.progress", TransferState.exporting,
                             TransferState.export_progress)),
        rx.cond(
            TransferState.export_message != "",
            rx.callout(TransferState.export_message, icon="info", role="status", width="100%",
                       color_scheme=rx.cond(TransferState.export_link != "", "grass", "amber")),
        ),
        rx.cond(
            TransferState.export_link != "",
            rx.vstack(
                rx.button(rx.el.a(rx.icon("download", size=16), t("admin.transfer.export.download"),
                                  href=TransferState.export_link, download="",
                                  # A document request (not the client router): the file's own response.
                                  reload_document=True),
                          as_child=True, size="3", color_scheme="grass"),
                rx.text(t("admin.transfer.export.link_note"), size="1", color_scheme="gray"),
                spacing="1",
            ),
        ),
        spacing="4",
        width="100%",
        align="start",
    )


def export_section() -> rx.Component:
    return section(
        "admin.transfer.export.heading",
        rx.cond(
            AdminState.is_owner,
            export_form(),
            rx.callout(t("admin.transfer.export.owner_only"), icon="lock", color_scheme="gray", role="status",
                       width="100%"),
        ),
    )


# --- import ---------------------------------------------------------------------------------------

def upload_zone() -> rx.Component:
    return rx.vstack(
        rx.text(t("admin.transfer.import.file"), weight="medium", size="2"),
        rx.upload.root(
            rx.vstack(
                rx.button(rx.icon("upload", size=16), t("admin.transfer.import.choose"), id="import-file-button",
                          type="button", variant="soft", disabled=~rx.State.is_hydrated | TransferState.uploading),
                rx.text(t("admin.transfer.import.drop"), size="2", color_scheme="gray"),
                align="center",
                spacing="2",
            ),
            id=UPLOAD_ID,
            multiple=False,
            max_files=1,
            max_size=MAX_UPLOAD_BYTES,
            accept={"text/csv": [".csv"], "text/plain": [".txt", ".csv"], "application/vnd.ms-excel": [".csv"]},
            on_drop=TransferState.upload_import(rx.upload_files(upload_id=UPLOAD_ID)),
            on_drop_rejected=TransferState.refuse_file,
            disabled=TransferState.importing,
            border="1px dashed var(--gray-a8)",
            border_radius="var(--radius-3)",
            padding="1.5rem 1rem",
            width="100%",
        ),
        spacing="1",
        width="100%",
    )


def column_card(column: rx.Var) -> rx.Component:
    select_id = "import-column-" + column["index"].to(str)
    return rx.box(
        rx.vstack(
            rx.el.label(t_format("admin.transfer.import.column", name=column["header"].to(str)), html_for=select_id,
                        font_weight="500", font_size="14px", word_break="break-word"),
            rx.el.select(
                rx.el.option(t("admin.transfer.field.ignore"), value=""),
                *[rx.el.option(t(f"admin.transfer.field.{name}"), value=name) for name in FIELDS],
                id=select_id, value=column["field"].to(str),
                on_change=lambda value: TransferState.set_column_field(column["index"].to(str), value),
                disabled=TransferState.importing, **SELECT_STYLE,
            ),
            rx.cond(column["sample"].to(str) != "",
                    rx.text(t_format("admin.transfer.import.sample", value=column["sample"].to(str)), size="1",
                            color_scheme="gray", word_break="break-all")),
            spacing="1",
            width="100%",
        ),
        padding="0.75rem",
        border="1px solid var(--gray-a5)",
        border_radius="var(--radius-3)",
        width="100%",
        min_width="0",
    )


def mapping_form() -> rx.Component:
    busy = ~rx.State.is_hydrated | TransferState.importing
    return rx.vstack(
        rx.text(TransferState.import_read_as, weight="medium", word_break="break-word"),
        rx.box(
            labelled_select(t("admin.transfer.import.delimiter"), "import-delimiter", TransferState.import_delimiter,
                            TransferState.set_import_delimiter,
                            [("auto", "admin.transfer.import.delimiter.auto"),
                             ("semicolon", "admin.transfer.import.delimiter.semicolon"),
                             ("comma", "admin.transfer.import.delimiter.comma"),
                             ("tab", "admin.transfer.import.delimiter.tab")], disabled=TransferState.importing),
            width="100%", max_width="320px",
        ),
        rx.foreach(TransferState.import_notes, lambda note: rx.callout(note, icon="key-round", color_scheme="amber",
                                                                       role="status", width="100%")),
        rx.heading(t("admin.transfer.import.mapping"), as_="h3", size="3"),
        rx.text(t("admin.transfer.import.mapping_hint"), size="2", color_scheme="gray"),
        rx.grid(rx.foreach(TransferState.import_columns, column_card), columns=rx.breakpoints(initial="1", sm="2",
                                                                                                lg="3"),
                spacing="3", width="100%"),
        rx.grid(
            labelled_select(t("admin.transfer.import.existing"), "import-existing", TransferState.import_existing,
                            TransferState.set_import_existing,
                            [("skip", "admin.transfer.import.existing.skip"),
                             ("update", "admin.transfer.import.existing.update")], disabled=TransferState.importing),
            labelled_select(t("admin.transfer.import.mode"), "import-mode", TransferState.import_mode,
                            TransferState.set_import_mode,
                            [("all_or_nothing", "admin.transfer.import.mode.all_or_nothing"),
                             ("skip_bad", "admin.transfer.import.mode.skip_bad")], disabled=TransferState.importing),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="4",
            width="100%",
        ),
        rx.el.label(
            rx.hstack(
                rx.checkbox(checked=TransferState.import_invite, on_change=TransferState.set_import_invite,
                            disabled=TransferState.importing, aria_label=t("admin.transfer.import.invite")),
                rx.text(t("admin.transfer.import.invite"), size="2"),
                spacing="2",
                align="center",
            ),
            cursor="pointer",
        ),
        rx.flex(
            rx.button(rx.icon("file-up", size=16), t("admin.transfer.import.start"),
                      on_click=TransferState.start_import, disabled=busy, loading=TransferState.importing,
                      aria_busy=rx.cond(busy, "true", "false"), size="3"),
            rx.button(t("admin.transfer.import.cancel"), on_click=TransferState.reset_import, variant="soft",
                      color_scheme="gray", size="3", disabled=busy),
            gap="3",
            wrap="wrap",
        ),
        spacing="4",
        width="100%",
        align="start",
    )


def report_row(problem: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(problem["line"], text_align="right"),
        rx.table.cell(problem["field"]),
        rx.table.cell(problem["reason"]),
    )


def import_result() -> rx.Component:
    return rx.vstack(
        # Two callouts rather than one with a computed icon name: a computed name makes Reflex bundle every
        # lucide icon (1,800 chunks) for lucide's dynamic loader.
        rx.cond(
            TransferState.import_written,
            rx.callout(TransferState.import_summary, icon="check", color_scheme="grass", role="status", width="100%"),
            rx.callout(TransferState.import_summary, icon="triangle_alert", color_scheme="red", role="status",
                       width="100%"),
        ),
        rx.cond(TransferState.import_rejected_note != "",
                rx.text(TransferState.import_rejected_note, size="2", color_scheme="amber")),
        rx.cond(
            TransferState.import_report.length() > 0,
            rx.vstack(
                rx.heading(t("admin.transfer.import.report"), as_="h3", size="3"),
                scrolling_table([("admin.transfer.import.report.line", True),
                                 ("admin.transfer.import.report.field", False),
                                 ("admin.transfer.import.report.reason", False)],
                                TransferState.import_report, report_row),
                rx.cond(TransferState.import_report_note != "",
                        rx.text(TransferState.import_report_note, size="1", color_scheme="gray")),
                spacing="2",
                width="100%",
            ),
        ),
        rx.cond(TransferState.import_written,
                rx.button(t("admin.transfer.import.again"), on_click=TransferState.reset_import, variant="soft",
                          size="3")),
        spacing="3",
        width="100%",
        align="start",
    )


def import_section() -> rx.Component:
    return section(
        "admin.transfer.import.heading",
        rx.text(t("admin.transfer.import.intro"), size="2", color_scheme="gray"),
        rx.cond(
            AdminState.can_edit,
            rx.vstack(
                rx.cond((TransferState.import_headers.length() == 0) & ~TransferState.import_written, upload_zone()),
                rx.cond(TransferState.import_error != "",
                        rx.callout(TransferState.import_error, icon="triangle_alert", color_scheme="red",
                                   role="alert", width="100%")),
                rx.cond(TransferState.import_headers.length() > 0, mapping_form()),
                rx.cond(TransferState.importing | TransferState.import_finished,
                        progress_bar("admin.transfer.import.progress", TransferState.importing,
                                     TransferState.import_progress)),
                rx.cond(TransferState.import_finished, import_result()),
                spacing="4",
                width="100%",
            ),
            rx.callout(t("admin.refused.read_only"), icon="lock", color_scheme="gray", role="status", width="100%"),
        ),
    )


@admin_page(routes.ADMIN_CUSTOMERS_IMPORT, "admin.transfer.title", state=TransferState)
def admin_transfer() -> rx.Component:
    return rx.vstack(
        rx.link(rx.hstack(rx.icon("arrow-left", size=14), t("admin.transfer.back"), spacing="1", align="center"),
                href=routes.ADMIN_CUSTOMERS, size="2"),
        page_heading("admin.transfer.title"),
        rx.text(t("admin.transfer.intro"), color_scheme="gray", margin_top="-1rem"),
        export_section(),
        import_section(),
        spacing="5",
        width="100%",
    )
