"""`init`: a new survey folder, from the starter files shipped in the package.

No templates are copied: the default theme stays in the package and `content/templates/`
overrides it file by file. The starter's dotfiles are stored without their dot
(`github/`, `gitignore`) because package-data globs skip hidden files.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from site_src.diagnostics import ContentError, Diagnostic
from site_src.project import Project

STARTER = Path(__file__).parent / "starter"
EXAMPLE_PAPER = Path("content/papers/vaswani2017attention.md")
_DOTTED = {"github": ".github", "gitignore": ".gitignore"}


def _slug(title: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", title.lower())) or "survey"


def starter_files(title: str) -> dict[Path, str]:
    """Every file `init` writes, by path inside the new survey."""
    files = {}
    for path in sorted(STARTER.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(STARTER)
        parts = (_DOTTED.get(relative.parts[0], relative.parts[0]), *relative.parts[1:])
        text = path.read_text("utf-8")
        description = f"{title}: a curated list of papers, with a searchable website."
        files[Path(*parts)] = (text.replace("__TITLE__", json.dumps(title, ensure_ascii=False))
                               .replace("__DESCRIPTION__", json.dumps(description,
                                                                      ensure_ascii=False))
                               .replace("__SLUG__", _slug(title)))
    return files


def init_survey(folder: Path, title: str) -> list[Path]:
    """Create the survey in `folder`, which must be missing or empty; the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ContentError([Diagnostic(str(folder), 0, "", "folder is not empty",
                                       "give a new folder name; init never overwrites files")])
    if not title.strip():
        raise ContentError([Diagnostic("--title", 0, "", "the survey needs a title",
                                       'e.g. --title "Awesome Graph Learning"')])
    written = []
    for relative, text in starter_files(title.strip()).items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def remove_example(project: Project) -> bool:
    """Delete init's example paper, its BibTeX entry and its section if none was edited."""
    starter = starter_files("")
    paths = [EXAMPLE_PAPER, Path("content/references.bib"), Path("content/taxonomy.yaml")]
    if not all((project.root / p).is_file()
                and (project.root / p).read_text("utf-8") == starter[p] for p in paths):
        return False
    (project.root / EXAMPLE_PAPER).unlink()
    (project.root / "content/references.bib").write_text("", encoding="utf-8")
    taxonomy = project.root / "content/taxonomy.yaml"
    comments = [line for line in starter[paths[2]].splitlines(keepends=True)
                if line.startswith("#")]
    taxonomy.write_text("".join(comments), encoding="utf-8")
    return True
