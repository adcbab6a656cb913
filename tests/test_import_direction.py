"""The direction of imports drawn in the README: reports → agencies, accounts → agencies; agencies imports
neither, and reports and accounts do not import each other."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# `api` (the integration API) may import all three; none of them imports it.
FORBIDDEN = {
    "agencies": {"reports", "accounts", "api"},
    "reports": {"accounts", "api"},
    "accounts": {"reports", "api"},
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.split(".")[0] for name in names}


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_imports_go_one_way(app):
    modules = sorted((ROOT / app).rglob("*.py"))
    assert len(modules) > 10
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & FORBIDDEN[app])
        for path in modules
        if imported_apps(path) & FORBIDDEN[app]
    }
    assert wrong == {}
