"""The production build's stylesheet leaves out the Radix Themes parts the shop never renders, and only those.

storefront/lean_bundle.py names the parts (`UNUSED_RADIX_PARTS`) and the breakpoint (`UNUSED_BREAKPOINTS`);
a PostCSS step drops their rules while the build bundles Radix's stylesheet. Radix's scripts name every class
a rendered part uses, so a dropped class named by a built script means a page now renders that part unstyled.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest

from storefront import lean_bundle
from tests.support.shop_server import PROJECT_ROOT

ASSETS = PROJECT_ROOT / ".web" / "build" / "client" / "assets"
RADIX_COMPONENTS_CSS = PROJECT_ROOT / ".web" / "node_modules" / "@radix-ui" / "themes" / "components.css"
DROPPED_CLASS = re.compile(r"rt-(?:" + "|".join(lean_bundle.UNUSED_RADIX_PARTS) + r")[A-Za-z]*(?![\w-])")


@pytest.fixture(scope="module")
def build(shop):
    """The build the shop under test serves."""
    if shop["db_url"] is None:
        pytest.skip("BASE_URL names a deployment: its build is not on this machine")
    stylesheets = list(ASSETS.glob("__reflex_global_styles-*.css"))
    assert len(stylesheets) == 1, stylesheets
    scripts = "\n".join(path.read_text(encoding="utf-8") for path in ASSETS.glob("*.js"))
    return stylesheets[0].read_text(encoding="utf-8"), scripts


def test_no_built_script_names_a_class_whose_rules_were_dropped(build):
    _, scripts = build
    radix_classes = set(re.findall(r"\.(rt-[A-Z][A-Za-z]*)", RADIX_COMPONENTS_CSS.read_text(encoding="utf-8")))
    dropped = {name for name in radix_classes if DROPPED_CLASS.fullmatch(name)}
    assert len(dropped) > 40, "the pattern drops fewer classes than the parts named: check UNUSED_RADIX_PARTS"
    named = sorted(name for name in dropped if re.search(rf"\b{name}\b", scripts))
    assert not named, f"a page renders {named}: take its part out of lean_bundle.UNUSED_RADIX_PARTS"
    assert not re.search(r'\bxl:"', scripts), "a page asks for the xl breakpoint: take it out of UNUSED_BREAKPOINTS"


def test_the_stylesheet_has_none_of_their_rules_and_all_the_others(build):
    stylesheet, _ = build
    assert not DROPPED_CLASS.search(stylesheet), "a dropped part's rule is still there"
    assert "xl\\:" not in stylesheet
    for kept in (".rt-Button", ".rt-Card", ".rt-BaseMenuContent", ".rt-TextFieldInput", ".rt-Inset", ".rt-DataListRoot",
                 ".rt-ScrollAreaScrollbar", ".rt-BaseDialogContent", ".lg\\:rt-r-size-4", ".xs\\:rt-r-gtc-2"):
        assert kept in stylesheet, kept
    assert len(stylesheet) < 0.8 * len((PROJECT_ROOT / ".web" / "node_modules" / "@radix-ui" / "themes"
                                        / "styles.css").read_text(encoding="utf-8"))


SAMPLE = r"""
.rt-Button{color:red}
.rt-SelectTrigger{color:red}
.rt-BaseMenuContent,.rt-SelectContent{color:red}
.rt-Callout:not(.rt-Kbd){color:red}
:where(.rt-Kbd,.rt-Button){color:red}
.rt-Card:where(.rt-Tooltip){color:red}
.rt-Card:where(:has(.rt-AvatarRoot)){color:red}
.rt-Card:where(:not(:has(.rt-AvatarRoot,.rt-Button))){color:red}
@media (width>=1640px){.rt-Text:where(.xl\:rt-r-size-1){color:red}}
@media (width>=1024px){.rt-Text:where(.lg\:rt-r-size-1){color:red}}
"""


def test_the_plugin_drops_a_selector_only_when_it_cannot_match_without_a_dropped_class(build):
    options = {"parts": lean_bundle.UNUSED_RADIX_PARTS, "breakpoints": lean_bundle.UNUSED_BREAKPOINTS}
    script = (f"const postcss = require({json.dumps(str(PROJECT_ROOT / '.web' / 'node_modules' / 'postcss'))});"
              f"const plugin = require({json.dumps(str(lean_bundle.CSS_TRIM_SOURCE))})({json.dumps(options)});"
              f"postcss([plugin]).process({json.dumps(SAMPLE)}, {{from: undefined}})"
              ".then((result) => process.stdout.write(result.css));")
    out = subprocess.run(["node", "-e", script], check=True, capture_output=True, text=True).stdout
    rules = [line.strip() for line in out.splitlines() if line.strip()]
    assert rules == [
        ".rt-Button{color:red}",
        ".rt-BaseMenuContent{color:red}",
        ".rt-Callout:not(.rt-Kbd){color:red}",
        ":where(.rt-Kbd,.rt-Button){color:red}",
        ".rt-Card:where(:not(:has(.rt-AvatarRoot,.rt-Button))){color:red}",
        "@media (width>=1024px){.rt-Text:where(.lg\\:rt-r-size-1){color:red}}",
    ]
