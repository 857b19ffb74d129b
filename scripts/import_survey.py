#!/usr/bin/env python3
"""One-off importer: turn the survey's seed documents into `content/` data.

Reads (never at build/test time, only when a maintainer runs this script):

* the awesome list (``003_*.txt``): headings and ``- Title [[paper]](url)`` entries;
* the review text (``001_*.txt``): Tables 2, 3, 4, 5 and 7 and the reference list;
* the seed-data CSVs (current tables keyed like ``ma2023eureka``) and the older
  ``history/xlsx`` CSV exports, which carry full titles and a ``Year`` column.

Writes:

* ``content/papers/<key>.md``  -- front-matter only for new files; an existing file keeps
  its Markdown body (hand-written descriptions survive a re-run) and only its
  front-matter is regenerated;
* ``content/references.bib``   -- regenerated completely;
* ``content/taxonomy.yaml``    -- skeleton, written only when the file does not exist;
* ``tests/fixtures/awesome_list_listings.csv`` -- every (section, title, url) listing.

After the first import the Markdown files are the source of truth; re-running the
script overwrites hand edits made to *front-matter*, so treat it as a one-shot tool
(use ``--dry-run`` to see what it would produce).

Usage::

    python scripts/import_survey.py [--seeds ../shared/seeds] [--seed-data ../shared/seed-data]
"""
from __future__ import annotations

import argparse
import csv
import difflib
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent

# --------------------------------------------------------------------------------------
# Taxonomy: list heading text (stripped) -> node id
# --------------------------------------------------------------------------------------
HEADING_TO_NODE: dict[str, str] = {
    "Generative Tools for RL": "generative-tools",
    "Base Model": "base-model",
    "Modality": "modality",
    "Task": "task",
    "Reward Signal": "reward-signal",
    "1.Learning reward functions with LLMs": "reward-llm",
    "2.VLMs for reward learning": "reward-vlm",
    "3.Reward learning with diffusion models": "reward-diffusion",
    "4.Learning rewards from video prediction": "reward-video-prediction",
    "State Representation": "state-representation",
    "1.Learning representations from videos": "representation-from-videos",
    "2.Foundation world models for model-based RL": "foundation-world-models",
    "Planning & Exploration": "planning-exploration",
    "1.LLMs for exploration": "exploration-llm",
    "2.VLMs for exploration": "exploration-vlm",
    "3.LLMs for planning": "planning-llm",
    "4.Diffusion models for planning and exploration": "planning-diffusion",
    "RL for Generative Policies": "rl-for-generative-policies",
    "RL Pre-Training": "rl-pretraining",
    "1.Transformer Policy": "transformer-policy",
    "2.Diffusion Policy": "diffusion-policy",
    "Generative Policy RL Fine-Tuning": "rl-finetuning",
    "Policy Distillation": "policy-distillation",
    "Policy Safety (new!)": "policy-safety",
}

# Base-model nodes have no heading of their own in the list (the list links the Excel
# tables instead), so they carry the papers of the review's per-model tables.
TABLE_BASE_NODE = {2: "llm", 3: "vlm", 4: "diffusion-model", 5: "diffusion-model", 7: "world-model"}
CSV_BASE_NODE = {
    "Large_Language_Models_for_RL_Table__Sheet1.csv": "llm",
    "Vision_Language_Models_for_RL_Table__Sheet1.csv": "vlm",
    "Diffusion_Models_for_RL_Table__Sheet1.csv": "diffusion-model",
    "World_Models_and_Video_Prediction_Models_for_RL_Table__Sheet1.csv": "world-model",
    "RL_for_Transformer_Policy_Table__Sheet1.csv": None,
    "RL_for_Diffusion_Policy_Table__Sheet1.csv": None,
}
# Papers the review explicitly treats as video prediction models (Sections 3.4, 5.1.4, 5.2.1).
VPM_REFERENCES = (109, 112, 113, 121)

# Task column of a review table -> task node for a table-only paper, per base model.
TASK_NODE = {
    ("llm", "Reward Signal"): "reward-llm",
    ("llm", "Planning & Exploration"): "planning-llm",
    ("llm", "State Representation"): "exploration-llm",
    ("vlm", "Reward Signal"): "reward-vlm",
    ("vlm", "State Representation"): "exploration-vlm",
    ("vlm", "Planning & Exploration"): "exploration-vlm",
    ("diffusion-model", "Reward Signal"): "reward-diffusion",
    ("diffusion-model", "State Representation"): "planning-diffusion",
    ("diffusion-model", "Planning & Exploration"): "planning-diffusion",
    ("world-model", "Reward Signal"): "reward-video-prediction",
    ("world-model", "State Representation"): "foundation-world-models",
    ("world-model", "Planning & Exploration"): "foundation-world-models",
}

# Papers discussed in the review but absent from the awesome list and the tables.
# Each is identified by its reference number; the URL is established outside the seeds
# (arXiv abstract page) and documented here.
EXTRA_REFERENCED: dict[int, dict[str, Any]] = {
    153: {"node": "transformer-policy", "arxiv": "2106.01345",  # Decision Transformer
          "title": "Decision Transformer: Reinforcement Learning via Sequence Modeling"},
}

LANDMARKS: dict[str, str] = {  # normalised title fragment -> label
    "decisiontransformerreinforcementlearningviasequencemodeling": "Decision Transformer",
    "diffusionpoliciesasanexpressivepolicyclassforofflinereinforcementlearning": "Diffusion-QL",
    "ageneralistagent": "Gato",
    "eurekahumanleverewarddesignviacodinglargelanguagemodels": "Eureka",
    "eurekahumanlevelrewarddesignviacodinglargelanguagemodels": "Eureka",
    "text2rewardrewardshapingwithlanguagemodelsforreinforcementlearning": "Text2Reward",
    "rlvlmfreinforcementlearningfromvisionlanguagefoundationmodelfeedback": "RL-VLM-F",
    "diffusionrewardlearningrewardsviaconditionalvideodiffusion": "Diffusion Reward",
    "unisimlearninginteractiverealworldsimulators": "UniSim",
    "envgengeneratingandadaptingenvironmentsviallmsfortrainingembodiedagents": "EnvGen",
    "policyagnosticrlfinetuningmultiplepolicyclasseswithactorcriticrl": "Policy Agnostic RL",
    "diffusionpolicypolicyoptimization": "DPPO",
}

# CSV keys that are kept but normalised (lower case, readable, year present).
KEY_RENAMES = {"wang2024": "wang2024rlvlmf", "xietext2reward": "xie2023text2reward"}

# CSV key -> review reference number, for CSV rows whose title cannot be found by
# framework name (verified by hand against the reference list).
CSV_KEY_REFERENCE: dict[str, int] = {
    "zhou2024adaptive": 92, "wang2023cold": 137, "liu2023dipper": 93, "hegde2023generating": 162,
    "ajay2022conditional": 165, "yang2023policy": 166, "ding2023consistency": 164,
    "wang2022diffusion": 88, "chi2023diffusion": 21, "chen2023score": 163, "li2023beyond": 161,
    "bucker2023latte": 150, "bonatti2023pact": 156, "chebotar2023q": 157,
    "trabucco2022anymorph": 158, "wolczyk2024fine": 152, "reed2022generalist": 38,
    "wen2022multi": 154, "li2024online": 151, "kumar2022pre": 125, "mezghani2023think": 133,
    "xu2023hyper": 155, "hu2024harmodt": 149, "nair2022learning": 127,
    "mazzaglia2024multimodal": 103,
}
# CSV keys of papers that have no reference number; matched on the list title.
CSV_KEY_TITLE: dict[str, str] = {
    "hu2023prompt": "Prompt-tuning decision transformer with preference ranking",
    "yuan2023rewarddirectedcd": "Reward-Directed Conditional Diffusion Models for Directed "
                                "Generation and Representation Learning",
}

STOPWORDS = {
    "a", "an", "the", "on", "of", "for", "to", "in", "with", "via", "from", "and", "is", "are",
    "do", "can", "what", "how", "towards", "toward", "by", "as", "at", "we", "you", "your",
}
# Listings of one arXiv id under different titles: the title that is the paper's own
# (the other listing keeps its text through a `{node, title, url}` override).
PRIMARY_TITLE_BY_ARXIV = {
    "2402.02868": "Fine-tuning Reinforcement Learning Models is Secretly a Forgetting Mitigation Problem",
}
# Facts the seeds do not carry, established from public arXiv/bibliographic listings
# (see the report of the first import). Keyed by the listed title.
EXTERNAL_FACTS: dict[str, dict[str, Any]] = {
    "RLingua: Improving Reinforcement Learning Sample Efficiency in Robotic Manipulations With "
    "Large Language Models": {"arxiv": "2403.06420"},
    "MoDem-V2: Visuo-Motor World Models for Real-World Robot Manipulation": {"arxiv": "2309.14236"},
    "Diffusion Policies for Out-of-Distribution Generalization in Offline Reinforcement Learning":
        {"arxiv": "2307.04726"},
    "Learning View-invariant World Models for Visual Robotic Manipulation":
        {"year": 2025, "year_source": "venue"},  # ICLR 2025 (OpenReview forum)
    "Utilizing Large Language Models for Robot Skill Reward Shaping in Reinforcement Learning":
        {"year": 2025, "year_source": "bib"},  # Springer LNCS chapter, 2025
    "DiffSkill: Improving Reinforcement Learning through diffusion-based skill denoiser for "
    "robotic manipulation": {"year": 2024, "year_source": "venue"},  # Knowledge-Based Systems, PII S0950-7051(24)
    # OpenReview submission (reviewed for ICLR 2025), first made public in 2024.
    "Investigating online rl in world models": {"year": 2024, "year_source": "venue"},
}
# Listed titles whose review reference differs too much in wording to be matched automatically.
TITLE_REFERENCE: dict[str, int] = {
    "Policy Agnostic RL Fine-Tuning Multiple Policy Classes with Actor-Critic RL": 45,
}
# Keys chosen by hand where the automatic key would be unreadable.
KEY_BY_TITLE: dict[str, str] = {
    "SSD: Sub-trajectory Stitching with Diffusion Model for Goal-Conditioned Offline Reinforcement "
    "Learning": "kim2024ssd",
    "R-AIF: Solving sparse-reward robotic tasks from pixels with active inference and world models":
        "raif2024solving",
    "Investigating online rl in world models": "investigatingonlinerl",
}
PMLR_YEARS = {"v202": 2023, "v205": 2023, "v229": 2023, "v235": 2024}


# --------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------
def norm(text: str) -> str:
    """Normalised title: ASCII-folded, lower case, alphanumerics only."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [w for w in re.split(r"[^a-z0-9]+", folded) if w]


def significant_words(title: str) -> list[str]:
    return [w for w in words(title) if w not in STOPWORDS]


def similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, norm(a), norm(b)).ratio()


def arxiv_from_url(url: str) -> str | None:
    m = re.search(r"arxiv\.org/(?:abs|pdf|html)/(\d{4}\.\d{4,5})", url, re.I)
    if not m:
        m = re.search(r"10\.48550/arXiv\.(\d{4}\.\d{4,5})", url, re.I)
    return m.group(1) if m else None


def doi_from_url(url: str) -> str | None:
    m = re.search(r"doi\.org/(10\.\d{4,9}/[^\s?#]+)", url)
    if not m or m.group(1).lower().startswith("10.48550/arxiv"):
        return None
    return m.group(1)


def year_from_arxiv(arxiv_id: str) -> int:
    return 2000 + int(arxiv_id[:2])


def year_from_url(url: str, doi: str | None) -> tuple[int, str] | None:
    """Year stated by a DOI or a venue path in the URL, with its source label."""
    if doi:
        m = re.search(r"\.((?:19|20)\d{2})\.", doi)  # e.g. 10.1109/ICRA57147.2024.10610665
        if m:
            return int(m.group(1)), "doi"
    m = re.search(r"proceedings\.mlr\.press/(v\d+)/", url)
    if m and m.group(1) in PMLR_YEARS:
        return PMLR_YEARS[m.group(1)], "venue"
    m = re.search(r"(?:papers\.nips\.cc/paper_files/paper|neurips\.cc/paper)/((?:19|20)\d{2})/", url)
    if m:
        return int(m.group(1)), "venue"
    m = re.search(r"openaccess\.thecvf\.com/content/[A-Z]+((?:19|20)\d{2})/", url)
    if m:
        return int(m.group(1)), "venue"
    return None


# --------------------------------------------------------------------------------------
# Awesome list
# --------------------------------------------------------------------------------------
@dataclass
class Listing:
    section: str           # heading text as it appears in the list, stripped
    node: str
    title: str             # title as listed, without the "(2025)!" marker
    url: str
    marked_2025: bool
    line: int


ENTRY_RE = re.compile(r"^\s*-\s+(?P<mark>\(2025\)!\s*)?(?P<title>.*?)\s*\[\[paper\]\]\((?P<url>.*)\)\s*$")
HEADING_RE = re.compile(r"^(#{2,6})\s*(.*?)\s*$")


def parse_awesome_list(path: Path) -> list[Listing]:
    listings: list[Listing] = []
    section = ""
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        heading = HEADING_RE.match(line)
        if heading:
            section = heading.group(2)
            continue
        entry = ENTRY_RE.match(line)
        if not entry:
            continue
        if section not in HEADING_TO_NODE:
            raise SystemExit(f"{path}:{lineno}: entry under unknown heading {section!r}")
        listings.append(Listing(section, HEADING_TO_NODE[section], entry.group("title").strip(),
                                entry.group("url").strip(), bool(entry.group("mark")), lineno))
    return listings


# --------------------------------------------------------------------------------------
# Review: reference list and tables
# --------------------------------------------------------------------------------------
@dataclass
class Reference:
    number: int
    authors: list[str]      # "Surname, I." forms; "others" for et al.
    first_surname: str
    title: str
    venue: str
    in_proceedings: bool
    year: int | None
    arxiv: str | None


AUTHOR_RE = re.compile(r"^(?:[A-Z]\.(?:-?[A-Z]\.)*)\s?[A-Z][\w'\u00C0-\u017F-]*(?:\s(?:de|van|von|Di)\s[A-Z][\w-]*)?$")


def _split_authors(text: str) -> tuple[list[str], str]:
    """Split 'A. Name, B. Name, Title, venue' into author list and the rest."""
    if " et al., " in text:
        head, rest = text.split(" et al., ", 1)
        return [head.strip().rstrip(","), "others"], rest
    parts = text.split(", ")
    authors: list[str] = []
    while parts and AUTHOR_RE.match(parts[0].strip()):
        authors.append(parts.pop(0).strip())
    return authors, ", ".join(parts)


def _bib_author(name: str) -> str:
    if name == "others":
        return name
    m = re.match(r"^((?:[A-Z]\.(?:-?[A-Z]\.)*))\s?(.*)$", name)
    if not m:
        return name
    initials, surname = m.groups()
    return f"{surname}, {initials}"


def parse_references(review: Path) -> dict[int, Reference]:
    refs: dict[int, Reference] = {}
    text = review.read_text(encoding="utf-8")
    for m in re.finditer(r"^- \[(\d+)\] (.+)$", text, re.M):
        number, body = int(m.group(1)), m.group(2).strip()
        authors, rest = _split_authors(body)
        cut = len(rest)
        for marker in (", in: ", ", *", " *", ", CoRR", ", 20"):
            pos = rest.find(marker)
            if pos != -1:
                cut = min(cut, pos)
        title = rest[:cut].strip().rstrip(",")
        tail = rest[cut:].lstrip(", ")
        in_proc = tail.startswith("in:")
        tail = tail[3:].strip() if in_proc else tail
        venue_m = re.search(r"\*([^*]+)\*", tail)
        venue = venue_m.group(1) if venue_m else re.split(r"[,(]", tail)[0]
        venue = venue.strip().strip(",").strip()
        year_m = re.search(r"\(((?:19|20)\d{2})\)", tail) or re.search(r"\b((?:19|20)\d{2})\b", tail)
        arxiv_m = re.search(r"(?:arXiv:(?:Arxiv-)?|abs/)(\d{4}\.\d{4,5})", tail)
        if arxiv_m or venue.startswith("arXivpreprint") or venue.startswith("CoRR"):
            venue = "arXiv preprint" if arxiv_m and venue.startswith("arXiv") else venue
        first = _bib_author(authors[0]).split(",")[0] if authors else ""
        refs[number] = Reference(number, [_bib_author(a) for a in authors], first, title, venue,
                                 in_proc, int(year_m.group(1)) if year_m else None,
                                 arxiv_m.group(1) if arxiv_m else None)
    return refs


@dataclass
class TableRow:
    table: int
    reference: int
    cells: dict[str, str]


def parse_review_tables(review: Path, numbers: Iterable[int] = (2, 3, 4, 5, 7)) -> list[TableRow]:
    lines = review.read_text(encoding="utf-8").splitlines()
    rows: list[TableRow] = []
    for number in numbers:
        start = next(i for i, text in enumerate(lines)
                     if text.strip().strip("*").strip() == f"Table {number}")
        header_idx = next(i for i in range(start, start + 6) if lines[i].startswith("Paper\t"))
        header = lines[header_idx].split("\t")
        for line in lines[header_idx + 1:]:
            if "\t" not in line:
                break
            cells = dict(zip(header, line.split("\t"), strict=False))
            ref = re.search(r"\[(\d+)\]", cells["Paper"])
            rows.append(TableRow(number, int(ref.group(1)), cells))
    return rows


# --------------------------------------------------------------------------------------
# Seed-data CSVs
# --------------------------------------------------------------------------------------
@dataclass
class CsvRow:
    key: str
    source: str
    cells: dict[str, str]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k.strip(): (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def load_current_csvs(seed_data: Path) -> list[CsvRow]:
    rows: list[CsvRow] = []
    for name in CSV_BASE_NODE:
        for cells in read_csv(seed_data / name):
            key = cells["Name"].lower()
            rows.append(CsvRow(KEY_RENAMES.get(key, key), name, cells))
    return rows


@dataclass
class HistoryRow:
    title: str
    framework: str
    year: int | None
    code: str


def load_history(seed_data: Path) -> list[HistoryRow]:
    """Early xlsx exports: full titles, framework ("Model Used"), Year and code notes."""
    out: list[HistoryRow] = []
    for path in sorted((seed_data / "history" / "xlsx").glob("*.csv")):
        for cells in read_csv(path):
            if "Year" not in cells:
                continue
            year = cells.get("Year", "")
            out.append(HistoryRow(
                title=" ".join(cells["Name"].split()),
                framework=cells.get("Framework") or cells.get("Model Used", ""),
                year=int(float(year)) if year else None,
                code=cells.get("Code Available", ""),
            ))
    return out


# --------------------------------------------------------------------------------------
# Papers
# --------------------------------------------------------------------------------------
@dataclass
class Paper:
    listings: list[Listing] = field(default_factory=list)
    arxiv: str | None = None
    doi: str | None = None
    reference: Reference | None = None
    table_rows: list[TableRow] = field(default_factory=list)
    csv_rows: list[CsvRow] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)
    extra_nodes: list[str] = field(default_factory=list)
    table_only: bool = False
    fallback_title: str = ""
    fallback_url: str = ""
    key: str = ""
    primary: int = 0        # index of the listing that gives the default title and URL

    @property
    def title(self) -> str:
        return self.listings[self.primary].title if self.listings else self.fallback_title

    @property
    def url(self) -> str:
        return self.listings[self.primary].url if self.listings else self.fallback_url

    def titles(self) -> list[str]:
        out = [item.title for item in self.listings] + [h.title for h in self.history]
        if self.reference:
            out.append(self.reference.title)
        if self.fallback_title:
            out.append(self.fallback_title)
        return out


def group_listings(listings: list[Listing]) -> list[Paper]:
    """One paper per arXiv id / DOI / normalised title (transitively)."""
    papers: list[Paper] = []
    index: dict[str, Paper] = {}
    for listing in listings:
        ids = [f"t:{norm(listing.title)}"]
        arxiv_id, doi = arxiv_from_url(listing.url), doi_from_url(listing.url)
        if arxiv_id:
            ids.append(f"a:{arxiv_id}")
        if doi:
            ids.append(f"d:{doi.lower()}")
        found = [index[i] for i in ids if i in index]
        paper = found[0] if found else Paper()
        for other in found[1:]:
            if other is not paper:  # merge two groups joined by this listing
                paper.listings.extend(other.listings)
                papers.remove(other)
                for k, v in list(index.items()):
                    if v is other:
                        index[k] = paper
        if not found:
            papers.append(paper)
        paper.listings.append(listing)
        paper.arxiv = paper.arxiv or arxiv_id
        paper.doi = paper.doi or doi
        for i in ids:
            index[i] = paper
    for paper in papers:
        paper.listings.sort(key=lambda item: item.line)
        preferred = PRIMARY_TITLE_BY_ARXIV.get(paper.arxiv or "")
        for i, listing in enumerate(paper.listings):
            if preferred and listing.title == preferred:
                paper.primary = i
    return papers


def best_match(title: str, papers: list[Paper], threshold: float = 0.86) -> Paper | None:
    target = norm(title)
    best, score = None, 0.0
    for paper in papers:
        for t in paper.titles():
            n = norm(t)
            s = 1.0 if n == target else difflib.SequenceMatcher(None, n, target).ratio()
            if len(n) > 25 and len(target) > 25 and (n in target or target in n):
                s = max(s, 0.9)
            if s > score:
                best, score = paper, s
    return best if score >= threshold else None


def attach_references(papers: list[Paper], refs: dict[int, Reference]) -> None:
    """Give each paper the reference whose title is closest to the paper's default title."""
    best: dict[int, tuple[float, Reference]] = {}
    for ref in refs.values():
        paper = best_match(ref.title, papers)
        if paper is None:
            continue
        score = similar(ref.title, paper.title)
        if id(paper) not in best or score > best[id(paper)][0]:
            best[id(paper)] = (score, ref)
    for paper in papers:
        if id(paper) in best:
            paper.reference = best[id(paper)][1]
        for listing in paper.listings:
            if listing.title in TITLE_REFERENCE:
                paper.reference = refs[TITLE_REFERENCE[listing.title]]


def attach_tables(papers: list[Paper], rows: list[TableRow], refs: dict[int, Reference]) -> list[Paper]:
    """Attach review table rows via their reference number; create table-only papers."""
    added: list[Paper] = []
    by_ref = {p.reference.number: p for p in papers if p.reference}
    for row in rows:
        paper = by_ref.get(row.reference)
        if paper is None:
            ref = refs[row.reference]
            base = TABLE_BASE_NODE[row.table]
            paper = Paper(reference=ref, table_only=True, fallback_title=ref.title,
                          arxiv=ref.arxiv)
            paper.extra_nodes.append(TASK_NODE[(base, row.cells.get("Task", ""))])
            if ref.arxiv:
                paper.fallback_url = f"https://arxiv.org/abs/{ref.arxiv}"
            papers.append(paper)
            added.append(paper)
            by_ref[row.reference] = paper
        paper.table_rows.append(row)
    return added


def _framework_key(text: str) -> str:
    return norm(re.sub(r"\(.*?\)", "", text)) or norm(text)


def attach_csvs(papers: list[Paper], csv_rows: list[CsvRow], table_rows: list[TableRow],
                history: list[HistoryRow], refs: dict[int, Reference]) -> None:
    by_ref = {p.reference.number: p for p in papers if p.reference}
    table_by_framework = {norm(r.cells["Framework"]): r for r in table_rows}
    hist_by_framework: dict[str, HistoryRow] = {}
    for h in history:
        hist_by_framework.setdefault(norm(h.framework), h)
    for row in csv_rows:
        fw = norm(row.cells["Framework"])
        paper: Paper | None = None
        if row.key in CSV_KEY_REFERENCE:
            paper = by_ref.get(CSV_KEY_REFERENCE[row.key])
        elif row.key in CSV_KEY_TITLE:
            paper = best_match(CSV_KEY_TITLE[row.key], papers)
        elif fw in table_by_framework:
            paper = by_ref.get(table_by_framework[fw].reference)
        if paper is None and fw in hist_by_framework:
            paper = best_match(hist_by_framework[fw].title, papers)
        if paper is None:
            raise SystemExit(f"CSV row {row.key} ({row.source}) matches no paper")
        paper.csv_rows.append(row)
    for h in history:
        paper = best_match(h.title, papers, threshold=0.9)
        if paper:
            paper.history.append(h)


# --------------------------------------------------------------------------------------
# Field derivation
# --------------------------------------------------------------------------------------
def code_value(raw: str) -> str:
    r = raw.lower()
    if r.startswith("yes"):
        return "yes"
    if "soon" in r:
        return "no"
    return "unknown"


def environment_value(raw: str) -> tuple[str, str]:
    r = raw.lower()
    detail_m = re.search(r"\((.*)\)", raw)
    detail = detail_m.group(1) if detail_m else ""
    if r in {"both", "real+simulation"} or ("simulation" in r and "real" in r and "potential" not in r):
        env = "both"
    elif r.startswith("real"):
        env = "real"
    elif r.startswith("simulat"):
        env = "simulation"
    else:
        env = "unknown"
    if "potential" in r:
        detail = raw
    return env, detail


def split_models(raw: str) -> list[str]:
    canon = {"llm": "LLM", "vlm": "VLM", "wm": "World Model", "worldmodel": "World Model",
             "worldmode": "World Model", "diffusionmodel": "Diffusion Model",
             "transformermodel": "Transformer", "transfomermodel": "Transformer"}
    out: list[str] = []
    for part in raw.split(","):
        n = norm(part)
        if n and canon.get(n, part.strip()) not in out:
            out.append(canon.get(n, part.strip()))
    return out


TASK_NAMES = {"Reward Signal": "reward signal", "State Representation": "state representation",
              "Planning & Exploration": "planning & exploration"}


def derive_year(paper: Paper) -> tuple[int | None, str | None]:
    if any(item.marked_2025 for item in paper.listings):
        return 2025, "listing"
    external = EXTERNAL_FACTS.get(paper.title, {})
    if "year" in external:
        return external["year"], external["year_source"]
    years = {h.year for h in paper.history if h.year}
    if len(years) == 1:
        return years.pop(), "table"
    if paper.arxiv:
        return year_from_arxiv(paper.arxiv), "arxiv"
    for listing in paper.listings:
        found = year_from_url(listing.url, doi_from_url(listing.url))
        if found:
            return found
    if paper.reference and paper.reference.year:
        return paper.reference.year, "references"
    return None, None


def make_key(paper: Paper, year: int | None, used: set[str]) -> str:
    csv_keys = [r.key for r in paper.csv_rows]
    if csv_keys:
        return csv_keys[0]
    if paper.title in KEY_BY_TITLE:
        return KEY_BY_TITLE[paper.title]
    sig = significant_words(paper.title) or words(paper.title)
    if paper.reference and paper.reference.first_surname and paper.reference.first_surname != "Authors":
        stem = norm(paper.reference.first_surname)
        candidates = [f"{stem}{year}{w}" for w in sig[:3]]
    else:
        candidates = [f"{sig[0]}{year}{w}" for w in sig[1:4]] or [f"{sig[0]}{year}"]
    for c in candidates:
        if c not in used:
            return c
    n = 2
    while f"{candidates[0]}{n}" in used:
        n += 1
    return f"{candidates[0]}{n}"


def front_matter(paper: Paper, year: int | None, source: str | None) -> dict[str, Any]:
    fm: dict[str, Any] = {"key": paper.key}
    if paper.title:
        fm["title"] = paper.title
    taxonomy: list[Any] = []
    seen: set[str] = set()
    for listing in paper.listings:
        if listing.node in seen:
            continue
        seen.add(listing.node)
        if listing.title == paper.title and listing.url == paper.url:
            taxonomy.append(listing.node)
        else:
            item = {"node": listing.node}
            if listing.title != paper.title:
                item["title"] = listing.title
            if listing.url != paper.url:
                item["url"] = listing.url
            taxonomy.append(item)
    for node in paper.extra_nodes:
        if node not in seen:
            seen.add(node)
            taxonomy.append(node)
    fm["taxonomy"] = taxonomy
    if year is not None:
        fm["year"] = year
        fm["year_source"] = source

    csv_row = paper.csv_rows[0].cells if paper.csv_rows else {}
    trow = paper.table_rows[0].cells if paper.table_rows else {}
    framework = csv_row.get("Framework") or trow.get("Framework")
    if framework:
        fm["framework"] = framework.strip()
    # base_model: the concrete generative model (the "Network" column of the LLM/VLM
    # tables, e.g. GPT-4, CLIP); for the other tables, which have no such column, the
    # model class (e.g. Diffusion Model, World Model).
    network = trow.get("Network") or csv_row.get("Base Model")
    models = trow.get("Base Model/Architecture") or trow.get("Base Model/ Architecture") \
        or trow.get("Model Class") or csv_row.get("Taxonomy")
    if network and network not in {"N/A", "Not Specified"}:
        fm["base_model"] = [re.sub(r"^GPT (\d)", r"GPT-\1", m.strip())
                            for m in re.split(r",\s*|\s+and\s+", network) if m.strip()]
    elif models and not network:
        fm["base_model"] = split_models(models)
    code_raw = trow.get("Code") or csv_row.get("Code Available") or csv_row.get("Code Availabale")
    if code_raw:
        fm["code"] = code_value(code_raw)
    for h in paper.history:
        url_m = re.search(r"https?://[^\s)]+", h.code)
        if url_m and "github.com" in url_m.group(0) and fm.get("code") == "yes":
            fm["code_url"] = url_m.group(0)
            break
    data = csv_row.get("Dataset") or trow.get("Training Data")
    if data and data != "N/A":
        fm["training_data"] = data
    tasks = sorted({TASK_NAMES[r.cells["Task"]] for r in paper.table_rows if r.cells.get("Task") in TASK_NAMES})
    if tasks:
        fm["rl_task"] = tasks
    if csv_row.get("Modules"):
        fm["application"] = csv_row["Modules"]
    env_raw = trow.get("Simulation or Real-World Exp.") or csv_row.get("Simulation or Real Exp")
    if env_raw:
        env, detail = environment_value(env_raw)
        fm["environment"] = env
        if detail:
            fm["environment_detail"] = detail
    if paper.arxiv:
        fm["arxiv"] = paper.arxiv
    if paper.doi:
        fm["doi"] = paper.doi
    for listing in paper.listings:
        if not arxiv_from_url(listing.url) and not doi_from_url(listing.url) and "github.io" in listing.url:
            fm.setdefault("links", {})["project"] = listing.url
            break
    for frag, label in LANDMARKS.items():
        if any(norm(t) == frag for t in paper.titles()):
            fm["landmark"] = label
    return fm


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------
BIB_SPECIALS = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\^{}"}


def bib_escape(text: str) -> str:
    return "".join(BIB_SPECIALS.get(ch, ch) for ch in text)


def bib_entry(paper: Paper, fm: dict[str, Any]) -> str:
    ref = paper.reference
    is_arxiv_only = ref is None or ref.venue in {"arXiv preprint", "CoRR"} or not ref.venue
    kind = "inproceedings" if ref and ref.in_proceedings else ("misc" if is_arxiv_only else "article")
    fields: list[tuple[str, str]] = [("title", bib_escape(paper.title))]
    if ref and ref.authors:
        fields.append(("author", bib_escape(" and ".join(ref.authors))))
    if ref and not is_arxiv_only:
        fields.append(("booktitle" if kind == "inproceedings" else "journal", bib_escape(ref.venue)))
    if "year" in fm:
        fields.append(("year", str(fm["year"])))
    if paper.url:
        fields.append(("url", paper.url.replace("{", "%7B").replace("}", "%7D")))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archivePrefix", "arXiv")]
    if paper.doi:
        fields.append(("doi", paper.doi))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{paper.key},\n{body}\n}}\n"


def dump_front_matter(fm: dict[str, Any]) -> str:
    class Dumper(yaml.SafeDumper):
        pass

    def flow_map(dumper: yaml.SafeDumper, data: dict) -> yaml.Node:
        return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=False)

    Dumper.add_representer(dict, flow_map)
    text = yaml.dump(fm, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    # quote yes/no so YAML 1.1 readers keep them as strings
    text = re.sub(r"^code: '?(yes|no|unknown)'?$", r'code: "\1"', text, flags=re.M)
    return text


def existing_body(path: Path) -> str:
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    parts = text.split("---\n", 2)
    return parts[2] if len(parts) == 3 else ""


def taxonomy_skeleton() -> dict[str, Any]:
    def node(id_: str, title: str, heading: str | None = None, list_papers: bool | None = None,
             children: list | None = None) -> dict[str, Any]:
        n: dict[str, Any] = {"id": id_, "title": title, "description": ""}
        readme: dict[str, Any] = {}
        if heading is not None:
            readme["heading"] = heading
        if list_papers is not None:
            readme["list_papers"] = list_papers
        if readme:
            n["readme"] = readme
        if children:
            n["children"] = children
        return n

    inverse = {v: k for k, v in HEADING_TO_NODE.items()}
    h = lambda i: inverse[i]  # noqa: E731
    return {"nodes": [
        node("generative-tools", "Generative Tools for RL", h("generative-tools"), children=[
            node("base-model", "Base Model", h("base-model"), False, [
                node("llm", "Large Language Models", list_papers=False),
                node("vlm", "Vision Language Models", list_papers=False),
                node("diffusion-model", "Diffusion Models", list_papers=False),
                node("world-model", "World Models", list_papers=False),
                node("video-prediction-model", "Video Prediction Models", list_papers=False),
            ]),
            node("modality", "Modality", h("modality"), False),
            node("task", "Task", h("task"), children=[
                node("reward-signal", "Reward Signal", h("reward-signal"), children=[
                    node("reward-llm", "Reward learning with LLMs", h("reward-llm")),
                    node("reward-vlm", "Reward learning with VLMs", h("reward-vlm")),
                    node("reward-diffusion", "Reward learning with diffusion models", h("reward-diffusion")),
                    node("reward-video-prediction", "Rewards from video prediction", h("reward-video-prediction")),
                ]),
                node("state-representation", "State Representation", h("state-representation"), children=[
                    node("representation-from-videos", "Representations from videos", h("representation-from-videos")),
                    node("foundation-world-models", "Foundation world models", h("foundation-world-models")),
                ]),
                node("planning-exploration", "Planning & Exploration", h("planning-exploration"), children=[
                    node("exploration-llm", "LLMs for exploration", h("exploration-llm")),
                    node("exploration-vlm", "VLMs for exploration", h("exploration-vlm")),
                    node("planning-llm", "LLMs for planning", h("planning-llm")),
                    node("planning-diffusion", "Diffusion models for planning and exploration", h("planning-diffusion")),
                ]),
            ]),
        ]),
        node("rl-for-generative-policies", "RL for Generative Policies", h("rl-for-generative-policies"), children=[
            node("rl-pretraining", "RL Pre-Training", h("rl-pretraining"), children=[
                node("transformer-policy", "Transformer Policy", h("transformer-policy")),
                node("diffusion-policy", "Diffusion Policy", h("diffusion-policy")),
            ]),
            node("rl-finetuning", "RL Fine-Tuning", h("rl-finetuning")),
            node("policy-distillation", "Policy Distillation", h("policy-distillation")),
            node("policy-safety", "Policy Safety", h("policy-safety")),
        ]),
    ]}


def write_fixture(listings: list[Listing], papers: list[Paper], path: Path) -> int:
    owner = {id(item): p for p in papers for item in p.listings}
    seen: set[tuple[str, int]] = set()
    rows: list[list[str]] = []
    for listing in listings:
        marker = (listing.section, id(owner[id(listing)]))
        if marker in seen:
            continue
        seen.add(marker)
        rows.append([listing.section, listing.title, listing.url])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["section", "title", "url"])
        writer.writerows(rows)
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    ap.add_argument("--seed-data", type=Path, default=REPO.parent / "shared" / "seed-data")
    ap.add_argument("--out", type=Path, default=REPO)
    ap.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    args = ap.parse_args(argv)

    awesome = next(args.seeds.glob("003_*.txt"))
    review = next(args.seeds.glob("001_*.txt"))
    listings = parse_awesome_list(awesome)
    refs = parse_references(review)
    table_rows = parse_review_tables(review)
    csv_rows = load_current_csvs(args.seed_data)
    history = load_history(args.seed_data)

    papers = group_listings(listings)
    for paper in papers:
        paper.arxiv = paper.arxiv or EXTERNAL_FACTS.get(paper.title, {}).get("arxiv")
    attach_references(papers, refs)
    added = attach_tables(papers, table_rows, refs)
    for number, extra in EXTRA_REFERENCED.items():
        if any(p.reference and p.reference.number == number for p in papers):
            continue
        ref = refs[number]
        paper = Paper(reference=ref, table_only=True, fallback_title=extra.get("title", ref.title),
                      arxiv=extra.get("arxiv"),
                      fallback_url=f"https://arxiv.org/abs/{extra['arxiv']}")
        paper.extra_nodes.append(extra["node"])
        papers.append(paper)
        added.append(paper)
    attach_csvs(papers, csv_rows, table_rows, history, refs)

    # base-model membership from the review tables and CSVs
    for paper in papers:
        nodes = [TABLE_BASE_NODE[r.table] for r in paper.table_rows]
        nodes += [CSV_BASE_NODE[r.source] for r in paper.csv_rows if CSV_BASE_NODE[r.source]]
        if paper.reference and paper.reference.number in VPM_REFERENCES:
            nodes.append("video-prediction-model")
        for n in nodes:
            if n not in paper.extra_nodes:
                paper.extra_nodes.append(n)

    used: set[str] = set()
    results: list[tuple[Paper, dict[str, Any]]] = []
    for paper in papers:
        year, source = derive_year(paper)
        paper.key = make_key(paper, year, used)
        if paper.key in used:
            raise SystemExit(f"duplicate key {paper.key}")
        used.add(paper.key)
        # table-only papers: use the arXiv id from the reference list when there is one
        if year is None:
            print(f"WARNING: no year source for {paper.key}: {paper.title}", file=sys.stderr)
        results.append((paper, front_matter(paper, year, source)))

    print(f"listings: {len(listings)}  papers: {len(papers)}  table-only: {len(added)}")
    if args.dry_run:
        for paper, fm in results:
            print(fm["key"], fm.get("year"), fm.get("year_source"), "|", paper.title[:70])
        return 0

    papers_dir = args.out / "content" / "papers"
    papers_dir.mkdir(parents=True, exist_ok=True)
    bib_parts: list[str] = []
    for paper, fm in sorted(results, key=lambda r: r[0].key):
        path = papers_dir / f"{paper.key}.md"
        body = existing_body(path)
        path.write_text(f"---\n{dump_front_matter(fm)}---\n{body}", encoding="utf-8")
        bib_parts.append(bib_entry(paper, fm))
    (args.out / "content" / "references.bib").write_text("\n".join(bib_parts), encoding="utf-8")
    taxonomy_path = args.out / "content" / "taxonomy.yaml"
    if not taxonomy_path.exists():
        taxonomy_path.write_text(yaml.safe_dump(taxonomy_skeleton(), sort_keys=False, allow_unicode=True,
                                                width=100), encoding="utf-8")
    n_rows = write_fixture(listings, papers, args.out / "tests" / "fixtures" / "awesome_list_listings.csv")
    print(f"wrote {len(results)} papers, {n_rows} fixture rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
