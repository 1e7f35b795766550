"""A Reflex build plugin that makes the first page load fetch fewer, smaller files (issue 11's Lighthouse targets).

Left to itself, the bundler gives every Radix component and every lucide icon its own chunk, because each is
used by a different set of pages: the home page fetched 33 scripts before its first paint (the bare Reflex app
13), and on a phone's link every one of them is a round trip. The plugin puts the UI libraries into one
chunk, and React Router, the socket client, Reflex's runtime and the shop's header and footer into another:
every page needs all of them anyway (9 scripts before the home page's first paint, 8 of them modules).

Reflex also hands the whole Radix Themes library to `window.__reflex`, for components a server may send at run
time. This shop sends none, and that one import made every page download every Radix component (select,
slider, theme panel…: 32 KiB gzip of the home page's 250). The plugin drops it (with
`frontend_lazy_bundled_libraries`, it is one line of the app's root).

Radix's stylesheet carries all 30 colour scales (35 KiB of the 86 KiB gzip); the shop uses the ten in
`COLOR_SCALES`, so only those are imported. `tests/test_lean_bundle.py` fails when the code uses a colour
missing here.

Radix's components and utilities (684 KiB before compression, parsed before the first paint, and matched against
every element the page adds) style ~25 parts the shop never renders (Select, Tooltip, Avatar, Tabs…) and a
breakpoint (`xl`) it never uses. A small PostCSS plugin (`lean_radix_css.cjs`) drops the rules that need one of
them: `UNUSED_RADIX_PARTS` and `UNUSED_BREAKPOINTS`. `tests/e2e/test_lean_css.py` fails when a built page's scripts
name a part dropped here, and `tests/test_lean_bundle.py` when the code asks for a dropped breakpoint.

The edits patch files Reflex writes, at anchors that fail the build loudly if a Reflex upgrade moves them.
"""

from __future__ import annotations

import json
from pathlib import Path

import reflex as rx
from reflex.utils.prerequisites import get_web_dir

from storefront.components.theme import ACCENT, GRAY

VITE_CONFIG = "vite.config.js"
POSTCSS_CONFIG = "postcss.config.js"
CSS_TRIM_PLUGIN = "lean-radix-css.cjs"
CSS_TRIM_SOURCE = Path(__file__).with_name("lean_radix_css.cjs")
ROOT_STYLESHEET = "styles/__reflex_global_styles.css"
APP_ROOT = "app/root.jsx"

# Every colour scale the pages use: the theme's accent and gray, `color_scheme=` values, and crimson for
# Reflex's own connection-error icon.
COLOR_SCALES = tuple(sorted({ACCENT, GRAY, "gray", "red", "amber", "blue", "cyan", "violet", "iris", "crimson"}))

# Libraries every page uses; one chunk for all of them instead of one per component and per icon.
UI_LIBRARIES = ("@radix-ui", "radix-ui", "lucide-react", "@floating-ui", "react-remove-scroll", "aria-hidden",
                "@emotion", "sonner")
# What every page runs besides React and the UI: React Router, the event socket's client, Reflex's own runtime
# (`.web/utils/`) and the shop's header and footer (`SHELL_MODULES`). Left to itself the bundler split them
# into four chunks; on a phone's link each chunk is one more round trip before the first paint.
FRAMEWORK_LIBRARIES = ("react-router", "@react-router", "socket.io-client", "socket.io-parser", "engine.io-client",
                       "engine.io-parser", "@socket.io", "mergician", "universal-cookie", "cookie")
FRAMEWORK_FOLDER = ".web/utils"
# Reflex compiles the memo components of storefront/components/layout.py there.
SHELL_MODULES = ("app_components/storefront/components/layout.jsx",)

# Radix Themes parts the shop never renders, as the start of their class names (`Select` is rt-SelectTrigger,
# rt-SelectContent…). Radix's own scripts name the classes a rendered part uses, so the built pages' scripts
# tell whether one is needed (tests/e2e/test_lean_css.py).
UNUSED_RADIX_PARTS = ("Avatar", "BaseTabList", "Blockquote", "CheckboxCard", "CheckboxGroup", "Container",
                      "ContextMenuContent", "Em", "HoverCard", "Kbd", "PopoverContent", "Quote", "RadioCards",
                      "Section", "SegmentedControl", "Select", "Skeleton", "SliderRange", "SliderTrack", "Strong",
                      "TabNav", "Tabs", "ThemePanel", "Tooltip")
# Radix's breakpoints that no responsive value of the shop names (`rx.breakpoints(xl=...)`).
UNUSED_BREAKPOINTS = ("xl",)

_GROUPS_ANCHOR = "groups: ["
_POSTCSS_IMPORT_ANCHOR = '"postcss-import": {},'

_RADIX_IMPORT = "@import url('@radix-ui/themes/styles.css');"
_RADIX_ON_WINDOW = '"@radix-ui/themes": () => import("@radix-ui/themes"),'


_SLASH = "[\\\\/]"  # a slash or a backslash, in a JavaScript regular expression


def _path_pattern(path: str) -> str:
    """A regular expression source for a path, with either kind of slash."""
    return path.replace(".", "\\.").replace("/", _SLASH)


def _chunk_group(name: str, libraries: tuple[str, ...], folder: str = "", modules: tuple[str, ...] = ()) -> str:
    tests = [f"node_modules{_SLASH}(" + "|".join(_path_pattern(library) for library in libraries) + f"){_SLASH}"]
    if folder:
        tests.append(_SLASH + _path_pattern(folder) + _SLASH)
    tests += [_SLASH + _path_pattern(module) + "$" for module in modules]
    return f'{{ test: /{"|".join(tests)}/, name: "{name}" }},'


def add_chunk_groups(vite_config: str) -> str:
    """Add the "ui" and "reflex" chunk groups to the `codeSplitting` groups Reflex writes."""
    if _GROUPS_ANCHOR not in vite_config:
        raise RuntimeError(f"lean_bundle: {VITE_CONFIG} no longer has `{_GROUPS_ANCHOR}`; update the plugin")
    groups = (_chunk_group("ui", UI_LIBRARIES),
              _chunk_group("reflex", FRAMEWORK_LIBRARIES, FRAMEWORK_FOLDER, SHELL_MODULES))
    return vite_config.replace(_GROUPS_ANCHOR, "\n            ".join((_GROUPS_ANCHOR, *groups)), 1)


def radix_styles_for_used_colors(stylesheet: str) -> str:
    """Import Radix's tokens, components and utilities with only the colour scales in `COLOR_SCALES`."""
    if _RADIX_IMPORT not in stylesheet:
        raise RuntimeError(f"lean_bundle: {ROOT_STYLESHEET} no longer imports Radix's styles.css; update the plugin")
    parts = [f"@import url('@radix-ui/themes/tokens/colors/{scale}.css');" for scale in COLOR_SCALES]
    parts += [f"@import url('@radix-ui/themes/{name}.css');" for name in ("tokens/base", "components", "utilities")]
    return stylesheet.replace(_RADIX_IMPORT, "\n".join(parts), 1)


def _save_css_trim_plugin() -> tuple[str, str]:
    return str(get_web_dir() / CSS_TRIM_PLUGIN), CSS_TRIM_SOURCE.read_text(encoding="utf-8")


def trim_radix_css(postcss_config: str) -> str:
    """Run the plugin right after postcss-import has inlined Radix's stylesheets. Reflex writes this file once
    and then edits it in place on every build, so a line an earlier build added is replaced, not repeated."""
    postcss_config = "\n".join(line for line in postcss_config.split("\n") if f'"./{CSS_TRIM_PLUGIN}"' not in line)
    if _POSTCSS_IMPORT_ANCHOR not in postcss_config:
        raise RuntimeError(f"lean_bundle: {POSTCSS_CONFIG} no longer has `{_POSTCSS_IMPORT_ANCHOR}`; update the plugin")
    options = json.dumps({"parts": UNUSED_RADIX_PARTS, "breakpoints": UNUSED_BREAKPOINTS})
    plugin = f'"./{CSS_TRIM_PLUGIN}": {options},'
    return postcss_config.replace(_POSTCSS_IMPORT_ANCHOR, f"{_POSTCSS_IMPORT_ANCHOR}\n    {plugin}", 1)


def radix_off_window(app_root: str) -> str:
    """Drop Radix Themes from the libraries the app root offers to components sent at run time."""
    if _RADIX_ON_WINDOW not in app_root:
        raise RuntimeError(f"lean_bundle: {APP_ROOT} no longer loads Radix Themes lazily for window.__reflex; "
                           "check rxconfig's frontend_lazy_bundled_libraries and update the plugin")
    return "\n".join(line for line in app_root.split("\n") if line.strip() != _RADIX_ON_WINDOW)


class LeanBundlePlugin(rx.plugins.Plugin):
    """Fewer and smaller chunks, only the colour scales the shop uses, none of the CSS of the Radix parts it
    does not use (see the module's docstring)."""

    def pre_compile(self, **context):
        context["add_modify_task"](VITE_CONFIG, add_chunk_groups)
        context["add_modify_task"](ROOT_STYLESHEET, radix_styles_for_used_colors)
        context["add_modify_task"](APP_ROOT, radix_off_window)
        context["add_save_task"](_save_css_trim_plugin)
        context["add_modify_task"](POSTCSS_CONFIG, trim_radix_css)
