"""Benchmark: the generator beside Hugo and the floor on the same synthetic corpus.

python -m bench [--sizes 250,2000,10000] [--large] [--seed 1] [--edits 5] [--work DIR] [--real RUNS]

For each size: a cold build, Hugo and the floor on the same corpus, then `python build.py serve`
on it: the median time from saving a paper to the preview serving the new text, and the
server's peak memory. `--real RUNS` first times the survey's own content (cold builds, Hugo
and the floor, RUNS times each); `--sizes ""` leaves out the synthetic corpora.

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
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import REPO, generate
from tests.live_server import LiveServer

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


def build(project: Path) -> tuple[Run, int]:
    """A cold build as a contributor runs it (`python build.py`); the files it wrote."""
    run = timed([sys.executable, str(REPO / "build.py"), "--root", str(project)])
    built = re.match(r"built (\d+) files", run.stdout)
    if built is None:
        raise SystemExit(f"unexpected output of the build: {run.stdout!r}")
    return run, int(built[1])


def first_paper(project: Path) -> Path:
    """The paper the preview benchmark edits: chosen once, outside the timed span."""
    return sorted((project / "content" / "papers").glob("*.md"))[0]


def site_paths(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def serve_edits(project: Path, edits: int) -> tuple[float, float]:
    """Median seconds from saving a paper to the preview serving it, and the server's peak MiB."""
    server = LiveServer(project, startup_timeout=900)
    run = time.time_ns()
    paper = first_paper(project)
    page = f"papers/{paper.stem}/"
    try:
        seconds = []
        for edit in range(edits):
            time.sleep(0.5)
            sentence = f"Benchmark edit {edit} of run {run}."  # new text on a reused corpus
            text = paper.read_text("utf-8") + f"\n{sentence}\n"
            start = time.perf_counter()
            paper.write_text(text, "utf-8")
            server.wait_for(lambda s=sentence: s in server.fetch(page)[1], sentence, 120)
            seconds.append(time.perf_counter() - start)
        peak = server.peak_mib()
    finally:
        server.interrupt(timeout=600)
    return statistics.median(seconds), peak


def anchors(project: Path, work: Path, name: str) -> tuple[Run, Run]:
    """Hugo and the floor on the project's content, after a build wrote its `_site/`."""
    hugo_out = work / f"hugo-{name}"
    hugo = timed(["hugo", "--source", str(HUGO_SITE), "--contentDir", str(project / "content"),
                  "--destination", str(hugo_out), "--quiet"])
    paths_file = work / f"paths-{name}.txt"
    paths_file.write_text("\n".join(site_paths(project / "_site")), "utf-8")
    floor_out = work / f"floor-{name}"
    floor = timed([sys.executable, "-m", "bench.floor", str(project), str(floor_out),
                   str(paths_file)])
    shutil.rmtree(hugo_out, ignore_errors=True)
    shutil.rmtree(floor_out, ignore_errors=True)
    return hugo, floor


def measure(count: int, seed: int, work: Path, edits: int) -> dict[str, float]:
    project = generate(work / f"n{count}", count, seed)
    cold, files = build(project)
    hugo, floor = anchors(project, work, str(count))
    serve, serve_mib = serve_edits(project, edits)
    return {
        "N": count, "cold": cold.seconds, "rss": cold.peak_mib, "files": float(files),
        "hugo": hugo.seconds, "hugo_rss": hugo.peak_mib, "floor": floor.seconds,
        "serve": serve, "serve_rss": serve_mib,
    }


def measure_real(work: Path, runs: int) -> None:
    """The survey's own content: medians of `runs` cold builds, of Hugo and of the floor,
    interleaved so that a busy moment of the machine falls on all three alike."""
    project = work / "real"
    shutil.rmtree(project, ignore_errors=True)
    for folder in ("content", "templates"):
        shutil.copytree(REPO / folder, project / folder)
    builds, hugos, floors = [], [], []
    for _ in range(runs):
        builds.append(build(project)[0])
        hugo, floor = anchors(project, work, "real")
        hugos.append(hugo)
        floors.append(floor)
    cold, hugo_s, floor_s = (statistics.median(r.seconds for r in runs_)
                             for runs_ in (builds, hugos, floors))
    print(f"real content, median of {runs}: cold {cold:.3f}s (x{cold / hugo_s:.2f} Hugo, "
          f"x{cold / floor_s:.2f} floor; min {min(r.seconds for r in builds):.3f}s)  peak "
          f"{max(r.peak_mib for r in builds):.0f} MiB  |  Hugo {hugo_s:.3f}s  floor "
          f"{floor_s:.3f}s", flush=True)


def print_row(row: dict[str, float]) -> None:
    print(f"N={row['N']:>6.0f}  cold {row['cold']:6.2f}s "
          f"(x{row['cold'] / row['hugo']:.2f} Hugo, x{row['cold'] / row['floor']:.2f} floor)  "
          f"peak {row['rss']:5.0f} MiB  files {row['files']:.0f}  |  serve edit "
          f"{row['serve']:5.2f}s, peak {row['serve_rss']:5.0f} MiB  |  Hugo {row['hugo']:6.2f}s "
          f"{row['hugo_rss']:5.0f} MiB  floor {row['floor']:6.2f}s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="250,2000,10000", help="paper counts, comma-separated")
    parser.add_argument("--large", action="store_true", help="also N = 50,000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--edits", type=int, default=5, help="preview edits timed per size")
    parser.add_argument("--work", type=Path, help="where corpora are built (default: a temp dir)")
    parser.add_argument("--real", type=int, default=0, metavar="RUNS",
                        help="first time RUNS cold builds of the survey's own content")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",") if size] + ([50000] if args.large else [])
    work = args.work or Path(tempfile.mkdtemp(prefix="survey-bench-"))
    try:
        if args.real:
            measure_real(work, args.real)
        for count in sizes:
            print_row(measure(count, args.seed, work, args.edits))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
