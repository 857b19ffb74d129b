"""The preview's watcher (`serve`, `file_changes`): the system's file events, settled into
one rebuild per save, or a scan of the files where native watching cannot start."""
from __future__ import annotations

import asyncio
import errno
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from watchdog.observers import Observer

from site_src.serve import SourceWatcher


class Recorder:
    """Stands for the preview: what each rebuild was told, and the file as it read then."""

    reload_wanted = False

    def __init__(self, paper: Path) -> None:
        self.paper = paper
        self.rebuilds: list[tuple[list[str], str | None]] = []

    def rebuild(self, changed: list[str]) -> None:
        text = self.paper.read_text("utf-8") if self.paper.exists() else None
        self.rebuilds.append((list(changed), text))

    def catch_up(self) -> bool:
        return False


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "papers").mkdir(parents=True)
    (folder / "papers" / "a.md").write_text("first\n", "utf-8")
    (folder / "site.yaml").write_text("title: T\n", "utf-8")
    return folder


def watching(watcher: SourceWatcher, *steps: tuple[Callable[[], object], Callable[[], bool]],
             linger: float = 0.0, timeout: float = 15.0) -> None:
    """Run tornado's loop with the watcher as `serve` does; for each step, make its edit and
    run until its condition holds (after the last, `linger` seconds more, for rebuilds that
    should not come)."""
    def examine() -> None:  # livereload's callback, which then reloads the tabs
        watcher.examine()

    async def scenario() -> None:
        watcher.start(examine)
        for edit, until in steps:
            edit()
            deadline = time.monotonic() + timeout
            while not until():
                assert time.monotonic() < deadline, "timed out"
                await asyncio.sleep(0.02)
        await asyncio.sleep(linger)

    failures: list[BaseException] = []

    def run() -> None:  # a thread of its own: another test's browser may hold this one's loop
        try:
            asyncio.run(scenario())
        except BaseException as error:
            failures.append(error)

    loop_thread = threading.Thread(target=run)
    try:
        loop_thread.start()
        loop_thread.join()
    finally:
        watcher.stop()
    if failures:
        raise failures[0]


def test_a_burst_of_writes_is_one_rebuild_with_the_final_text(content: Path) -> None:
    paper = content / "papers" / "a.md"
    preview = Recorder(paper)
    watcher = SourceWatcher([content], preview, settle=0.3)  # type: ignore[arg-type]
    assert watcher.files.observer is not None

    def save_in_pieces() -> None:
        for version in range(4):
            paper.write_text(f"version {version}\n", "utf-8")
            time.sleep(0.01)
        with paper.open("w", encoding="utf-8") as half_written:  # an editor caught mid-write
            half_written.write("final ")
            half_written.flush()
            time.sleep(0.05)
            half_written.write("text\n")

    watching(watcher, (save_in_pieces, lambda: bool(preview.rebuilds)), linger=0.8)
    assert preview.rebuilds == [([str(paper)], "final text\n")]


def test_an_atomic_rename_save_is_seen(content: Path) -> None:
    """Editors that save safely write a temporary file beside the paper and rename it over."""
    paper = content / "papers" / "a.md"
    preview = Recorder(paper)
    watcher = SourceWatcher([content], preview)  # type: ignore[arg-type]

    def rename_save() -> None:
        temporary = paper.with_name(".a.md.tmp")
        temporary.write_text("renamed over\n", "utf-8")
        os.replace(temporary, paper)

    watching(watcher, (rename_save,
                       lambda: any(str(paper) in changed for changed, _ in preview.rebuilds)))
    assert preview.rebuilds[-1][1] == "renamed over\n"


def test_reading_the_files_is_not_a_change(content: Path) -> None:
    """The preview reads every file it rebuilds from: that must not start another rebuild."""
    paper = content / "papers" / "a.md"
    preview = Recorder(paper)
    watcher = SourceWatcher([content], preview)  # type: ignore[arg-type]

    def read_then_save() -> None:
        for path in content.rglob("*"):
            if path.is_file():
                path.read_bytes()
        time.sleep(0.3)
        paper.write_text("saved\n", "utf-8")

    watching(watcher, (read_then_save, lambda: bool(preview.rebuilds)), linger=0.3)
    assert preview.rebuilds == [([str(paper)], "saved\n")]


def test_a_watched_folder_made_while_serving_is_watched(content: Path, tmp_path: Path) -> None:
    """A survey may start its own templates/ folder while the preview runs."""
    templates = tmp_path / "templates"
    preview = Recorder(content / "papers" / "a.md")
    watcher = SourceWatcher([content, templates], preview)  # type: ignore[arg-type]
    assert watcher.files.observer is not None
    template = templates / "base.html"

    def make_folder() -> None:
        templates.mkdir()
        template.write_text("<main></main>\n", "utf-8")

    watching(watcher,
             (make_folder, lambda: any(str(template) in changed
                                       for changed, _ in preview.rebuilds)),
             (lambda: template.write_text("<main>edited</main>\n", "utf-8"),
              lambda: preview.rebuilds[-1][0] == [str(template)]))


@pytest.mark.parametrize("folder", ["templates", "content/papers"])
def test_a_watched_folder_deleted_then_made_again_is_watched_again(
        content: Path, tmp_path: Path, folder: str) -> None:
    """`git checkout` of a branch without templates/, then back: a watch ends with its folder
    (templates/ is watched itself, content/papers/ as part of content/)."""
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "base.html").write_text("<main></main>\n", "utf-8")
    deleted = tmp_path / folder
    file = next(deleted.iterdir())
    preview = Recorder(file)
    watcher = SourceWatcher([content, templates], preview)  # type: ignore[arg-type]
    assert watcher.files.observer is not None

    def make_again() -> None:
        deleted.mkdir()
        file.write_text("made again\n", "utf-8")

    def rebuilt(text: str | None) -> Callable[[], bool]:
        return lambda: any(str(file) in changed and read == text
                           for changed, read in preview.rebuilds)

    watching(watcher, (lambda: shutil.rmtree(deleted), rebuilt(None)),
             (make_again, rebuilt("made again\n")),
             (lambda: file.write_text("edited\n", "utf-8"), rebuilt("edited\n")))
    assert str(deleted) in preview.rebuilds[0][0], "the deletion names the folder too"
    assert preview.rebuilds[-1] == ([str(file)], "edited\n")


class _Refused(Observer):  # type: ignore[misc,valid-type]
    """Native watching that cannot start, as when Linux's inotify watches run out."""

    def start(self) -> None:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")


def test_without_native_watching_the_files_are_scanned(
        content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paper = content / "papers" / "a.md"
    preview = Recorder(paper)
    watcher = SourceWatcher([content], preview, observer=_Refused)  # type: ignore[arg-type]
    assert watcher.files.observer is None

    def save_after_a_few_scans() -> None:
        time.sleep(0.2)
        paper.write_text("scanned\n", "utf-8")

    watching(watcher, (save_after_a_few_scans, lambda: bool(preview.rebuilds)), linger=0.2)
    assert preview.rebuilds == [([str(paper)], "scanned\n")]
    said = capsys.readouterr().err.splitlines()
    assert said == ["cannot watch the files for changes (inotify watch limit reached): looking "
                    f"at them every {watcher.files.poll_milliseconds:.0f} ms instead"], "said once"
