"""A full build of the sample content: every page exists, output is stable.

Internal links are checked by tests/test_internal_links.py with site_src.linkcheck.
"""
from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import bibtexparser
import pytest
import yaml

from site_src import output
from site_src.pipeline import Project, build
from site_src.produce import write_file
from tests.conftest import SAMPLE_CONTENT, MakeProject
from tests.test_errors import tree_digest


def front_matter(path: Path) -> dict[str, object]:
    return dict(yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1]))


def test_every_expected_page_exists(sample_site: Project) -> None:
    site = sample_site.site
    papers = sorted(p.stem for p in (SAMPLE_CONTENT / "papers").glob("*.md"))
    taxonomy = yaml.safe_load((SAMPLE_CONTENT / "taxonomy.yaml").read_text())

    def ids(nodes: list[dict[str, object]]) -> list[str]:
        return [i for n in nodes for i in [str(n["id"]), *ids(n.get("children", []))]]  # type: ignore[arg-type]

    years = {front_matter(SAMPLE_CONTENT / "papers" / f"{k}.md")["year"] for k in papers}
    expected = (["index.html", "papers/index.html", "404.html", "sitemap.xml", "robots.txt",
                 "feed.xml", "papers.json", "references.bib", "about/index.html",
                 "cite/index.html"]
                + [f"papers/{key}/index.html" for key in papers]
                + [f"taxonomy/{node}/index.html" for node in ids(taxonomy["nodes"])]
                + [f"years/{year}/index.html" for year in years])
    missing = [path for path in expected if not (site / path).is_file()]
    assert missing == []
    assert len(ids(taxonomy["nodes"])) == 29


def test_paper_page_shows_metadata_placements_and_bibtex(sample_site: Project) -> None:
    html = (sample_site.site / "papers/ma2023eureka/index.html").read_text()
    assert ">Eureka: Human-Level Reward Design via Coding Large Language Models</h1>" in html
    assert "Yecheng Jason Ma" in html
    assert "<dd>EUREKA</dd>" in html and "<dd>GPT 4</dd>" in html
    assert "NVIDIA Isaac Gym" in html
    assert 'href="../../taxonomy/reward-llm/"' in html
    assert "@article{ma2023eureka," in html
    assert "Uses a coding language model" in html


def test_a_paper_listed_under_two_nodes_appears_on_both(sample_site: Project) -> None:
    for node in ("planning-diffusion", "diffusion-policy"):
        html = (sample_site.site / f"taxonomy/{node}/index.html").read_text()
        assert 'href="../../papers/chi2023diffusion/"' in html
    parent = (sample_site.site / "taxonomy/rl-for-generative-policies/index.html").read_text()
    assert parent.count('href="../../papers/chi2023diffusion/"') == 1


def test_data_downloads_carry_every_paper(sample_site: Project) -> None:
    data = json.loads((sample_site.site / "papers.json").read_text())
    keys = sorted(p.stem for p in (SAMPLE_CONTENT / "papers").glob("*.md"))
    assert data["schema_version"] == 1
    assert [p["key"] for p in data["papers"]] == keys
    library = bibtexparser.parse_string((sample_site.site / "references.bib").read_text())
    assert library.failed_blocks == []
    assert sorted(e.key for e in library.entries) == keys


def test_feed_and_sitemap_are_valid_xml_with_absolute_urls(sample_site: Project) -> None:
    base = "https://clmoro.github.io/Robotics-RL-FMs-Integration/"
    feed = ET.parse(sample_site.site / "feed.xml").getroot()
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 12
    sitemap = ET.parse(sample_site.site / "sitemap.xml").getroot()
    locations = [loc.text or "" for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert base in locations and f"{base}papers/ma2023eureka/" in locations
    assert all(loc.startswith(base) for loc in locations)
    assert f"Sitemap: {base}sitemap.xml" in (sample_site.site / "robots.txt").read_text()


def test_readme_lists_sections_in_taxonomy_order_with_entries(sample_site: Project) -> None:
    readme = sample_site.readme.read_text()
    headings = re.findall(r"^(#+) (.+)$", readme, flags=re.MULTILINE)
    titles = [title for _, title in headings]
    assert titles.index("1.Learning reward functions with LLMs") < titles.index(
        "2.VLMs for reward learning") < titles.index("Policy Safety (new!)")
    assert ("#####", "1.Learning reward functions with LLMs") in headings
    assert "Large Language Models" not in titles, "nodes with readme.show false get no heading"
    assert ("- Eureka: Human-Level Reward Design via Coding Large Language Models "
            "[[paper]](https://arxiv.org/abs/2310.12931)") in readme
    assert ("- (2025)! SafeVLA: Towards Safety Alignment of Vision-Language-Action Model via "
            "Constrained Learning [[paper]](https://arxiv.org/pdf/2503.03480)") in readme
    assert "python -m pytest" in readme


def test_two_builds_are_byte_identical(make_project: MakeProject) -> None:
    first, second = make_project(name="a"), make_project(name="b")
    build(first)
    build(second)
    assert tree_digest(first.site) == tree_digest(second.site)
    assert first.readme.read_bytes() == second.readme.read_bytes()
    build(first)
    assert tree_digest(first.site) == tree_digest(second.site)


def test_base_url_override_changes_absolute_urls_only(make_project: MakeProject) -> None:
    project = make_project()
    build(Project(project.root, "https://user.github.io/other-repo"))
    home = (project.site / "index.html").read_text()
    assert '<link rel="canonical" href="https://user.github.io/other-repo/">' in home
    assert 'href="papers/"' in home
    not_found = (project.site / "404.html").read_text()
    assert 'href="/other-repo/papers/"' in not_found


def test_markdown_cannot_inject_markup(make_project: MakeProject) -> None:
    project = make_project()
    paper = project.content / "papers" / "ma2023eureka.md"
    paper.write_text(paper.read_text() + "\n<script>alert(1)</script>"
                     " <img src=x onerror=alert(1)>\n")
    build(project)
    html = (project.site / "papers/ma2023eureka/index.html").read_text()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    assert "<img src=x" not in html


def publish(site: Path, files: dict[str, bytes]) -> None:
    """Publish `files` the way a build does, through a staging folder."""
    with output.staging(site) as folder:
        for relative, content in files.items():
            write_file(folder, relative, content)


def no_exchange(a: Path, b: Path) -> bool:
    """What the swap gets on a system without an atomic folder exchange (macOS, Windows)."""
    return False


@pytest.mark.parametrize("exchange", [output._exchange, no_exchange])
def test_swap_replaces_the_whole_tree_and_leaves_nothing_beside_it(
        tmp_path: Path, exchange: Callable[[Path, Path], bool]) -> None:
    site = tmp_path / "_site"
    publish(site, {"a.html": b"old", "gone.html": b"x"})
    staged = tmp_path / ".site-tmp-next"
    write_file(staged, "a.html", b"new")
    output.swap_in(staged, site, exchange)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["a.html"]
    assert (site / "a.html").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_exchange_is_used_where_the_system_has_it(tmp_path: Path) -> None:
    if sys.platform != "linux":
        pytest.skip("renameat2 is Linux's")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "from-a").touch()
    assert output._exchange(tmp_path / "a", tmp_path / "b")
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["from-a"]


def test_a_build_killed_between_the_two_renames_gets_the_old_site_back(tmp_path: Path) -> None:
    site = tmp_path / "_site"
    publish(site, {"a.html": b"old"})
    parked = tmp_path / ".site-old-killed"
    parked.mkdir()
    site.rename(parked / "site")
    (tmp_path / ".site-tmp-killed").mkdir()
    with pytest.raises(OSError, match="disk full"), output.staging(site):
        assert (site / "a.html").read_bytes() == b"old", "put back before anything else"
        raise OSError("disk full")
    assert (site / "a.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_a_failure_while_writing_keeps_the_old_site(tmp_path: Path) -> None:
    site = tmp_path / "_site"
    publish(site, {"a.html": b"old"})
    with pytest.raises(OSError, match="disk full"), output.staging(site) as folder:
        write_file(folder, "b.html", b"new")
        raise OSError("disk full")
    assert (site / "a.html").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]


def test_leftover_staging_folders_are_cleaned(tmp_path: Path) -> None:
    (tmp_path / ".site-tmp-killed").mkdir()
    publish(tmp_path / "_site", {"a.html": b"x"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["_site"]
