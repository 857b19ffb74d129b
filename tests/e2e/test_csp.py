"""The Content-Security-Policy meta tag: real pages raise no violation, injected script is blocked."""
from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Page

from site_src.pipeline import Project
from tests.e2e.conftest import serve_folder

VIOLATION = "Content Security Policy"


def _watch_violations(page: Page) -> None:
    page.add_init_script("""
        window.__violations = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
    """)


def test_no_page_reports_a_csp_violation(page: Page, site_url: str, real_site: Project) -> None:
    _watch_violations(page)
    pages = sorted(p.relative_to(real_site.site).as_posix()
                   for p in real_site.site.rglob("*.html"))
    assert len(pages) > 20
    violations = {}
    for relative in pages:
        page.goto(site_url + relative.removesuffix("index.html"))
        found = page.evaluate("window.__violations")
        if found:
            violations[relative] = found
    assert violations == {}
    assert [e for e in page.console_errors if VIOLATION in e] == []  # type: ignore[attr-defined]


def test_injected_inline_script_and_handler_are_blocked(page: Page, real_site: Project,
                                                        tmp_path: Path) -> None:
    """What if escaping ever failed: the policy itself must stop inline script."""
    site = tmp_path / "site"
    shutil.copytree(real_site.site, site)
    home = site / "index.html"
    home.write_text(home.read_text("utf-8").replace(
        "</main>", "<script>document.title = 'pwned'</script>"
                   "<img src=x onerror=\"document.title = 'pwned by handler'\">"
                   "<a id=js href=\"javascript:document.title='pwned by link'\">x</a></main>"),
        encoding="utf-8")
    _watch_violations(page)
    server, origin = serve_folder(site)
    try:
        page.goto(origin + "/index.html")
        page.click("#js")
        page.wait_for_timeout(200)
        assert "pwned" not in page.title()
        blocked = page.evaluate("window.__violations")
        assert len([v for v in blocked if v.startswith("script-src")]) >= 3, blocked
    finally:
        server.shutdown()
