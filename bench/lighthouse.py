"""Lighthouse scores of the built site, one page of each kind, in Debian's Chromium.

Usage: python bench/lighthouse.py [--desktop] [SITE_DIR]   (default: _site, built beforehand)

Installs npm `lighthouse` into bench/node_modules on first use (git-ignored), serves the
site on a local port and prints performance, accessibility, best-practices and SEO per page.
Lighthouse's default (mobile, simulated slow 4G) settings are kept, or its desktop preset
with --desktop: the goal is 100 for the last three and at least 95 for performance on every
page, on both.
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

BENCH = Path(__file__).resolve().parent
LIGHTHOUSE = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage "
                "--disable-background-networking --disable-component-update --disable-sync "
                "--no-first-run --disable-default-apps")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve `site` on a free local port, in a thread; the server and its origin URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def pages(site: Path) -> dict[str, str]:
    """One page of each kind, chosen from the site's own data."""
    dataset = json.loads((site / "papers.json").read_text("utf-8"))
    kinds = {"home": "", "taxonomy": dataset["taxonomy"][0]["page"], "all papers": "papers/",
             "paper": dataset["papers"][0]["page"], "search": "search/"}
    if (site / "charts" / "index.html").is_file():
        kinds["charts"] = "charts/"
    return kinds


def ensure_lighthouse() -> None:
    if not LIGHTHOUSE.is_file():
        subprocess.run(["npm", "install", "--prefix", str(BENCH), "--no-save", "--no-audit",
                        "--no-fund", "lighthouse"], check=True)


def scores(url: str, desktop: bool) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        subprocess.run(["node", str(LIGHTHOUSE), url, "--quiet", "--output=json",
                        f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}",
                        "--only-categories=" + ",".join(CATEGORIES),
                        *(["--preset=desktop"] if desktop else [])],
                       check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"})
        result = json.loads(report.read_text("utf-8"))
    failing = [f"{audit['id']} ({audit['score']})" for audit in result["audits"].values()
               if audit.get("score") is not None and audit["score"] < 1
               and audit.get("scoreDisplayMode") == "binary"]
    if failing:
        print(f"  {url}: failing audits: {', '.join(failing)}", file=sys.stderr)
    return {name: round(result["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    arguments = sys.argv[1:]
    desktop = "--desktop" in arguments
    folders = [a for a in arguments if a != "--desktop"]
    site = Path(folders[0] if folders else "_site").resolve()
    ensure_lighthouse()
    server, origin = serve(site)
    print("desktop" if desktop else "mobile")
    print(f"{'page':<12} " + " ".join(f"{name:>14}" for name in CATEGORIES))
    worst = dict.fromkeys(CATEGORIES, 100)
    try:
        for kind, path in pages(site).items():
            found = scores(origin + path, desktop)
            worst = {name: min(worst[name], found[name]) for name in CATEGORIES}
            print(f"{kind:<12} " + " ".join(f"{found[name]:>14}" for name in CATEGORIES), flush=True)
    finally:
        server.shutdown()
    met = worst["performance"] >= 95 and all(worst[n] == 100 for n in CATEGORIES[1:])
    print("goal met" if met else "goal NOT met (100 a11y/best-practices/SEO, >= 95 performance)")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
