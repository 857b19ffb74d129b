"""A deterministic synthetic survey: N papers in the project's own schema, for benchmarks.

Same N and seed give the same bytes. The taxonomy, site configuration, pages and tables are
the real ones from content/; papers are listed under the taxonomy's leaf nodes, and some
BibTeX author names carry LaTeX accents so the decoder's slow path is exercised.
"""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

_SYLLABLES = ("ka", "lo", "mi", "ren", "sa", "tor", "vi", "zu", "del", "pho", "qui", "bra",
              "nex", "ga", "tho", "lu", "mar", "ix", "on", "pe")
_WORDS = ("policy", "reward", "diffusion", "robot", "grasp", "language", "vision", "trajectory",
          "model", "learning", "agent", "world", "video", "planning", "exploration", "value",
          "transformer", "manipulation", "locomotion", "preference", "feedback", "dataset",
          "simulation", "control", "offline", "online", "latent", "skill", "goal", "task",
          "uses", "trains", "improves", "the", "a", "with", "from", "and", "of", "to", "in",
          "shows", "that", "which", "scales", "across", "real", "hardware", "benchmarks")
_TITLE_HEADS = ("Learning", "Scaling", "Grounding", "Rewarding", "Planning with", "Distilling",
                "Fine-tuning", "Steering", "Aligning", "Exploring with")
_TITLE_TAILS = ("Diffusion Policies", "Language Rewards", "Video World Models",
                "Vision-Language Feedback", "Latent Skills", "Robot Foundation Models",
                "Offline Datasets", "Preference Models", "Generative Planners")
_FIRST = ("Ana", "Björn", "Chen", "Dario", "Élodie", "Fatima", "Gustavo", "Hiro", "Ines", "Jonas",
          "Kai", "Lena", "Marco", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tao")
_LAST = ("Ma", "Xie", "Huang", "Roveda", "Piga", "Spahiu", "Soni", "Zhang", "Wu", "Chi", "Ren",
         "Rocamonde", "Escontrela", "Wang", "Xu", "Forgione", "Kim", "Okafor", "Silva", "Novak")
# Names whose BibTeX spelling needs LaTeX decoding.
_ACCENTED_LAST = (r"M{\"u}ller", r"Sch{\"o}lkopf", r"Garc{\'\i}a", r"Fran{\c{c}}ois",
                  r"Nov{\'a}k", r"{\O}stergaard", r"Gon{\c{c}}alves", r"Br{\aa}ten")
_FRAMEWORK_MODELS = (("GPT 4",), ("CLIP",), ("Diffusion Policy",), ("DreamerV3",),
                     ("VideoGPT",), ("PaLM-E", "ViT"), ("LLaMA",), ())
_TRAINING = ("Variety of robotic tasks", "Open X-Embodiment", "Human videos", "D4RL",
             "Self-collected demonstrations", "")
_TASKS = ("Reward Signal", "State Representation", "Planning", "Exploration", "Policy")
_ENVIRONMENTS = ("simulation", "real", "both", "unknown")
_DETAILS = ("NVIDIA Isaac Gym", "MuJoCo", "Franka Panda", "Meta-World", "RLBench", "")


def leaf_nodes(taxonomy: object) -> list[str]:
    """Ids of nodes without children, in file order: where papers get listed."""
    leaves: list[str] = []

    def walk(nodes: object) -> None:
        for node in nodes if isinstance(nodes, list) else []:
            if node.get("children"):
                walk(node["children"])
            else:
                leaves.append(str(node["id"]))

    assert isinstance(taxonomy, dict)
    walk(taxonomy["nodes"])
    return leaves


def _codename(index: int) -> str:
    """A unique, pronounceable framework name per paper (keeps titles distinct)."""
    parts = []
    number = index + 1
    while number:
        number, digit = divmod(number, len(_SYLLABLES))
        parts.append(_SYLLABLES[digit])
    return "".join(parts).capitalize()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 20))]
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random) -> str:
    target = rng.randint(150, 400)
    paragraphs: list[str] = []
    words = 0
    while words < target:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
        if rng.random() < 0.2:
            paragraph += f" See the [project page](https://example.org/p/{rng.randint(1, 99999)})."
        if rng.random() < 0.15:
            paragraph = "- **Key idea:** " + paragraph
        paragraphs.append(paragraph)
        words += len(paragraph.split())
    return "\n\n".join(paragraphs)


def _author(rng: random.Random) -> str:
    last = rng.choice(_ACCENTED_LAST) if rng.random() < 0.1 else rng.choice(_LAST)
    return f"{last}, {rng.choice(_FIRST)}"


def _paper(index: int, rng: random.Random, leaves: list[str]) -> tuple[str, str, str]:
    """One paper as (key, Markdown file text, BibTeX entry)."""
    year = rng.randint(2015, 2025)
    name = _codename(index)
    key = f"{rng.choice(_LAST).lower()}{year}{name.lower()}"
    title = f"{name}: {rng.choice(_TITLE_HEADS)} {rng.choice(_TITLE_TAILS)}"
    arxiv = f"{year % 100:02d}{rng.randint(1, 12):02d}.{index:05d}"
    meta: dict[str, object] = {
        "key": key,
        "taxonomy": sorted(rng.sample(leaves, 2 if rng.random() < 0.3 else 1)),
        "year": year,
        "year_source": rng.choice(("arxiv", "venue", "listing", "bib")),
        "framework": name,
        "base_model": list(rng.choice(_FRAMEWORK_MODELS)),
        "code": rng.choice(("yes", "no", "unknown")),
        "training_data": rng.choice(_TRAINING),
        "rl_task": sorted(rng.sample(_TASKS, rng.randint(1, 2))),
        "environment": rng.choice(_ENVIRONMENTS),
        "environment_detail": rng.choice(_DETAILS),
        "arxiv": arxiv,
    }
    if meta["code"] == "yes" and rng.random() < 0.5:
        meta["code_url"] = f"https://github.com/example/{name.lower()}"
    if rng.random() < 0.03:
        meta["landmark"] = name
    meta = {k: v for k, v in meta.items() if v not in ("", [])}
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    text = f"---\n{front}---\n{_body(rng)}\n"
    authors = " and ".join(_author(rng) for _ in range(rng.randint(1, 6)))
    bibtex = (f"@article{{{key},\n  title = {{{title}}},\n  author = {{{authors}}},\n"
              f"  year = {year},\n  url = {{https://arxiv.org/abs/{arxiv}}},\n"
              f"  eprint = {{{arxiv}}},\n  archiveprefix = {{arXiv}}\n}}\n")
    return key, text, bibtex


def generate(destination: Path, count: int, seed: int = 1) -> Path:
    """Write a project folder (content/ and templates/) with `count` papers; return it."""
    content = destination / "content"
    if destination.exists():
        shutil.rmtree(destination)
    papers = content / "papers"
    papers.mkdir(parents=True)
    for name in ("site.yaml", "taxonomy.yaml", "fields.yaml"):
        shutil.copy(REPO / "content" / name, content / name)
    for folder in ("pages", "tables"):
        if (REPO / "content" / folder).is_dir():
            shutil.copytree(REPO / "content" / folder, content / folder)
    shutil.copytree(REPO / "templates", destination / "templates")
    leaves = leaf_nodes(yaml.safe_load((content / "taxonomy.yaml").read_text("utf-8")))
    rng = random.Random(seed)
    entries = []
    for index in range(count):
        key, text, bibtex = _paper(index, rng, leaves)
        (papers / f"{key}.md").write_text(text, encoding="utf-8")
        entries.append(bibtex)
    (content / "references.bib").write_text("\n".join(entries), encoding="utf-8")
    return destination
