"""Time from a keystroke in the search page to its first results, in Debian's Chromium.

python -m bench.search_latency SITE_DIR [WORD ...]

Serves the built site (e.g. of a `bench.corpus` project of 10,000 papers) on a local port,
opens its search page once per word in a fresh page, so nothing is cached, and types the
word's last letter after the rest, timing from that keystroke to the first result shown.
Prints each word's time and the median; the target is under 100 ms at 10,000 papers.
"""
from __future__ import annotations

import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.lighthouse import serve

CHROMIUM = "/usr/bin/chromium"
WORDS = ("policy", "reward", "diffusion", "language", "trajectory", "locomotion", "preference",
         "exploration", "transformer", "simulation")
TIMED = """async word => {
  const input = document.querySelector("#search-query");
  const results = document.querySelector("[data-search-results]");
  input.focus();
  input.value = word.slice(0, -1);
  const start = performance.now();
  input.value = word;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  while (!results.querySelector("li")) {
    await new Promise(done => requestAnimationFrame(done));
    if (performance.now() - start > 10000) return -1;
  }
  return performance.now() - start;
}"""


def main() -> None:
    site = Path(sys.argv[1])
    words = sys.argv[2:] or WORDS
    server, origin = serve(site)
    times = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            for word in words:
                page = browser.new_page()
                page.goto(origin + "search/")
                page.wait_for_load_state("networkidle")
                milliseconds = page.evaluate(TIMED, word)
                print(f"{word:<14} {milliseconds:7.1f} ms")
                times.append(milliseconds)
                page.close()
            browser.close()
    finally:
        server.shutdown()
    print(f"{len(times)} words: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms")


if __name__ == "__main__":
    main()
