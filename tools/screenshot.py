"""Screenshot pages of a running app with Debian's chromium, for looking at what we built.

    python tools/screenshot.py http://127.0.0.1:8501/ /tmp/overview.png [--height 2200]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools import chromium  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("out")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=2200)
    parser.add_argument("--settle", type=float, default=3.0, help="seconds to wait after the page stops running")
    args = parser.parse_args()
    with chromium.session(args.width, args.height, extra=("--hide-scrollbars",)) as driver:
        chromium.emulate_width(driver, args.width, args.height)
        driver.get(args.url)
        wait = WebDriverWait(driver, 90)
        wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "h1")))
        wait.until(lambda d: not d.find_elements(By.CSS_SELECTOR, "[data-testid='stStatusWidget']"))
        time.sleep(args.settle)
        driver.save_screenshot(args.out)
    print(args.out)


if __name__ == "__main__":
    main()
