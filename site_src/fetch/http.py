"""One polite HTTP client: timeouts, a clear User-Agent, spaced requests and an answer cache.

Every failure becomes a `FetchError` whose message is one line a contributor can act on
(offline, timed out, HTTP status), so commands print it and exit instead of a traceback.
The cache keeps successful answers by URL, so a second `enrich` asks the network nothing.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import os
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from site_src.fetch import FetchError, NotFound

CONTACT_VARIABLE = "SURVEY_SITE_MAILTO"


def user_agent() -> str:
    """Crossref and arXiv ask clients to say who they are; a contact address is optional."""
    contact = os.environ.get(CONTACT_VARIABLE, "").strip()
    mail = f"; mailto:{contact}" if contact else ""
    try:
        version = importlib.metadata.version("survey-site")
    except importlib.metadata.PackageNotFoundError:
        version = "dev"
    return f"survey-site/{version} (literature-survey site generator{mail})"


@dataclass
class Client:
    """`interval` is the least time between two requests to one host (arXiv asks 3 s)."""

    service: str
    timeout: float = 20.0
    interval: float = 0.0
    cache: Path | None = None
    _last: dict[str, float] = field(default_factory=dict)

    def _cached(self, url: str) -> Path | None:
        if self.cache is None:
            return None
        return self.cache / f"{hashlib.sha256(url.encode()).hexdigest()[:32]}.body"

    def _wait_turn(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            time.sleep(max(0.0, last + self.interval - time.monotonic()))
        self._last[host] = time.monotonic()

    def get(self, url: str, accept: str) -> bytes:
        """The body of a 200 answer; `NotFound` for 404, `FetchError` for anything else."""
        cached = self._cached(url)
        if cached is not None and cached.is_file():
            return cached.read_bytes()
        host = urlsplit(url).netloc
        self._wait_turn(host)
        who = f"{self.service} ({host})"
        request = urllib.request.Request(url, headers={"User-Agent": user_agent(), "Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: bytes = response.read()
        except urllib.error.HTTPError as error:
            raise _status_error(who, error.code) from None
        except (OSError, ValueError) as error:
            reason = error.reason if isinstance(error, urllib.error.URLError) else error
            if isinstance(reason, TimeoutError | socket.timeout):
                raise FetchError(f"{who} did not answer within {self.timeout:g} s; "
                                 "try again later") from None
            raise FetchError(f"cannot reach {who}: {_reason(reason)}; are you online?") from None
        self._last[host] = time.monotonic()
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            partial = cached.with_suffix(".part")
            partial.write_bytes(body)
            partial.replace(cached)
        return body


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def _status_error(who: str, status: int) -> FetchError:
    if status == 404:
        return NotFound(f"{who} answered HTTP 404 (not found)")
    if status == 429:
        return FetchError(f"{who} answered HTTP 429 (too many requests); wait a minute and retry")
    if status >= 500:
        return FetchError(f"{who} answered HTTP {status} (a server error); try again later")
    return FetchError(f"{who} answered HTTP {status}")
