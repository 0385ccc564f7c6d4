"""Render a ``policy-ie view`` page in headless Chromium and save a screenshot.

    python scripts/screenshot_view.py [--input data/samples/sample_article.txt] [--published 2024-11-22]
                                      [--output docs/view.png] [--width 1400] [--height 1000]

Writes the page with ``policy-ie view`` (shipped model unless ``--model``),
then runs ``chromium --headless --screenshot``. Needs Chromium and CJK fonts
(Debian: ``apt-get install chromium fonts-noto-cjk``). The page is copied
next to the screenshot (``.html``) so the two can be compared.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policy_ie.cli import main as cli_main  # noqa: E402

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def screenshot(page: Path, png: Path, width: int, height: int, browser: str) -> None:
    with tempfile.TemporaryDirectory(prefix="policy-ie-chromium-") as profile:
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--user-data-dir={profile}",
             f"--window-size={width},{height}", f"--screenshot={png}", page.resolve().as_uri()],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", default="data/samples/sample_article.txt", help="relative to the repository root")
    parser.add_argument("--published", default="2024-11-22")
    parser.add_argument("--model", default=None)
    parser.add_argument("--output", default="docs/view.png")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=1000)
    args = parser.parse_args(argv)
    browser = find_browser()
    if browser is None:
        print("error: no Chromium found (apt-get install chromium fonts-noto-cjk)", file=sys.stderr)
        return 2
    os.chdir(ROOT)  # relative paths (and the page's subtitle) are the repository's
    png = Path(args.output)
    png.parent.mkdir(parents=True, exist_ok=True)
    page = png.with_suffix(".html")
    command = ["view", args.input, "--published", args.published, "--output", str(page)]
    if args.model:
        command += ["--model", args.model]
    code = cli_main(command)
    if code:
        return code
    screenshot(page, png, args.width, args.height, browser)
    print(f"wrote {png} ({png.stat().st_size:,} bytes) from {page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
