"""Spreadsheet safety: every text cell we write is inert (OWASP ASVS 5.0, requirement 1.2.10).

A text is dangerous when Excel or LibreOffice could read it as a formula (or a DDE payload): when it begins
with a tab or a carriage return, or when its first non-blank character, after Unicode NFKC normalisation, is
=, +, - or @. NFKC folds the full-width and small forms (＝ ＋ － ＠, ﹦ ﹢ ﹣ ﹫) into the ASCII triggers, and
"first non-blank" covers payloads behind leading spaces, non-breaking spaces or line breaks, which spreadsheet
programs skip before deciding a cell is a formula. A dangerous text is written with a leading apostrophe.
Numbers and dates are not text and pass unchanged. Formulas the portal writes itself never go through here.
"""

from __future__ import annotations

import unicodedata

FORMULA_TRIGGERS = frozenset("=+-@")
CONTROL_PREFIXES = ("\t", "\r")


def is_dangerous(value: str) -> bool:
    """True when a spreadsheet program could start a formula from this text."""
    if value.startswith(CONTROL_PREFIXES):
        return True
    if value[:1].isalnum():
        return False  # the common case, cheap: no letter or digit folds into a trigger under NFKC
    first = unicodedata.normalize("NFKC", value).lstrip()[:1]
    return first in FORMULA_TRIGGERS


def inert(value):
    if isinstance(value, str) and is_dangerous(value):
        return "'" + value
    return value


def inert_row(values) -> list:
    return [inert(value) for value in values]
