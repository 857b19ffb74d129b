"""Link checking over a built site: internal links offline, external links over the network.

Internal: every `href`/`src` that stays on the site must name a file of the site, and every
`#fragment` an `id` on the target page. External: each distinct URL is asked once, in
parallel, with HEAD first (cheap) and GET when a server refuses HEAD; timeouts and 5xx
answers are retried with backoff, since the web is flaky and a dead link is a strong claim.
For the same reason a link whose server says "too many requests" (429) or never answers is
"unknown", a warning, not broken. Hosts that ask to be spared (arXiv, doi.org) get one request
at a time, spaced, however many workers run.
"""
from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from site_src.diagnostics import Diagnostic

LINK_ATTRIBUTES = frozenset({"href", "src"})
USER_AGENT = "survey-site-linkcheck/1 (+https://github.com/)"


@dataclass(frozen=True)
class Link:
    target: str
    line: int


class ParsedPage(HTMLParser):
    """Ids and links of one HTML page, with the line each link is on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[Link] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in LINK_ATTRIBUTES and not (tag == "link" and _is_canonical(attrs)):
                self.links.append(Link(value.strip(), self.getpos()[0]))


def _is_canonical(attrs: list[tuple[str, str | None]]) -> bool:
    """The canonical URL is absolute by design and names the published site, not this copy."""
    return ("rel", "canonical") in attrs


def parse_page(html: str) -> ParsedPage:
    page = ParsedPage()
    page.feed(html)
    page.close()
    return page


def is_external(target: str) -> bool:
    return bool(urlsplit(target).scheme) or target.startswith("//")


def _site_pages(site: Path) -> dict[str, ParsedPage]:
    return {path.relative_to(site).as_posix(): parse_page(path.read_text("utf-8"))
            for path in sorted(site.rglob("*.html"))}


def _resolve(site: Path, page: str, target: str, base_path: str) -> Path:
    """The file a link names; root-relative links (404.html uses them) start at `base_path`."""
    path = unquote(urlsplit(target).path)
    if path.startswith("/"):
        resolved = site / path.removeprefix(base_path) if path.startswith(base_path) else site / ".."
    else:
        resolved = (site / page).parent / path if path else site / page
    if path.endswith("/") or resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved


def internal_problems(site: Path, base_path: str = "/", shown: str = "_site") -> list[Diagnostic]:
    """Every internal link of every page that names a missing file or a missing #fragment."""
    pages = _site_pages(site)
    root = site.resolve()
    problems: list[Diagnostic] = []
    for page, parsed in pages.items():
        for link in parsed.links:
            if is_external(link.target):
                continue
            where = f"{shown}/{page}"
            resolved = _resolve(site, page, link.target, base_path)
            if not resolved.resolve().is_relative_to(root) or not resolved.is_file():
                problems.append(Diagnostic(where, link.line, "", f"broken link '{link.target}'",
                                           "the target file does not exist in the built site"))
                continue
            fragment = unquote(urlsplit(link.target).fragment)
            target_page = resolved.relative_to(site).as_posix()
            if fragment and target_page in pages and fragment not in pages[target_page].ids:
                problems.append(Diagnostic(where, link.line, "",
                                           f"broken fragment '{link.target}'",
                                           f"{target_page} has no element with id '{fragment}'"))
    return problems


def external_links(site: Path) -> dict[str, list[tuple[str, int]]]:
    """Each distinct http(s) URL of the site, with the pages and lines it appears on."""
    found: dict[str, list[tuple[str, int]]] = {}
    for page, parsed in _site_pages(site).items():
        for link in parsed.links:
            if urlsplit(link.target).scheme in ("http", "https"):
                found.setdefault(link.target.split("#")[0], []).append((page, link.line))
    return found


@dataclass(frozen=True)
class Verdict:
    url: str
    status: int | None
    error: str = ""
    moved_to: str = ""
    unknown: bool = False
    """Rate limited or no answer in time: neither working nor broken."""

    @property
    def dead(self) -> bool:
        return not self.unknown and (self.status is None or self.status >= 400)


POLITE_HOSTS = frozenset({"arxiv.org", "export.arxiv.org", "doi.org", "dx.doi.org"})


@dataclass(frozen=True)
class Policy:
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0
    workers: int = 16
    polite_hosts: frozenset[str] = POLITE_HOSTS
    polite_interval: float = 1.0


@dataclass
class _Pacer:
    """One request at a time per polite host, `interval` seconds apart."""

    interval: float
    hosts: frozenset[str]
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def turn(self, url: str) -> threading.Lock | None:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        if host not in self.hosts:
            return None
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    def wait(self, url: str) -> None:
        """Called holding the host's turn: sleep until the host may be asked again."""
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        time.sleep(max(0.0, self._last.get(host, -self.interval) + self.interval - time.monotonic()))
        self._last[host] = time.monotonic()


def _request(url: str, method: str, timeout: float) -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status), str(response.geturl())
    except urllib.error.HTTPError as error:
        return int(error.code), url


def _attempt(url: str, policy: Policy) -> Verdict:
    try:
        status, final = _request(url, "HEAD", policy.timeout)
        if status in (403, 405, 501):
            status, final = _request(url, "GET", policy.timeout)
        return Verdict(url, status, moved_to=final if final != url else "", unknown=status == 429)
    except (OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        timed_out = isinstance(reason, TimeoutError)
        return Verdict(url, None, str(reason) or type(error).__name__, unknown=timed_out)


def check_url(url: str, policy: Policy, pacer: _Pacer | None = None) -> Verdict:
    """HEAD, then GET if HEAD is refused; retry timeouts and server errors with backoff.

    A 429 is not retried: the server asked for fewer requests.
    """
    pacer = pacer or _Pacer(policy.polite_interval, policy.polite_hosts)
    verdict = Verdict(url, None, "not checked")
    for attempt in range(policy.retries + 1):
        if attempt:
            time.sleep(policy.backoff * 2 ** (attempt - 1))
        turn = pacer.turn(url)
        if turn is None:
            verdict = _attempt(url, policy)
        else:
            with turn:
                pacer.wait(url)
                verdict = _attempt(url, policy)
        if verdict.status is not None and verdict.status < 500:
            return verdict
    return verdict


def check_external(urls: Iterable[str], policy: Policy) -> list[Verdict]:
    pacer = _Pacer(policy.polite_interval, policy.polite_hosts)
    with ThreadPoolExecutor(max_workers=policy.workers) as pool:
        return list(pool.map(lambda url: check_url(url, policy, pacer), sorted(set(urls))))


def external_problems(site: Path, policy: Policy, shown: str = "_site") -> list[Diagnostic]:
    """Dead external links as errors, permanently moved ones as warnings."""
    links = external_links(site)
    problems = []
    for verdict in check_external(links, policy):
        page, line = links[verdict.url][0]
        others = len(links[verdict.url]) - 1
        also = f" (and {others} more)" if others else ""
        where = f"{shown}/{page}"
        reason = f"HTTP {verdict.status}" if verdict.status else verdict.error
        if verdict.unknown:
            problems.append(Diagnostic(where, line, "", f"could not check {verdict.url}: "
                                       f"{reason}{also}", "unknown, not counted as broken; the "
                                       "next check asks again", level="warning"))
        elif verdict.dead:
            problems.append(Diagnostic(where, line, "", f"dead link {verdict.url}: {reason}{also}",
                                       "fix or remove the link in content/"))
        elif verdict.moved_to:
            problems.append(Diagnostic(where, line, "", f"{verdict.url} redirects to "
                                       f"{verdict.moved_to}{also}", "link the final address",
                                       level="warning"))
    return problems
