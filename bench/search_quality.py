"""Search quality on twenty reader queries: is the paper a reader wants in the top five?

python -m bench.search_quality [SITE_DIR] [--pagefind]

Serves the built site (default `_site`) on a local port and types each query into the
site's own search page in Debian's Chromium, exactly as a reader would; prints, per query,
the number of results and the rank of the expected paper. With `--pagefind` (needs
`pip install 'pagefind[bin]'`, not a dependency of the project), the same paper records
are indexed by Pagefind's Python API and searched with its browser library, so the two
engines are compared on the same queries, with index time and bytes fetched per query.
"""
from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from playwright.sync_api import Browser, Page, sync_playwright

from bench.lighthouse import serve

CHROMIUM = "/usr/bin/chromium"
QUERIES = (
    ("reward design with code", "ma2023eureka"),
    ("diffusion policies offline", "wang2022diffusion"),
    ("video prediction rewards", "escontrela2023video"),
    ("world models physical robots", "wu2022daydreamer"),
    ("planning with diffusion", "janner2022diffuser"),
    ("grounding language affordances", "ahn2022can"),
    ("sim-to-real", "ma2024dreureka"),
    ("decision transformers", "chen2021decision"),
    ("Schmidhuber", "ha2018recurrent"),
    ("humanoid locomotion terrains", "advancing2024humanoid"),
    ("vision-language models as reward models", "rocamonde2023vision"),
    ("policies distillation vla", "julg2025refined"),
    ("generating simulation tasks", "wang2023gensimgr"),
    ("preferences fine-tuning diffusion policy", "chen2025fdpp"),
    ("guiding exploration with language models", "ma2024explorllm"),
    ("consistency policy", "ding2023consistency"),
    ("rewarding pretraining language", "adeniji2023language"),
    ("safe planning diffusion", "xiao2023safediffuser"),
    ("multi-agent transformer", "wen2022multi"),
    ("Jin", "ding2023consistency"),
)
TOP = 5


def transfer(page: Page, folder: str) -> int:
    """Bytes of the files under `folder` that the page fetched (Resource Timing)."""
    return int(page.evaluate(
        """folder => performance.getEntriesByType("resource")
             .filter(e => e.name.includes(folder))
             .reduce((sum, e) => sum + e.encodedBodySize, 0)""", folder))


def site_engine(browser: Browser, origin: str) -> Callable[[str], tuple[int, list[str], int]]:
    """Query the site's search page, each query in a fresh tab so that the bytes counted are
    what one query costs a new reader; (results found, keys in rank order, bytes fetched)."""
    def run(query: str) -> tuple[int, list[str], int]:
        page = browser.new_page()
        page.goto(origin + "search/?" + urlencode({"q": query}))
        status = page.locator("[data-search-status]")
        status.filter(has_text=query).wait_for()
        page.wait_for_load_state("networkidle")
        text = status.inner_text()
        found = int(text.split()[0]) if text[0].isdigit() else 0
        hrefs = page.locator("[data-search-results] li a").evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")
        fetched = transfer(page, "/search-index/")
        page.close()
        keys = [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]
        return found, keys, fetched
    return run


def pagefind_bundle(site: Path) -> float:
    """Index the paper records with Pagefind into `site/pagefind/`; seconds taken."""
    from pagefind.index import IndexConfig, PagefindIndex

    papers = json.loads((site / "papers.json").read_text("utf-8"))["papers"]

    async def index() -> None:
        config = IndexConfig(output_path=str(site / "pagefind"), force_language="en")
        async with PagefindIndex(config=config) as pagefind:
            for paper in papers:
                body = " ".join([paper["title"], " ".join(paper["authors"]), paper["venue"] or "",
                                 paper["framework"] or "", paper["description"] or ""])
                await pagefind.add_custom_record(url="/" + paper["page"], content=body,
                                                 language="en", meta={"title": paper["title"]})

    start = time.perf_counter()
    asyncio.run(index())
    return time.perf_counter() - start


def pagefind_engine(browser: Browser, origin: str) -> Callable[[str], tuple[int, list[str], int]]:
    def run(query: str) -> tuple[int, list[str], int]:
        page = browser.new_page()
        page.goto(origin + "robots.txt")
        result: dict[str, Any] = page.evaluate(
            """async ([url, q]) => { const pf = await import(url); await pf.init();
               const r = await pf.search(q);
               const top = await Promise.all(r.results.slice(0, 5).map(x => x.data()));
               return {found: r.results.length, urls: top.map(d => d.url)}; }""",
            [origin + "pagefind/pagefind.js", query])
        fetched = transfer(page, "/pagefind/")
        page.close()
        keys = [url.rstrip("/").rsplit("/", 1)[-1] for url in result["urls"]]
        return result["found"], keys, fetched
    return run


def report(name: str, run: Callable[[str], tuple[int, list[str], int]]) -> None:
    hits, transfer = 0, []
    print(f"\n{name}\n{'query':<44}{'found':>6}{'rank':>6}{'bytes':>9}")
    for query, expected in QUERIES:
        found, keys, fetched = run(query)
        rank = keys.index(expected) + 1 if expected in keys else 0
        hits += 0 < rank <= TOP
        transfer.append(fetched)
        print(f"{query:<44}{found:>6}{rank or '-':>6}{fetched:>9}", flush=True)
    print(f"expected paper in the top {TOP}: {hits} of {len(QUERIES)}; "
          f"bytes fetched per query: median {sorted(transfer)[len(transfer) // 2]}")


def main() -> int:
    site = Path(next((a for a in sys.argv[1:] if not a.startswith("-")), "_site")).resolve()
    compare = "--pagefind" in sys.argv
    if compare:
        seconds = pagefind_bundle(site)
        size = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file())
        print(f"Pagefind: indexed in {seconds:.2f} s, bundle {size / 1024:.0f} KiB")
    server, origin = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless"])
            report("site search", site_engine(browser, origin))
            if compare:
                report("Pagefind", pagefind_engine(browser, origin))
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
