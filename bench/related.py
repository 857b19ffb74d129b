"""Benchmark: related papers for every paper of the synthetic corpus, at several sizes.

python -m bench.related [--sizes 250,2000,10000] [--seed 1] [--repeat 3]

Times `Relatedness` (word signatures included) and one `related()` call per paper, in this
process, best of `--repeat`, wall clock and CPU. The corpus' descriptions use a vocabulary of
fifty words, which every large corpus drops as too common; so each size is also timed with
descriptions drawn from a Zipf-distributed vocabulary of 20,000 words, where many words are
shared by a few papers each, the case that makes the text comparison work hardest.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.corpus import generate
from site_src.model import Paper, Survey
from site_src.pipeline import Project, Report, load_survey
from site_src.related import Relatedness


def zipf_descriptions(papers: tuple[Paper, ...], seed: int) -> tuple[Paper, ...]:
    rng = random.Random(seed)
    vocabulary = [f"w{number}x" for number in range(20_000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    return tuple(replace(paper, description=" ".join(rng.choices(vocabulary, weights, k=60)))
                 for paper in papers)


def time_related(survey: Survey, papers: tuple[Paper, ...], repeat: int) -> str:
    """Best wall-clock and CPU seconds: on a shared machine the CPU time varies less."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        relatedness = Relatedness(papers, survey.nodes, survey.config.language)
        for paper in papers:
            relatedness.related(paper)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return f"{wall:.3f} s ({cpu:.3f} s CPU)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,2000,10000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        for size in (int(s) for s in options.sizes.split(",")):
            project = Project(generate(Path(work) / str(size), size, options.seed))
            survey = load_survey(project, Report())
            corpus = time_related(survey, survey.papers, options.repeat)
            zipf = time_related(survey, zipf_descriptions(survey.papers, options.seed),
                                options.repeat)
            print(f"{size:>6} papers: corpus text {corpus}, Zipf text {zipf}")


if __name__ == "__main__":
    main()
