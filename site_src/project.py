"""Where a survey's files live: the one object every stage asks for a path."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_PACKAGED_THEME = Path(__file__).parent / "theme"
THEME_DIR = _PACKAGED_THEME if _PACKAGED_THEME.is_dir() else Path(__file__).parent.parent / "templates"
"""The default templates: packaged as `site_src/theme` (see pyproject.toml), and read from the
repository's templates/ when running from a checkout or an editable install."""


@dataclass(frozen=True)
class Project:
    """Where a survey's files live; every path the generator touches derives from here."""

    root: Path
    base_url: str | None = None

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def overrides(self) -> Path:
        """Templates and static files here replace the theme's of the same name."""
        return self.content / "templates"

    @property
    def template_dirs(self) -> list[Path]:
        """The theme search path: the survey's overrides, a whole theme of its own in
        templates/ if it keeps one (this repository does), then the packaged default theme."""
        return list(dict.fromkeys([self.overrides, self.root / "templates", THEME_DIR]))

    @property
    def site(self) -> Path:
        return self.root / "_site"

    @property
    def lock(self) -> Path:
        """Exists while a build runs (see `lock.build_lock`); git ignores it."""
        return self.root / ".site.lock"

    @property
    def readme(self) -> Path:
        return self.root / "README.md"

    @property
    def contributing(self) -> Path:
        return self.root / "CONTRIBUTING.md"

    @property
    def figures(self) -> Path:
        """README images, committed so that GitHub shows them."""
        return self.root / "docs" / "figures"
