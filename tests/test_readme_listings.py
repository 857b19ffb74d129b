"""The generated README carries every entry of the awesome list under the same section."""
from __future__ import annotations

import csv
import re
from pathlib import Path

from tests.conftest import REPO
from tests.test_data_audit import audit_table

LISTINGS = REPO / "tests" / "fixtures" / "awesome_list_listings.csv"
ENTRY = re.compile(r"^- (?:\(\d{4}\)! )?(?P<title>.+?) ?\[\[paper\]\]\((?P<url>[^)]+)\)")


def readme_rows(readme: Path) -> list[tuple[str, str, str]]:
    rows, section = [], ""
    for line in readme.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            section = line.lstrip("#").strip()
        elif match := ENTRY.match(line):
            rows.append((section, match["title"].strip(), match["url"]))
    return rows


def list_rows() -> list[tuple[str, str, str]]:
    """The list's entries, with the title corrections recorded in docs/data-audit.md."""
    corrected = {row["listed as"]: row["corrected to"] for row in audit_table("Title corrections")}
    with LISTINGS.open(encoding="utf-8", newline="") as handle:
        return [(row["section"], corrected.get(row["title"], row["title"]), row["url"])
                for row in csv.DictReader(handle)]


def test_every_listing_is_in_the_readme_under_its_section() -> None:
    generated = set(readme_rows(REPO / "README.md"))
    missing = [row for row in list_rows() if row not in generated]
    assert missing == []


def test_sections_follow_the_list_order() -> None:
    readme_sections = list(dict.fromkeys(section for section, _, _ in readme_rows(REPO / "README.md")))
    list_sections = list(dict.fromkeys(section for section, _, _ in list_rows()))
    assert [s for s in readme_sections if s in list_sections] == list_sections


def test_readme_adds_only_papers_the_list_lacks() -> None:
    """Extra lines may only be whole papers added from the review's tables, never altered entries."""
    listed_urls = {url for _, _, url in list_rows()}
    extras = [row for row in readme_rows(REPO / "README.md") if row not in set(list_rows())]
    assert all(url not in listed_urls for _, _, url in extras), extras
    assert len(extras) <= 5
