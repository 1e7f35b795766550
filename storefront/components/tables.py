"""A data table that scrolls sideways on a phone instead of squeezing its columns."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from storefront.state.app import t


def phone_hidden(*column_numbers: int) -> str:
    """The class that hides these table columns (1-based, 2 to 9) on a phone; see styles.css."""
    return " ".join(f"phone-hide-{number}" for number in column_numbers)


def scrolling_table(columns: list[tuple[str, bool]], rows: rx.Var, render_row: Callable,
                    hide_on_phone: tuple[int, ...] = ()) -> rx.Component:
    """`columns` are (message key, right-aligned) pairs; `render_row` turns one item into a table row.
    `hide_on_phone` lists the column numbers (1-based) a phone can do without."""
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*[
                rx.table.column_header_cell(t(key), text_align="right" if right else "left")
                for key, right in columns
            ])),
            rx.table.body(rx.foreach(rows, render_row)),
            variant="surface",
            width="100%",
            class_name=phone_hidden(*hide_on_phone),
        ),
        overflow_x="auto",
        width="100%",
    )
