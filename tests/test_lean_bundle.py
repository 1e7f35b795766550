"""The build plugin that merges the UI chunks, keeps Radix Themes off `window` and imports only the colours used."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from storefront import lean_bundle

ROOT = Path(__file__).resolve().parents[1]
# Radix Themes' colour scales (tokens/colors/*.css).
RADIX_SCALES = {"amber", "blue", "bronze", "brown", "crimson", "cyan", "gold", "grass", "gray", "green", "indigo",
                "iris", "jade", "lime", "mauve", "mint", "olive", "orange", "pink", "plum", "purple", "red", "ruby",
                "sage", "sand", "sky", "slate", "teal", "tomato", "violet", "yellow"}


def test_every_colour_scale_the_code_names_is_imported():
    named = set()
    for folder in ("storefront", "backoffice"):
        for source in (ROOT / folder).rglob("*.py"):
            named |= set(re.findall(r"""["']([a-z]+)["']""", source.read_text())) & RADIX_SCALES
    assert named, "the scan found no colour: the pattern is wrong"
    missing = named - set(lean_bundle.COLOR_SCALES)
    assert not missing, f"add {sorted(missing)} to lean_bundle.COLOR_SCALES, or those colours render transparent"


def test_the_stylesheet_imports_only_those_scales_then_the_rest_of_radix():
    stylesheet = "@layer __reflex_base;\n@import url('@radix-ui/themes/styles.css');\n@import url('./styles.css');"
    lean = lean_bundle.radix_styles_for_used_colors(stylesheet)
    assert "themes/styles.css" not in lean and lean.endswith("@import url('./styles.css');")
    imported = re.findall(r"tokens/colors/(\w+)\.css", lean)
    assert imported == sorted(lean_bundle.COLOR_SCALES) and {"grass", "sand", "gray", "red"} <= set(imported)
    order = [lean.index(part) for part in ("tokens/colors/", "tokens/base.css", "components.css", "utilities.css")]
    assert order == sorted(order)  # Radix's own order: colours, base tokens, components, utilities


def test_the_vite_config_reflex_writes_gets_the_ui_chunk():
    from reflex.utils.frontend_skeleton import _compile_vite_config
    from reflex_base.config import get_config

    config = lean_bundle.add_chunk_groups(_compile_vite_config(get_config()))
    group = re.search(r"groups: \[\s*\{ test: /(.+?)/, name: \"ui\" \},", config)
    assert group, "the ui group is not the first of Reflex's groups"
    pattern = re.compile(group.group(1).replace("\\\\", "\\"))
    assert pattern.search("/app/.web/node_modules/@radix-ui/themes/dist/esm/components/button.js")
    assert pattern.search("/app/.web/node_modules/lucide-react/dist/esm/icons/heart.mjs")
    assert not pattern.search("/app/.web/node_modules/recharts/lib/index.js")  # the dashboard's charts stay apart
    assert not pattern.search("/app/.web/node_modules/radix-ui-something/index.js")


def test_the_framework_shares_one_chunk_apart_from_react_and_the_pages():
    from reflex.utils.frontend_skeleton import _compile_vite_config
    from reflex_base.config import get_config

    config = lean_bundle.add_chunk_groups(_compile_vite_config(get_config()))
    group = re.search(r'\{ test: /(.+?)/, name: "reflex" \},', config)
    assert group, "no reflex group in the vite config"
    pattern = re.compile(group.group(1))  # this JavaScript pattern reads the same in Python
    for module in ("/app/.web/node_modules/react-router/dist/development/chunk.mjs",
                   "/app/.web/node_modules/socket.io-client/build/esm/index.js",
                   "/app/.web/node_modules/engine.io-client/build/esm/socket.js", "/app/.web/utils/state.js",
                   "/app/.web/app_components/storefront/components/layout.jsx",
                   "C:\\app\\.web\\utils\\context.jsx"):
        assert pattern.search(module), module
    for module in ("/app/.web/node_modules/react-dom/client.js", "/app/.web/node_modules/recharts/lib/index.js",
                   "/app/.web/app/routes/[cart]._index.jsx", "/app/.web/node_modules/some/utils/x.js",
                   "/app/.web/app_components/storefront/pages/catalog.jsx",
                   "/app/.web/app_components/storefront/components/layout.jsx.map"):
        assert not pattern.search(module), module


def test_the_shell_modules_are_where_reflex_compiles_the_header_and_footer():
    for module in lean_bundle.SHELL_MODULES:
        source = ROOT / module.removeprefix("app_components/").replace(".jsx", ".py")
        assert source.exists(), f"{module}: {source} is gone; the chunk group would miss the header and footer"


def test_the_css_step_runs_right_after_the_imports_are_inlined():
    from reflex_base import constants

    reflex_config = (Path(constants.__file__).parents[1] / ".templates" / "web" / "postcss.config.js").read_text()
    lean = lean_bundle.trim_radix_css(reflex_config)
    assert lean_bundle.trim_radix_css(lean) == lean, "a second build must not add the plugin twice"
    plugins = re.findall(r'^\s*"?([^":\s]+)"?:', lean.split("plugins: {", 1)[1], re.MULTILINE)
    assert plugins[:3] == ["postcss-import", f"./{lean_bundle.CSS_TRIM_PLUGIN}", "autoprefixer"]
    options = json.loads(re.search(rf'"\./{lean_bundle.CSS_TRIM_PLUGIN}": (.+),\n', lean).group(1))
    assert options == {"parts": list(lean_bundle.UNUSED_RADIX_PARTS), "breakpoints": ["xl"]}
    assert "Select" in options["parts"] and "Button" not in options["parts"]


def test_no_responsive_value_asks_for_a_breakpoint_whose_rules_are_dropped():
    breakpoints = "|".join(lean_bundle.UNUSED_BREAKPOINTS)
    asks = re.compile(rf"""\b({breakpoints})\s*=|["']({breakpoints})["']\s*:""")
    found = [str(source.relative_to(ROOT)) for folder in ("storefront", "backoffice")
             for source in (ROOT / folder).rglob("*.py")
             if source.name != "lean_bundle.py" and asks.search(source.read_text())]
    assert not found, f"{found} use a breakpoint lean_bundle.UNUSED_BREAKPOINTS drops"
    assert asks.search('rx.breakpoints(initial="1", xl="2")')


def test_radix_themes_leave_the_libraries_offered_on_window():
    root = ('  window.__reflex_lazy = {\n    "@radix-ui/themes": () => import("@radix-ui/themes"),\n'
            '    "other": () => import("other"),\n  };')
    lean = lean_bundle.radix_off_window(root)
    assert "@radix-ui/themes" not in lean and '"other": () => import("other"),' in lean


@pytest.mark.parametrize("patch", [lean_bundle.add_chunk_groups, lean_bundle.radix_styles_for_used_colors,
                                   lean_bundle.radix_off_window, lean_bundle.trim_radix_css])
def test_a_file_reflex_writes_differently_fails_the_build_loudly(patch):
    with pytest.raises(RuntimeError, match="lean_bundle"):
        patch("something Reflex now writes differently")
