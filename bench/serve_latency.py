"""Time from saving a paper to the preview serving its new page, through `python build.py serve`.

    python bench/serve_latency.py [CONTENT_FOLDER] [--edits N]

Copies the content (default: content/) and templates into a temporary project, starts the
server, then appends a sentence to one paper N times and polls its page until the sentence is
served (every 20 ms, so about 10 ms of each figure is this script waiting for its next look).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from conftest import copy_project  # noqa: E402
from live_server import LiveServer  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="?", type=Path, default=REPO / "content")
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project = copy_project(Path(folder) / "project", args.content.resolve())
        paper = sorted((project.content / "papers").glob("*.md"))[0]
        page = f"papers/{paper.stem}/"
        server = LiveServer(project.root, startup_timeout=900)
        try:
            seconds = []
            for edit in range(args.edits):
                sentence = f"Benchmark edit {edit}."
                time.sleep(0.3)
                start = time.perf_counter()
                paper.write_text(paper.read_text("utf-8") + f"\n{sentence}\n", "utf-8")
                server.wait_for(lambda s=sentence: s in server.fetch(page)[1], sentence)
                seconds.append(time.perf_counter() - start)
            rebuilds = [line for line in server.lines if line.startswith("rebuilt in ")]
        finally:
            server.interrupt(timeout=600)
    papers = len(list((args.content / "papers").glob("*.md")))
    print(f"{papers} papers, {args.edits} edits of {paper.name}: save to served "
          f"min {min(seconds):.3f}s, median {statistics.median(seconds):.3f}s, "
          f"max {max(seconds):.3f}s")
    print("last rebuild:", rebuilds[-1])


if __name__ == "__main__":
    main()
