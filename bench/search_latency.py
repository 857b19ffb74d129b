"""Time from a keystroke in the search page to its first results, in Debian's Chromium.

python -m bench.search_latency SITE_DIR [WORD ...]

Serves the built site (e.g. of a `bench.corpus` project of 10,000 papers) on a local port
and opens its search page once per word in a fresh page, so nothing is cached. It types
the word as a reader does, a key every TYPING_MS, then times two things: a first query
whose words are all new (the letters set at once: the index files of the word are not
fetched yet), and the last keystroke of the typed word, from the key to the results
for the whole word. Prints each word's times and the medians; the target is under 100 ms
at 10,000 papers.
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
TYPING_MS = 120
TIMED = """async ([word, typed]) => {
  const input = document.querySelector("#search-query");
  const results = document.querySelector("[data-search-results]");
  const shown = () => results.textContent.toLowerCase().includes(word.slice(0, 4));
  input.focus();
  if (typed) {
    for (const letter of word.slice(0, -1)) {
      input.value += letter;
      input.dispatchEvent(new Event("input", {bubbles: true}));
      await new Promise(done => setTimeout(done, TYPING_MS));
    }
  }
  results.replaceChildren();
  const start = performance.now();
  input.value = word;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  while (!results.querySelector("li") || !shown()) {
    await new Promise(done => requestAnimationFrame(done));
    if (performance.now() - start > 10000) return -1;
  }
  return performance.now() - start;
}""".replace("TYPING_MS", str(TYPING_MS))


def main() -> None:
    site = Path(sys.argv[1])
    words = sys.argv[2:] or WORDS
    server, origin = serve(site)
    times: dict[bool, list[float]] = {False: [], True: []}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM)
            for word in words:
                for typed in (False, True):
                    page = browser.new_page()
                    page.goto(origin + "search/")
                    page.wait_for_load_state("networkidle")
                    times[typed].append(page.evaluate(TIMED, [word, typed]))
                    page.close()
                print(f"{word:<14} new words {times[False][-1]:7.1f} ms   "
                      f"last keystroke {times[True][-1]:7.1f} ms")
            browser.close()
    finally:
        server.shutdown()
    for typed, label in ((False, "new words"), (True, "last keystroke")):
        print(f"{label}: median {statistics.median(times[typed]):.1f} ms, "
              f"max {max(times[typed]):.1f} ms")


if __name__ == "__main__":
    main()
