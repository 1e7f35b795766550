"""A data table that scrolls sideways on a phone instead of squeezing its columns."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from storefront.state.app import t


def scrolling_table(columns: list[tuple[str, bool]], rows: rx.Var, render_row: Callable) -> rx.Component:
    """`columns` are (message key, right-aligned) pairs; `render_row` turns one item into a table row."""
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[
                rx.table.column_header_cell(t(key), text_align="right" if right else "left")
                for key, right in columns
            ])),
            rx.table.body(rx.foreach(rows, render_row)),
            variant="surface",
            width="100%",
        ),
        overflow_x="auto",
        width="100%",
    )
