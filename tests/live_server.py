"""Drive `python build.py serve` as a real subprocess, the way a contributor runs it."""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class LiveServer:
    """A running preview server; its terminal output is collected line by line."""

    def __init__(self, root: Path, startup_timeout: float = 20) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "build.py"), "--root", str(root), "serve",
             "--port", str(self.port)],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._collect, daemon=True).start()
        self.wait_for(lambda: self.fetch("")[0] == 200, "the server to answer", startup_timeout)
        # Its output is read by a thread: until the start line is in, lines of the first build
        # may still be on their way, and would be taken for a later rebuild's.
        self.wait_for(lambda: any(line.startswith("serving ") for line in list(self.lines)),
                      "the server's start line")

    def _collect(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def fetch(self, path: str) -> tuple[int, str]:
        """Status and body of a page; (0, '') while nothing listens yet."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")
        except OSError:
            return 0, ""

    def wait_for(self, condition: Callable[[], bool], what: str, timeout: float = 20) -> float:
        """Poll until `condition` holds; returns the seconds it took."""
        start = time.perf_counter()
        while not condition():
            if self.process.poll() is not None:
                raise AssertionError(f"server exited while waiting for {what}:\n"
                                     + "\n".join(self.lines))
            if time.perf_counter() - start > timeout:
                raise AssertionError(f"timed out waiting for {what}:\n" + "\n".join(self.lines))
            time.sleep(0.02)
        return time.perf_counter() - start

    def peak_mib(self) -> float:
        """The server process's peak resident memory so far (Linux: /proc)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text("utf-8")
        line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
        return int(line.split()[1]) / 1024

    def interrupt(self, timeout: float = 15) -> int:
        """Ctrl-C, as in a terminal; returns the exit code. Windows has no SIGINT to send to
        another console's process: there the server is terminated."""
        if sys.platform == "win32":
            self.process.terminate()
        else:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
