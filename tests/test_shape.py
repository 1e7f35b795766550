"""The shape of the code, kept by a test: the domain core stays free of UI, pages never touch the
database, and states commit only through the one unit of work."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def _imported(path: Path) -> set[str]:
    """Every module an import statement in this file names, at any depth of the file."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _calls(path: Path) -> set[str]:
    """`x.y(...)` and `y(...)` calls, written as "x.y" and "y"."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                owner = node.func.value.id if isinstance(node.func.value, ast.Name) else "?"
                found.add(f"{owner}.{node.func.attr}")
            elif isinstance(node.func, ast.Name):
                found.add(node.func.id)
    return found


@pytest.mark.parametrize("path", _modules("shop"), ids=lambda p: str(p.relative_to(ROOT)))
def test_the_domain_core_imports_no_ui(path):
    forbidden = {name for name in _imported(path) if name.split(".")[0] in ("reflex", "storefront", "backoffice")}
    assert forbidden == set(), f"{path.relative_to(ROOT)} imports {sorted(forbidden)}"


@pytest.mark.parametrize("path", _modules("storefront/pages") + _modules("backoffice/pages")
                         + _modules("storefront/components"), ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_never_touch_the_database(path):
    imported = _imported(path)
    assert not any(name == "shop.db" or name.startswith(("shop.db.", "sqlmodel", "sqlalchemy")) for name in imported)
    assert not {"rx.session", "rx.asession", "Session"} & _calls(path)


@pytest.mark.parametrize("path", [p for p in _modules("storefront/state") + _modules("backoffice/state")
                                  if p.name != "app.py"], ids=lambda p: str(p.relative_to(ROOT)))
def test_states_commit_only_through_the_unit_of_work(path):
    """`AppState._work` (storefront/state/app.py) is the one place that opens a session and commits."""
    calls = _calls(path)
    assert not {"db.commit", "db.rollback", "rx.session", "rx.asession"} & calls, path.relative_to(ROOT)


def test_the_checks_above_would_see_a_violation(tmp_path):
    """The helpers find what they look for (a check that cannot fail proves nothing)."""
    bad = tmp_path / "bad.py"
    bad.write_text("import reflex as rx\nfrom shop.db import get_engine\n\ndef f(db):\n"
                   "    with rx.session() as s:\n        db.commit()\n")
    assert "reflex" in _imported(bad) and "shop.db" in _imported(bad)
    assert {"rx.session", "db.commit"} <= _calls(bad)


@pytest.mark.parametrize("path", _modules("storefront/state") + _modules("backoffice/state"),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_states_make_toasts_once_per_message(path):
    """`storefront/toasts.py` reuses a toast per message: Reflex's own builder costs a tenth of an event."""
    assert "rx.toast." not in path.read_text(encoding="utf-8"), path.relative_to(ROOT)
