"""Spreadsheet safety: every text cell we write is inert (OWASP ASVS 5.0, requirement 1.2.10).

A text value beginning with =, +, -, @, a tab or a carriage return would be read as a formula (or a DDE
payload) by Excel or LibreOffice; it is written with a leading apostrophe instead. Numbers and dates are
not text and pass unchanged. Formulas the portal writes itself never go through this function.
"""

from __future__ import annotations

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def inert_row(values) -> list:
    return [inert(value) for value in values]
