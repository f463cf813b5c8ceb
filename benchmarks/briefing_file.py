"""The briefing pack as a councillor meets it: the file's size, the time headless Chromium takes to
open it from disk until every chart is drawn, and the number of A4 pages it prints to (Chromium's
``--print-to-pdf``, pages counted in the PDF). Prints; asserts nothing (timings on a shared machine
are noisy). Issue 15's goals: under 2 MB, open in under 5 s, no more pages than sections.

    python benchmarks/briefing_file.py [--file pack.html] [--period "2023-24 Q2"] [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from tools import chromium  # noqa: E402
# Interactive charts are drawn once plotly has made their SVG; static ones are drawn when parsed.
DRAWN = (
    "return [...document.querySelectorAll('figure')].every("
    "f => f.querySelector('svg.main-svg, svg') !== null)"
)


def open_seconds(path: Path, repeat: int) -> float:
    """Best of ``repeat`` fresh browsers: navigation from a blank page until every figure is drawn."""
    best = float("inf")
    for _ in range(repeat):
        with chromium.session(1000, 1400) as driver:
            driver.set_page_load_timeout(300)
            driver.get("about:blank")
            start = time.perf_counter()
            driver.get(path.as_uri())
            WebDriverWait(driver, 300).until(lambda d: d.execute_script(DRAWN))
            best = min(best, time.perf_counter() - start)
            assert driver.find_elements(By.TAG_NAME, "section")
    return best


def pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF as Chromium writes it (uncompressed object dictionaries): its /Type /Page objects."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def printed_pages(path: Path) -> int:
    """A4 pages in the PDF Chromium prints the file to."""
    with tempfile.TemporaryDirectory() as work:
        pdf = Path(work) / "pack.pdf"
        subprocess.run(
            [chromium.CHROMIUM, *chromium.FLAGS, f"--user-data-dir={work}/profile", "--no-pdf-header-footer", "--virtual-time-budget=60000",
             f"--print-to-pdf={pdf}", path.as_uri()],
            check=True, capture_output=True, timeout=600,
        )
        return pdf_page_count(pdf.read_bytes())


def main() -> None:
    parser = argparse.ArgumentParser(description="Size, open time and printed pages of the briefing pack.")
    parser.add_argument("--file", type=Path, default=None, help="an existing pack (default: write one now)")
    parser.add_argument("--period", default=None, help="KPI period when writing the pack (default: latest)")
    parser.add_argument("--repeat", type=int, default=3, help="browser opens (the best is kept)")
    args = parser.parse_args()
    path = args.file
    if path is None:
        from report import briefing_html

        path = Path(tempfile.mkdtemp()) / "briefing.html"
        start = time.perf_counter()
        briefing_html.main(["--out", str(path), *(["--period", args.period] if args.period else [])])
        print(f"written in {time.perf_counter() - start:.1f} s")
    print(f"file: {path}")
    print(f"size: {path.stat().st_size / 1e6:.2f} MB (goal under 2 MB)")
    print(f"open until every chart is drawn: {open_seconds(path, args.repeat):.2f} s, best of {args.repeat} (goal under 5 s)")
    print(f"printed A4 pages: {printed_pages(path)} for {path.read_text(encoding='utf-8').count('<section')} sections")


if __name__ == "__main__":
    main()
