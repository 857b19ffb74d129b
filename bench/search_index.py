"""The search index alone: time, memory and size of `search_index.search_files` on a project.

python -m bench.search_index PROJECT  (e.g. a corpus from bench.corpus.generate, or '.')

Prints JSON. Peak memory is what Python allocated while indexing (tracemalloc, measured in
a second run so that the first run's time is not slowed by tracing); the index is built
twice and must come out byte-identical.
"""
from __future__ import annotations

import json
import sys
import time
import tracemalloc
from pathlib import Path

from site_src import search_index
from site_src.pipeline import Project, Report, load_survey


def measure(project: Project) -> dict[str, object]:
    survey = load_survey(project, Report())
    start, cpu = time.perf_counter(), time.process_time()
    files = search_index.search_files(survey)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    tracemalloc.start()
    again = search_index.search_files(survey)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    if again != files:
        raise SystemExit("the search index differs between two builds of the same survey")
    largest = max(files, key=lambda file: len(file[1]))
    return {"papers": len(survey.papers), "seconds": round(seconds, 3), "cpu": round(cpu, 3),
            "peak_mib": round(peak / 2**20, 1), "files": len(files),
            "shards": sum("/terms/" in path for path, _ in files),
            "mib": round(sum(len(content) for _, content in files) / 2**20, 2),
            "largest": [largest[0], len(largest[1])]}


if __name__ == "__main__":
    print(json.dumps(measure(Project(Path(sys.argv[1])))))
