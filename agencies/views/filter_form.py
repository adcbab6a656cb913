"""The GET filter form of the record lists (activities, agreements, partners), printed in Python.

The list pages are the pages staff open most; as a template this form looped twice over some fifteen fields
with a dozen lookups each (~1 ms a page on top of the widgets). It reads as the template did, character for
character (tests/agencies/test_list_rows.py keeps the template's text and compares on real pages): the
fields of `filterset.primary` first, the others in a "Filter lainnya" disclosure, open when one of them is
set; hidden fields (`partner`, `batch` …) inline. The widgets themselves go through the form renderer.
"""

from __future__ import annotations

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

FORM_START = '<form method="get" class="filters records-filters" role="search" aria-label="Saring daftar">\n  '


def _errors(field) -> str:
    return "".join(f'<p class="error">{conditional_escape(error)}</p>' for error in field.errors)


def _primary(field) -> str:
    css = (" field-wide" if field.name == "q" else "") + (" has-error" if field.errors else "")
    label = f'<label for="{conditional_escape(field.id_for_label)}">{conditional_escape(field.label)}</label>'
    return f'\n  <div class="field{css}">\n    {label}{field}\n    {_errors(field)}\n  </div>\n  '


def _more(field) -> str:
    checkbox = field.widget_type == "checkbox"
    css = (" field-check" if checkbox else "") + (" has-error" if field.errors else "")
    label = conditional_escape(field.label)
    if checkbox:
        control = f"<label>{field} {label}</label>"
    else:
        control = f'<label for="{conditional_escape(field.id_for_label)}">{label}</label>{field}'
    return f'\n      <div class="field{css}">\n        {control}\n        {_errors(field)}\n      </div>\n    '


def filter_form_html(filterset, reset_url: str) -> SafeString:
    """The form of `filterset` (a ScopedFilterSet: `primary`, `more_is_set`); "Atur ulang" links to `reset_url`."""
    primary, more = [], []
    for field in filterset.form:
        if field.is_hidden:
            primary.append(str(field))
        elif field.name in filterset.primary:
            primary.append(_primary(field))
        else:
            more.append(_more(field))
    is_open = " open" if filterset.more_is_set else ""
    html = (
        f"{FORM_START}{''.join(primary)}\n"
        f'  <details class="filters-more"{is_open}>\n'
        "    <summary>Filter lainnya</summary>\n"
        f'    <div class="filters-more-grid">\n    {"".join(more)}\n    </div>\n'
        "  </details>\n"
        '  <div class="filters-actions">\n'
        '    <button type="submit" class="btn btn-primary">Terapkan</button>\n'
        f'    <a class="btn" href="{conditional_escape(reset_url)}">Atur ulang</a>\n'
        "  </div>\n</form>"
    )
    return mark_safe(html)  # noqa: S308 - labels, ids, errors and the link went through conditional_escape
