"""Filter and sort speed of the all-papers table, in Debian's Chromium.

python -m bench.table_filter SITE_DIR [--script FACETS_JS]

Serves the built site (e.g. of a `bench.corpus` project of 10,000 papers), opens its
all-papers page and times, inside the page, each filter change (tick, then untick, the
first option of every facet; a year range) and each sort (every column, twice) from the
event to the end of the layout it causes. `--script` serves another facets.js in place of
the site's (say, an older one from git) so two versions are compared on the same table.
"""
from __future__ import annotations

import statistics
import sys
from pathlib import Path

from playwright.sync_api import Route, sync_playwright

from bench.lighthouse import serve

CHROMIUM = "/usr/bin/chromium"
TIMED = """async () => {
  const settle = () => new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
  const time = async action => {
    await settle();
    const start = performance.now();
    action();
    document.body.offsetHeight;
    return performance.now() - start;
  };
  const filters = [], sorts = [];
  document.querySelector("details.filters").open = true;
  for (const box of document.querySelectorAll("fieldset[data-facet] input:first-of-type")) {
    filters.push(await time(() => box.click()));
    filters.push(await time(() => box.click()));
  }
  const from = document.querySelector("select[name=from]");
  if (from) {
    filters.push(await time(() => {
      from.selectedIndex = Math.floor(from.options.length / 2);
      from.dispatchEvent(new Event("change", {bubbles: true}));
    }));
  }
  for (const th of document.querySelectorAll("table.papers thead th")) {
    const button = th.querySelector("button");
    if (!button) continue;
    sorts.push(await time(() => button.click()));
    sorts.push(await time(() => button.click()));
  }
  return {rows: document.querySelectorAll("table.papers tbody tr").length, filters, sorts};
}"""


def main() -> int:
    site = Path(sys.argv[1]).resolve()
    script = Path(sys.argv[sys.argv.index("--script") + 1]).read_bytes() if "--script" in sys.argv else None
    server, origin = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            if script is not None:
                def replace(route: Route) -> None:
                    route.fulfill(body=script, content_type="text/javascript")
                page.route("**/static/facets.*.js", replace)
            page.goto(origin + "papers/", timeout=120_000)
            result = page.evaluate(TIMED)
            browser.close()
    finally:
        server.shutdown()
    for name in ("filters", "sorts"):
        times = result[name]
        print(f"{result['rows']} rows, {len(times)} {name}: median {statistics.median(times):.0f} ms, "
              f"max {max(times):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
