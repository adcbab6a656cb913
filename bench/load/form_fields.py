"""The fields of a form as a browser submits them, read from a page's markup with regular expressions.

Used by the load test (locustfile.py) to save a form back unchanged, and by bench/pages.py ("staff save").
Regular expressions rather than html.parser: parsing the 66 KB activity form in Python cost the load generator
about 25 ms of CPU per save, on the cores the server needs.
"""

from __future__ import annotations

import html
import re

FORM_BLOCK = re.compile(r"<form\b.*?</form>", re.S)
INPUT = re.compile(r"<input\b([^>]*)>")
SELECT = re.compile(r"<select\b([^>]*)>(.*?)</select>", re.S)
SELECTED = re.compile(r"<option\b([^>]*\bselected\b[^>]*)>")
TEXTAREA = re.compile(r"<textarea\b([^>]*)>(.*?)</textarea>", re.S)
ATTR = re.compile(r'([\w:-]+)(?:="([^"]*)")?')


def _attrs(text: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in ATTR.findall(text)}


def form_fields(page: str, marker: str) -> list[tuple[str, str]]:
    """The fields of the first form holding a field named `marker`, as a browser would submit them: text and
    hidden inputs, checked boxes, the selected options, textareas (the page's own markup is Django's, with
    double-quoted attributes)."""
    for form in FORM_BLOCK.findall(page):
        if f'name="{marker}"' not in form:
            continue
        fields = []
        for match in INPUT.finditer(form):
            a = _attrs(match.group(1))
            kind, name = a.get("type") or "text", a.get("name")
            if not name or kind in ("submit", "button", "file"):
                continue
            if kind in ("checkbox", "radio") and "checked" not in a:
                continue
            fields.append((name, a.get("value") or ("on" if kind == "checkbox" else "")))
        for match in SELECT.finditer(form):
            name = _attrs(match.group(1)).get("name")
            for option in SELECTED.finditer(match.group(2)):
                o = _attrs(option.group(1))
                if name and "selected" in o:
                    fields.append((name, o.get("value") or ""))
        for match in TEXTAREA.finditer(form):
            name = _attrs(match.group(1)).get("name")
            if name:  # a browser drops the newline right after <textarea>
                fields.append((name, html.unescape(match.group(2).removeprefix("\n"))))
        return fields
    return []
