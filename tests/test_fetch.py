"""The metadata client and parsers: spacing, caching, and what the services' answers become."""
from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from remote_server import RemoteServer

from site_src.fetch import FetchError, arxiv, crossref
from site_src.fetch.http import Client
from site_src.fetch.record import Record, bibtex_entry, suggested_key
from site_src.load.bib import parse_bib_text


@pytest.fixture(autouse=True)
def services(remote: RemoteServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The parsers ask the local stand-in, as the commands do in the other tests."""
    monkeypatch.setenv("SURVEY_SITE_ARXIV_API", remote.arxiv)
    monkeypatch.setenv("SURVEY_SITE_CROSSREF_API", remote.crossref)


def test_requests_to_one_host_are_spaced(remote: RemoteServer) -> None:
    client = Client("the arXiv API", timeout=5, interval=0.4)
    for number in ("2310.12931", "2410.24164", "2004.00784"):
        arxiv.by_id(client, number)
    times = [request.at for request in remote.requests]
    assert len(times) == 3
    assert all(later - earlier >= 0.38 for earlier, later in itertools.pairwise(times))


def test_answers_are_cached_and_failures_are_not(remote: RemoteServer, tmp_path: Path) -> None:
    client = Client("Crossref", timeout=5, cache=tmp_path / "cache")
    first = crossref.by_doi(client, "10.1016/j.inffus.2025.104003")
    assert crossref.by_doi(client, "10.1016/j.inffus.2025.104003") == first
    with pytest.raises(FetchError):
        crossref.by_doi(client, "10.5555/nothing")
    with pytest.raises(FetchError):
        crossref.by_doi(client, "10.5555/nothing")
    assert [r.path for r in remote.requests] == ["/works/10.1016/j.inffus.2025.104003",
                                                 "/works/10.5555/nothing", "/works/10.5555/nothing"]
    assert len(list((tmp_path / "cache").iterdir())) == 1


def test_crossref_markup_is_stripped_and_escaped_for_bibtex() -> None:
    answer = {"status": "ok", "message": {
        "title": ["Sim-to-real for <i>Quadrupeds</i> &amp; 100% of arms"], "type": "book-chapter",
        "author": [{"given": "Ana", "family": "Müller"}, {"name": "The RoboCo Team"}],
        "issued": {"date-parts": [[2021, 5]]}, "container-title": ["Robot Learning"],
        "page": "10-20", "publisher": "Springer", "DOI": "10.1/x"}}
    record = crossref.parse_work(json.dumps(answer).encode(), "10.1/x")
    assert record.title == r"Sim-to-real for Quadrupeds \& 100\% of arms"
    assert record.authors == ("Müller, Ana", "The RoboCo Team")
    assert (record.entry_type, record.venue_field, record.pages) == ("incollection", "booktitle", "10--20")
    entries, problems = parse_bib_text(bibtex_entry(record, suggested_key(record)), "x")
    assert problems == []
    entry = entries["muller2021sim"]
    assert entry.fields["title"] == "Sim-to-real for Quadrupeds & 100% of arms"
    assert (entry.fields["booktitle"], entry.fields["publisher"]) == ("Robot Learning", "Springer")


def test_unbalanced_braces_cannot_end_an_entry_early() -> None:
    record = Record("arXiv", "A {broken} title}", ("Doe, Jane",), 2024, arxiv="2401.00001")
    entries, problems = parse_bib_text(bibtex_entry(record, "doe2024broken"), "x")
    assert problems == []
    assert entries["doe2024broken"].fields["title"] == "A broken title"


@pytest.mark.parametrize(("given", "number"), [
    ("2310.12931", "2310.12931"), ("arXiv:2310.12931v2", "2310.12931"),
    ("hep-th/9901001v1", "hep-th/9901001"), ("math.GT/0309136", "math.GT/0309136")])
def test_arxiv_ids_old_and_new(given: str, number: str) -> None:
    assert arxiv.normalise_id(given) == number
