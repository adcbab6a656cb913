"""The user guide ("Panduan") served inside the portal: the Markdown pages of docs/panduan/, one per role.

The same files are read on GitHub, so links between them are written as `staf.md` and rewritten here to the
portal's URLs. The pages are ours, but they are rendered as untrusted text all the same: raw HTML is escaped and
only http(s), mailto and relative links survive.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import markdown
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from markdown.treeprocessors import Treeprocessor

from agencies import permissions
from agencies.choices import Role

GUIDE_DIR = Path(settings.BASE_DIR) / "docs" / "panduan"
COMMON_PAGE = "umum"
ADMIN_PAGE = "administrator"
ROLE_PAGES = {Role.STAFF: "staf", Role.VERIFIER: "verifikator", Role.LEADER: "pimpinan"}
# Menu order; a page not listed here comes after these, by name.
PAGE_ORDER = (COMMON_PAGE, "staf", "verifikator", "pimpinan", ADMIN_PAGE)
SAFE_SCHEMES = {"", "http", "https", "mailto"}
PAGE_LINK = re.compile(r"^(?P<slug>[a-z0-9-]+)\.md(?P<anchor>#[\w-]*)?$")


@dataclass(frozen=True)
class GuidePage:
    slug: str
    title: str
    html: str


class _GuideLinks(Treeprocessor):
    """`staf.md#anchor` → the portal URL of that page; unsafe schemes (javascript:, data:) → nothing."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            if attribute and element.get(attribute) is not None:
                element.set(attribute, _safe_target(element.get(attribute, "")))


def _safe_target(target: str) -> str:
    match = PAGE_LINK.match(target)
    if match:
        return reverse("agencies:guide-page", args=[match["slug"]]) + (match["anchor"] or "")
    try:
        scheme = urlsplit(target.strip()).scheme.lower()
    except ValueError:
        return "#"
    return target if scheme in SAFE_SCHEMES else "#"


def render_markdown(text: str) -> str:
    """Markdown → HTML with every raw HTML block and inline tag shown as text."""
    converter = markdown.Markdown(extensions=["tables", "sane_lists", "toc"], output_format="html")
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    converter.treeprocessors.register(_GuideLinks(converter), "guide_links", 0)
    return converter.convert(text)


@functools.lru_cache(maxsize=32)
def _load(path: Path, modified_ns: int) -> GuidePage:
    text = path.read_text(encoding="utf-8")
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    title = first.lstrip("#").strip() if first.startswith("#") else path.stem.capitalize()
    return GuidePage(slug=path.stem, title=title, html=render_markdown(text))


def guide_pages() -> dict[str, GuidePage]:
    """Every page of the guide directory, in menu order (re-rendered only when a file changes)."""
    order = {slug: index for index, slug in enumerate(PAGE_ORDER)}
    paths = sorted(GUIDE_DIR.glob("*.md"), key=lambda path: (order.get(path.stem, len(order)), path.stem))
    pages = (_load(path, path.stat().st_mtime_ns) for path in paths if PAGE_LINK.match(path.name))
    return {page.slug: page for page in pages}


def page_for(user) -> str:
    if user.is_superuser:
        return ADMIN_PAGE
    return ROLE_PAGES.get(permissions.role_of(user), COMMON_PAGE)


def _show(request, slug: str):
    pages = guide_pages()
    if slug not in pages:
        raise Http404("Halaman panduan tidak ditemukan.")
    context = {"page": pages[slug], "pages": pages.values(), "own_slug": page_for(request.user), "on_guide": True}
    return render(request, "agencies/guide.html", context)


@login_required
def guide(request):
    """The page of the user's own role, with links to the others."""
    return _show(request, page_for(request.user))


@login_required
def guide_page(request, slug: str):
    return _show(request, slug)
