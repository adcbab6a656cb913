"""The files of a record page's evidence panel (`<li>` items of `<ul class="evidence-grid">`), rendered in Python.

Each file cost the template engine three `{% url %}` (four for those who may delete it), a `date`, a
`filesizeformat` and a dozen lookups, on the activity and agreement pages. Here each value comes from the
function the template used and is escaped as `{{ }}` escapes it (`activity_fields.html_text`), so the panel reads
the same to the byte (tests/agencies/test_evidence_items.py compares both, with the former template as the
reference).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import filesizeformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from agencies.choices import EvidenceKind
from agencies.models import Evidence

from .activity_fields import html_text
from .rows import pk_url

KIND_LABELS = dict(EvidenceKind.choices)


def evidence_items(evidence_list: Iterable[Evidence], *, can_delete: bool) -> SafeString:
    """One `<li>` per file, as the panel's loop wrote them; `can_delete`: with the "Hapus" link."""
    evidence_list = list(evidence_list)
    needed = ["download"] * bool(evidence_list) + ["thumbnail"] * any(e.is_image for e in evidence_list)
    urls = {name: pk_url(f"agencies:evidence-{name}") for name in needed + ["delete"] * can_delete}
    return mark_safe("".join(_item(e, urls, can_delete) for e in evidence_list))  # noqa: S308 - escaped by html_text()


def _item(e: Evidence, urls: dict, can_delete: bool) -> str:
    download, name = urls["download"](e.pk), html_text(e.original_name)
    if e.is_image:
        thumb = (
            f'<a href="{download}" class="evidence-thumb"><img src="{urls["thumbnail"](e.pk)}" alt="Pratinjau {name}"'
            ' loading="lazy" width="160" height="120"></a>'
        )
    else:
        thumb = (
            f'<a href="{download}" class="evidence-thumb evidence-doc" aria-hidden="true" tabindex="-1">'
            f"<span>{_doc_label(e.content_type)}</span></a>"
        )
    meta = " · ".join(
        [
            html_text(KIND_LABELS.get(e.kind, e.kind)),
            html_text(filesizeformat(e.size)),
            f"{html_text(date_filter(template_localtime(e.uploaded_at), 'j M Y H:i'))} WIB",
        ]
    )
    if e.uploaded_by:
        meta += f" · {html_text(e.uploaded_by.get_full_name() or e.uploaded_by.username)}"
    delete = f'<a href="{urls["delete"](e.pk)}" class="small link-danger">Hapus</a>' if can_delete else ""
    return (
        f'\n    <li class="evidence-item">\n      \n        {thumb}\n      \n      <div class="evidence-meta">'
        f'\n        <a href="{download}" class="evidence-name" download>{name}</a>'
        f'\n        <span class="muted small">{meta}</span>\n        {delete}\n      </div>\n    </li>\n    '
    )


def _doc_label(content_type: str) -> str:
    if content_type == "application/pdf":
        return "PDF"
    if "word" in content_type:
        return "DOCX"
    return "XLSX" if "sheet" in content_type else "BERKAS"
