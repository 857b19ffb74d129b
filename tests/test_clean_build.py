"""Every build is complete and clean: what is on disk never decides what a build writes.

Also what makes a build safe to run anywhere: one build of a project at a time, render
workers started by spawn (macOS, Windows) writing what forked ones write, files saved by
Windows editors, and nothing written outside the project.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.corpus import generate
from site_src.lock import build_lock
from site_src.pipeline import Project, build
from tests.conftest import REPO, MakeProject

EUREKA = "papers/ma2023eureka/index.html"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def cold(project: Project, folder: Path) -> dict[str, bytes]:
    """The site a first build of the same content gives in another folder."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(project.content, folder / "content")
    build(Project(folder, project.base_url))
    return tree(folder / "_site")


def run_build(root: Path, *python: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *python, str(REPO / "build.py"), "--root", str(root)],
                          cwd=REPO, capture_output=True, text=True, timeout=600)


def test_a_deleted_output_is_rebuilt(make_project: MakeProject) -> None:
    project = make_project()
    build(project)
    before = tree(project.site)
    (project.site / EUREKA).unlink()
    (project.site / "papers.json").write_text("damaged", "utf-8")
    report = build(project)
    assert tree(project.site) == before
    assert report.files == len(before)


def test_an_edit_gives_what_a_cold_build_gives(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project()
    build(project)
    paper = project.content / "papers" / "ma2023eureka.md"
    paper.write_text(paper.read_text("utf-8").replace("- reward-llm\n", "- reward-vlm\n")
                     + "\nA sentence added in review.\n", "utf-8")
    build(project)
    assert "A sentence added in review." in (project.site / EUREKA).read_text("utf-8")
    assert tree(project.site) == cold(project, tmp_path / "cold")


def test_unchanged_readme_and_figures_are_not_rewritten(make_project: MakeProject) -> None:
    project = make_project()
    build(project)
    written = [project.readme, *sorted(project.figures.iterdir())]
    assert len(written) > 1
    for path in written:
        os.utime(path, ns=(1, 1))
    build(project)
    assert [path.stat().st_mtime_ns for path in written] == [1] * len(written)


def test_a_second_build_stops_in_one_line_while_one_runs(make_project: MakeProject) -> None:
    project = make_project()
    with build_lock(project.lock):
        result = run_build(project.root)
    assert result.returncode == 1
    assert result.stderr == f"another build of this project is running (pid {os.getpid()})\n"
    assert not project.site.exists()
    assert run_build(project.root).returncode == 0, "the lock is released with its holder"


_HOLDER = """
import multiprocessing, sys, time
from pathlib import Path
from site_src.lock import build_lock

def work(running):
    running.set()  # past the fork's handlers, as a render worker is when it renders
    time.sleep(60)


with build_lock(Path(sys.argv[1])):
    fork = multiprocessing.get_context("fork")
    running = fork.Event()
    child = fork.Process(target=work, args=(running,))
    child.start()
    running.wait(60)
    print(child.pid, flush=True)
    time.sleep(60)
"""


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="only forked children inherit the lock's descriptor")
def test_a_killed_build_leaves_no_lock_in_its_forked_children(make_project: MakeProject) -> None:
    project = make_project()
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(project.lock)], cwd=REPO,
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    child = int(holder.stdout.readline())
    try:
        holder.kill()  # as a build is killed mid-render: its workers live on for a moment
        holder.wait(timeout=60)
        os.kill(child, 0)  # still running
        with build_lock(project.lock):
            pass
    finally:
        os.kill(child, 9)


def test_concurrent_builds_leave_a_complete_site_and_no_traceback(make_project: MakeProject,
                                                                  tmp_path: Path) -> None:
    project = make_project()
    command = [sys.executable, str(REPO / "build.py"), "--root", str(project.root)]
    processes = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(process.wait(timeout=600), *process.communicate()) for process in processes]
    for code, _out, err in results:
        assert "Traceback" not in err
        assert code == 0 or err.startswith("another build of this project is running (pid ")
    assert any(code == 0 for code, _out, _err in results)
    assert tree(project.site) == cold(project, tmp_path / "cold")
    assert [p.name for p in project.root.iterdir() if p.name.startswith(".")] == []


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(),
                    reason="only spawn here: nothing to compare with")
def test_spawned_workers_write_the_bytes_forked_ones_write(tmp_path: Path) -> None:
    """1,000 papers: enough outputs for render workers under either start method."""
    forked = Project(generate(tmp_path / "forked", 1000, seed=3))
    spawned = generate(tmp_path / "spawned", 1000, seed=3)
    build(forked, start_method="fork")
    as_on_macos = ("-c", "import multiprocessing, runpy, sys; "
                   "multiprocessing.set_start_method('spawn'); sys.argv = sys.argv[1:]; "
                   "runpy.run_path(sys.argv[0], run_name='__main__')")
    result = run_build(spawned, *as_on_macos)
    assert result.returncode == 0, result.stderr
    assert tree(spawned / "_site") == tree(forked.site)
    assert (spawned / "README.md").read_bytes() == forked.readme.read_bytes()


def test_files_saved_by_windows_editors_build(make_project: MakeProject, tmp_path: Path) -> None:
    project = make_project()
    build(project)
    expected = tree(project.site)
    for path in (project.content / "papers" / "ma2023eureka.md", project.content / "site.yaml"):
        text = path.read_text("utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    build(project)
    assert tree(project.site) == expected


def test_a_build_writes_nothing_outside_the_project(make_project: MakeProject,
                                                     tmp_path: Path) -> None:
    project = make_project()
    home = tmp_path / "home"
    home.mkdir()
    environment = {**os.environ, "HOME": str(home), "USERPROFILE": str(home)}
    environment.pop("XDG_CACHE_HOME", None)
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(project.root)],
                            cwd=REPO, capture_output=True, text=True, env=environment,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    assert list(home.iterdir()) == []
    assert sorted(p.name for p in project.root.iterdir()) == \
        ["README.md", "_site", "content", "docs"]
