"""Print checks of our workbooks: convert with LibreOffice headless to PDF, count pages, read the text back.

LibreOffice (`soffice`, Debian package libreoffice-calc-nogui) and poppler-utils (`pdftotext`, `pdfinfo`,
`pdftoppm`) must be installed; the tests skip without them unless HUBAL_REQUIRE_OFFICE=1 (CI), where a missing
tool is a failure. Each conversion uses its own LibreOffice profile, so parallel workers do not collide.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

TOOLS = ("soffice", "pdftotext", "pdfinfo")


def require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"print checks need {', '.join(missing)} (apt-get install -y libreoffice-calc-nogui poppler-utils)"
    if os.environ.get("HUBAL_REQUIRE_OFFICE") == "1":  # CI (.ci/run): the print checks must run
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def to_pdf(data: bytes, folder: Path, name: str = "export") -> Path:
    """The workbook printed to PDF by LibreOffice, every sheet, with the workbook's own page setup."""
    require_tools()
    source = folder / f"{name}.xlsx"
    source.write_bytes(data)
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder),
         str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return folder / f"{name}.pdf"


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))


def page_text(pdf: Path, page: int) -> str:
    """The text of one page (1-based), in reading order with the layout kept."""
    args = ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def words(text: str) -> set[str]:
    return set(re.findall(r"[\w()/-]+", text))


def word_boxes(pdf: Path, page: int) -> list[tuple[str, float, float]]:
    """(word, top, bottom) of every word printed on one page, in points from the top of the page."""
    args = ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"]
    html = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    pattern = r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
    return [(text, float(top), float(bottom)) for top, bottom, text in re.findall(pattern, html)]
