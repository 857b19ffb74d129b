"""Benchmark: the generator beside Hugo and the floor on the same synthetic corpus.

python -m bench [--sizes 250,2000,10000] [--large] [--seed 1] [--work DIR]

Needs Hugo on PATH, which neither the package nor `.ci/run` installs (no test uses it):
`sudo apt-get install hugo` on Debian or Ubuntu.

Every build runs in its own process (interpreter start-up and imports count, as they do
for a contributor), timed by wall clock; peak RSS is that process's ru_maxrss from wait4.
The machine is shared and noisy, so ratios are printed next to times. Peak RSS is the
largest single process (wait4 reports the maximum over a process and its children), so with
forked render workers it is per process, not their sum.

On a disk whose file system slows down after mass deletions (this machine's ext4 took from
0.8 s to 10 s to create the same 20,000 files), give `--work /dev/shm/bench`: every tool then
writes to memory, and the comparison measures the tools rather than the disk.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.corpus import REPO, generate, leaf_nodes

HUGO_SITE = Path(__file__).parent / "hugo"


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float
    stdout: str


def timed(command: list[str]) -> Run:
    """Run a command; its wall time and peak resident memory."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, stdout=out, cwd=REPO)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        stdout = out.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with {process.returncode}")
    return Run(seconds, usage.ru_maxrss / 1024, stdout)


def build(project: Path) -> tuple[Run, dict[str, object]]:
    run = timed([sys.executable, "-m", "bench.build_once", str(project)])
    return run, json.loads(run.stdout.strip().splitlines()[-1])


def edit_body(project: Path) -> None:
    paper = sorted((project / "content" / "papers").glob("*.md"))[0]
    paper.write_text(paper.read_text("utf-8") + "\nOne more sentence from a reviewer.\n", "utf-8")


def edit_taxonomy(project: Path) -> None:
    """Move the first paper from its first node to another leaf of the taxonomy."""
    paper = sorted((project / "content" / "papers").glob("*.md"))[0]
    text = paper.read_text("utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    leaves = leaf_nodes(yaml.safe_load((project / "content" / "taxonomy.yaml").read_text("utf-8")))
    current = meta["taxonomy"][0]
    target = next(leaf for leaf in leaves if leaf not in meta["taxonomy"])
    paper.write_text(text.replace(f"- {current}\n", f"- {target}\n", 1), "utf-8")


def site_paths(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def measure(count: int, seed: int, work: Path) -> dict[str, float]:
    project = generate(work / f"n{count}", count, seed)
    cold, cold_report = build(project)
    warm, _ = build(project)
    edit_body(project)
    body, body_report = build(project)
    edit_taxonomy(project)
    taxonomy, taxonomy_report = build(project)
    hugo_out = work / f"hugo{count}"
    hugo = timed(["hugo", "--source", str(HUGO_SITE), "--contentDir", str(project / "content"),
                  "--destination", str(hugo_out), "--quiet"])
    paths_file = work / f"paths{count}.txt"
    paths_file.write_text("\n".join(site_paths(project / "_site")), "utf-8")
    floor_out = work / f"floor{count}"
    floor = timed([sys.executable, "-m", "bench.floor", str(project), str(floor_out),
                   str(paths_file)])
    shutil.rmtree(hugo_out, ignore_errors=True)
    shutil.rmtree(floor_out, ignore_errors=True)
    return {
        "N": count, "cold": cold.seconds, "warm": warm.seconds, "body": body.seconds,
        "taxonomy": taxonomy.seconds, "rss": cold.peak_mib, "files": float(cold_report["files"]),
        "body_written": float(body_report["written"]),
        "taxonomy_written": float(taxonomy_report["written"]),
        "hugo": hugo.seconds, "hugo_rss": hugo.peak_mib, "floor": floor.seconds,
    }


def print_row(row: dict[str, float]) -> None:
    print(f"N={row['N']:>6.0f}  cold {row['cold']:6.2f}s "
          f"(x{row['cold'] / row['hugo']:.2f} Hugo, x{row['cold'] / row['floor']:.2f} floor)  "
          f"warm {row['warm']:5.2f}s  body edit {row['body']:5.2f}s "
          f"({row['body_written']:.0f} written)  taxonomy edit {row['taxonomy']:5.2f}s "
          f"({row['taxonomy_written']:.0f} written)  peak {row['rss']:5.0f} MiB  "
          f"files {row['files']:.0f}  |  Hugo {row['hugo']:6.2f}s {row['hugo_rss']:5.0f} MiB  "
          f"floor {row['floor']:6.2f}s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="250,2000,10000", help="paper counts, comma-separated")
    parser.add_argument("--large", action="store_true", help="also N = 50,000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, help="where corpora are built (default: a temp dir)")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")] + ([50000] if args.large else [])
    work = args.work or Path(tempfile.mkdtemp(prefix="survey-bench-"))
    try:
        for count in sizes:
            print_row(measure(count, args.seed, work))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
