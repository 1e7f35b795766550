"""Toasts, made once per message and kind.

Reflex builds a toast's browser call anew on every call, through `inspect.signature`: that was a tenth of
an "Add to cart" event. The event it makes is immutable, so the same message reuses it.
"""

from __future__ import annotations

from functools import lru_cache

import reflex as rx


@lru_cache(maxsize=2048)
def _toast(kind: str, message: str, position: str | None) -> rx.event.EventSpec:
    return getattr(rx.toast, kind)(message, **({"position": position} if position else {}))


def success(message: str, *, position: str | None = None) -> rx.event.EventSpec:
    return _toast("success", message, position)


def error(message: str, *, position: str | None = None) -> rx.event.EventSpec:
    return _toast("error", message, position)


def warning(message: str, *, position: str | None = None) -> rx.event.EventSpec:
    return _toast("warning", message, position)
