"""Plain HTML elements wearing Radix Themes' own classes, for the parts every page renders.

`rx.link`, `rx.text` or `rx.hstack` is a React component that works out its classes from its props on
every render (Radix's prop parsing, and Emotion for style props). The shop's header, footer and the
account's menu render on every page and on every navigation; built from these helpers they produce the
same HTML, classes and look (the stylesheet is Radix's; the few style props live in assets/styles.css),
without that work. Measured on a sign-in, which re-renders the header and then mounts a whole page:
the shell cost ~25 ms of the ~110 ms the shop adds to the password check. Interactive widgets (buttons,
menus, dialogs, forms) stay Radix components.
"""

from __future__ import annotations

import reflex as rx
from reflex_components_core.react_router.dom import ReactRouterLink


def _classes(*names: str | None) -> str:
    return " ".join(name for name in names if name)


def _responsive(utility: str, value: str | None) -> str | None:
    """Radix's classes for a prop's value, responsive as Radix writes them: ("rt-r-size", "5 sm:6") gives
    "rt-r-size-5 sm:rt-r-size-6"."""
    if not value:
        return None
    classes = []
    for part in value.split():
        breakpoint, _, each = part.rpartition(":")
        classes.append(f"{breakpoint}:{utility}-{each}" if breakpoint else f"{utility}-{each}")
    return " ".join(classes)


def link(*children: rx.Component | rx.Var | str, href: str | rx.Var, size: str | None = None,
         underline: str = "auto", high_contrast: bool = False, color: str = "gray", hover_color: bool = True,
         class_name: str = "") -> rx.Component:
    """`rx.link(...)`: React Router's link (it moves within the app, and leaves it as a plain link does for
    mailto: or another site). `hover_color`: the colour Reflex gives a link under the pointer (off when the
    link styles its own hover)."""
    props = {
        "class_name": _classes("rt-Text rt-reset rt-Link", _responsive("rt-r-size", size), f"rt-underline-{underline}",
                               high_contrast and "rt-high-contrast", hover_color and "plain-link", class_name),
        "data_accent_color": color,
    }
    return ReactRouterLink.create(*children, to=href, **props)


def text(*children: rx.Component | rx.Var | str, size: str | None = None, weight: str | None = None,
         color: str | None = None, class_name: str = "") -> rx.Component:
    """`rx.text(...)`: a <p>. `size` may be responsive, as Radix writes it: "5 sm:6"."""
    props = {"data_accent_color": color} if color else {}
    return rx.el.p(*children, class_name=_classes("rt-Text", _responsive("rt-r-size", size),
                                                  _responsive("rt-r-weight", weight), class_name), **props)


_JUSTIFY = {"between": "space-between"}  # Radix's class names for its `justify` values


def stack(*children: rx.Component, direction: str = "row", align: str | None = None, justify: str | None = None,
          gap: str | None = None, wrap: str | None = None, class_name: str = "") -> rx.Component:
    """`rx.hstack` / `rx.vstack` / `rx.flex`: a flex <div>. `direction` may be responsive: "column sm:row"."""
    return rx.el.div(*children, class_name=_classes(
        "rt-Flex", _responsive("rt-r-fd", direction), _responsive("rt-r-ai", align),
        _responsive("rt-r-jc", _JUSTIFY.get(justify, justify)), _responsive("rt-r-gap", gap),
        _responsive("rt-r-fw", wrap), class_name))


def spacer() -> rx.Component:
    """`rx.spacer()`: takes the free space of a flex row."""
    return rx.el.div(class_name="rt-Flex plain-spacer")


def badge(*children: rx.Component | rx.Var | str, variant: str = "solid", radius: str = "full") -> rx.Component:
    """`rx.badge(...)` in the theme's accent colour."""
    return rx.el.span(*children, class_name=f"rt-reset rt-Badge rt-r-size-1 rt-variant-{variant}",
                      data_accent_color="", data_radius=radius)


def heading(*children: rx.Component | rx.Var | str, as_: str = "h2", size: str = "6", weight: str | None = None,
            class_name: str = "") -> rx.Component:
    """`rx.heading(...)`: an <h1>..<h6> (`as_`). `size` may be responsive: "6 sm:7"."""
    return getattr(rx.el, as_)(*children, class_name=_classes(
        "rt-Heading", _responsive("rt-r-size", size), _responsive("rt-r-weight", weight), class_name))


def grid(*children: rx.Component, columns: str | None = None, gap: str | None = None,
         class_name: str = "") -> rx.Component:
    """`rx.grid(...)`: a grid <div>. `columns` may be responsive, as Radix writes it: "1 sm:2 lg:3"."""
    return rx.el.div(*children, class_name=_classes("rt-Grid", _responsive("rt-r-gtc", columns),
                                                    _responsive("rt-r-gap", gap), class_name))


def card(*children: rx.Component, class_name: str = "") -> rx.Component:
    """`rx.card(...)`, size 1, surface variant."""
    return rx.el.div(*children, class_name=_classes("rt-reset rt-BaseCard rt-Card rt-r-size-1 rt-variant-surface",
                                                    class_name))
