"""The GET filter form of the record lists (activities, agreements, partners), printed in Python.

The list pages are the pages staff open most; as a template this form looped twice over some fifteen fields
with a dozen lookups each (~1 ms a page on top of the widgets). It reads as the template did, character for
character (tests/agencies/test_list_rows.py keeps the template's text and compares on real pages): the
fields of `filterset.primary` first, the others in a "Filter lainnya" disclosure, open when one of them is
set; hidden fields (`partner`, `batch` …) inline. The widgets themselves go through the form renderer, and a
select, the same on most pages, is remembered once printed (`_widget`).
"""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

FORM_START = '<form method="get" class="filters records-filters" role="search" aria-label="Saring daftar">\n  '


_SELECTS: dict[tuple, str] = {}
SELECTS_KEPT = 500


def _widget(field) -> str:
    """`{{ field }}`. A plain select of the filters (some ten options, ~50 µs each through Django's widget
    code) is printed once per everything its HTML depends on: name, id, value, choices as shown, attributes
    and renderer. Choices are read afresh every time (a callable's, the years, change), so nothing is stale;
    only a value that is one of the choices is remembered (the user's text cannot grow the memo), and a field
    with errors or help (extra aria attributes) is printed each time."""
    widget = field.field.widget
    if type(widget) is not forms.Select or field.errors or field.help_text:
        return str(field)
    choices = tuple((str(value), str(label)) for value, label in field.field.choices)
    value = field.value()
    if value not in (None, "") and str(value) not in {choice for choice, _label in choices}:
        return str(field)
    attrs = tuple(field.build_widget_attrs({}, widget).items()) + tuple(widget.attrs.items())
    key = (field.html_name, field.auto_id, value, choices, attrs, type(field.form.renderer))
    html = _SELECTS.get(key)
    if html is None:
        if len(_SELECTS) >= SELECTS_KEPT:
            _SELECTS.clear()
        html = _SELECTS[key] = str(field)
    return html


def _errors(field) -> str:
    return "".join(f'<p class="error">{conditional_escape(error)}</p>' for error in field.errors)


def _primary(field) -> str:
    css = (" field-wide" if field.name == "q" else "") + (" has-error" if field.errors else "")
    label = f'<label for="{conditional_escape(field.id_for_label)}">{conditional_escape(field.label)}</label>'
    return f'\n  <div class="field{css}">\n    {label}{_widget(field)}\n    {_errors(field)}\n  </div>\n  '


def _more(field) -> str:
    checkbox = field.widget_type == "checkbox"
    css = (" field-check" if checkbox else "") + (" has-error" if field.errors else "")
    label = conditional_escape(field.label)
    if checkbox:
        control = f"<label>{field} {label}</label>"
    else:
        control = f'<label for="{conditional_escape(field.id_for_label)}">{label}</label>{_widget(field)}'
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
