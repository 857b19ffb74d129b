"""Where a survey's files live: the one object every stage asks for a path."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from site_src.cache import digest, tree_stamps
from site_src.load.yamldoc import display_path


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
    def cache(self) -> Path:
        """Build cache in the user's cache folder, one per project; deleting it only makes
        the next build slower. Outside the project, so nothing but `_site/` appears beside it."""
        home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return home / "survey-site" / digest(str(self.root.resolve()).encode())

    @property
    def readme(self) -> Path:
        return self.root / "README.md"

    @property
    def figures(self) -> Path:
        """README images, committed so that GitHub shows them."""
        return self.root / "docs" / "figures"

    def content_files(self) -> frozenset[str]:
        """Every content file as `content/...`, the form diagnostics and `deps` use."""
        shown, start = display_path(self.content, self.root), len(str(self.content)) + 1
        return frozenset(f"{shown}/{path[start:]}" for path, *_stamp in tree_stamps([self.content]))
