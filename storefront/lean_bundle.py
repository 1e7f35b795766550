"""A Reflex build plugin that makes the first page load fetch fewer, smaller files (issue 11's Lighthouse targets).

Left to itself, the bundler gives every Radix component and every lucide icon its own chunk, because each is
used by a different set of pages: the home page fetched 33 scripts before its first paint (the bare Reflex app
13), and on a phone's link every one of them is a round trip. The plugin puts the UI libraries into one
chunk, which every page needs anyway.

Reflex also hands the whole Radix Themes library to `window.__reflex`, for components a server may send at run
time. This shop sends none, and that one import made every page download every Radix component (select,
slider, theme panel…: 32 KiB gzip of the home page's 250). The plugin drops it (with
`frontend_lazy_bundled_libraries`, it is one line of the app's root).

Radix's stylesheet carries all 30 colour scales (35 KiB of the 86 KiB gzip); the shop uses the ten in
`COLOR_SCALES`, so only those are imported. `tests/test_lean_bundle.py` fails when the code uses a colour
missing here.

The three edits patch files Reflex writes, at anchors that fail the build loudly if a Reflex upgrade moves them.
"""

from __future__ import annotations

import reflex as rx

from storefront.components.theme import ACCENT, GRAY

VITE_CONFIG = "vite.config.js"
ROOT_STYLESHEET = "styles/__reflex_global_styles.css"
APP_ROOT = "app/root.jsx"

# Every colour scale the pages use: the theme's accent and gray, `color_scheme=` values, and crimson for
# Reflex's own connection-error icon.
COLOR_SCALES = tuple(sorted({ACCENT, GRAY, "gray", "red", "amber", "blue", "cyan", "violet", "iris", "crimson"}))

# Libraries every page uses; one chunk for all of them instead of one per component and per icon.
UI_LIBRARIES = ("@radix-ui", "radix-ui", "lucide-react", "@floating-ui", "react-remove-scroll", "aria-hidden",
                "@emotion", "sonner")

_GROUPS_ANCHOR = "groups: ["
_RADIX_IMPORT = "@import url('@radix-ui/themes/styles.css');"
_RADIX_ON_WINDOW = '"@radix-ui/themes": () => import("@radix-ui/themes"),'


def _ui_group() -> str:
    libraries = "|".join(name.replace("/", "[\\\\/]") for name in UI_LIBRARIES)
    return f'{{ test: /node_modules[\\\\/]({libraries})[\\\\/]/, name: "ui" }},'


def merge_ui_chunks(vite_config: str) -> str:
    """Add the "ui" chunk group to the `codeSplitting` groups Reflex writes."""
    if _GROUPS_ANCHOR not in vite_config:
        raise RuntimeError(f"lean_bundle: {VITE_CONFIG} no longer has `{_GROUPS_ANCHOR}`; update the plugin")
    return vite_config.replace(_GROUPS_ANCHOR, f"{_GROUPS_ANCHOR}\n            {_ui_group()}", 1)


def radix_styles_for_used_colors(stylesheet: str) -> str:
    """Import Radix's tokens, components and utilities with only the colour scales in `COLOR_SCALES`."""
    if _RADIX_IMPORT not in stylesheet:
        raise RuntimeError(f"lean_bundle: {ROOT_STYLESHEET} no longer imports Radix's styles.css; update the plugin")
    parts = [f"@import url('@radix-ui/themes/tokens/colors/{scale}.css');" for scale in COLOR_SCALES]
    parts += [f"@import url('@radix-ui/themes/{name}.css');" for name in ("tokens/base", "components", "utilities")]
    return stylesheet.replace(_RADIX_IMPORT, "\n".join(parts), 1)


def radix_off_window(app_root: str) -> str:
    """Drop Radix Themes from the libraries the app root offers to components sent at run time."""
    if _RADIX_ON_WINDOW not in app_root:
        raise RuntimeError(f"lean_bundle: {APP_ROOT} no longer loads Radix Themes lazily for window.__reflex; "
                           "check rxconfig's frontend_lazy_bundled_libraries and update the plugin")
    return "\n".join(line for line in app_root.split("\n") if line.strip() != _RADIX_ON_WINDOW)


class LeanBundlePlugin(rx.plugins.Plugin):
    """Fewer and smaller chunks, and only the colour scales the shop uses (see the module's docstring)."""

    def pre_compile(self, **context):
        context["add_modify_task"](VITE_CONFIG, merge_ui_chunks)
        context["add_modify_task"](ROOT_STYLESHEET, radix_styles_for_used_colors)
        context["add_modify_task"](APP_ROOT, radix_off_window)
