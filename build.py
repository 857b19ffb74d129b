"""Entry point: `python build.py [build|check|serve|new] ...` (see CONTRIBUTING.md)."""
from site_src.cli import main

raise SystemExit(main())
