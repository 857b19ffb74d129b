"""Where a survey's files live: the one object every stage asks for a path."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """Where a survey's files live; every path the generator touches derives from here."""

    root: Path
    base_url: str | None = None

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def template_dirs(self) -> list[Path]:
        """Content may override any template; the project's templates/ are the default."""
        return [self.content / "templates", self.root / "templates"]

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
    def figures(self) -> Path:
        """README images, committed so that GitHub shows them."""
        return self.root / "docs" / "figures"
