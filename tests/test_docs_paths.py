"""Every file, folder and module the README and docs/ name in backticks exists, so the docs follow the code."""

import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
TOP_LEVEL = {path.name for path in ROOT.iterdir() if path.is_dir() and not path.name.startswith(".")}
APPS = ("hubal", "agencies", "reports", "accounts", "operations")
# Made when the portal or the benchmarks run; not in the repository.
GENERATED = {"bench/.data/", "bench/results/latest.json"}
INLINE_CODE = re.compile(r"`([^`\s]+)`")
FENCED = re.compile(r"```.*?```", re.S)
MODULE = re.compile(rf"^({'|'.join(APPS)})(\.[A-Za-z_]\w*)+$")


def cited(kind: str) -> list[tuple[str, str]]:
    out = []
    for doc in DOCS:
        for token in INLINE_CODE.findall(FENCED.sub("", doc.read_text(encoding="utf-8"))):
            token = token.rstrip(",.;")
            wanted = _is_path(token) if kind == "path" else bool(MODULE.match(token)) and not token.endswith(".py")
            if wanted:
                out.append((doc.relative_to(ROOT).as_posix(), token))
    return out


def _is_path(token: str) -> bool:
    if token in GENERATED or any(c in token for c in "{}<>*:=?()$[]%|'\""):
        return False
    if "/" in token:
        return token.split("/", 1)[0] in TOP_LEVEL
    return token.endswith(".py")


def _exists(token: str) -> bool:
    if "/" in token:
        return (ROOT / token).exists()
    return any(".venv" not in path.parts for path in ROOT.rglob(token))


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            if not hasattr(target, name):
                break
            target = getattr(target, name)
        else:
            return True
        break
    try:
        apps.get_model(dotted)  # a model label such as accounts.Profile
    except (LookupError, ValueError):
        return False
    return True


def test_docs_cite_paths():
    assert len(cited("path")) > 50  # the extraction itself works


@pytest.mark.parametrize(("doc", "path"), cited("path"))
def test_cited_path_exists(doc, path):
    assert _exists(path), f"{doc} cites `{path}`, which does not exist"


@pytest.mark.parametrize(("doc", "dotted"), cited("module"))
def test_cited_module_exists(doc, dotted):
    assert _resolves(dotted), f"{doc} cites `{dotted}`, which is neither a module, an attribute nor a model"
