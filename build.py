"""Entry point: `python build.py [build|check|serve|new] ...` (see CONTRIBUTING.md)."""
from site_src.cli import run

if __name__ == "__main__":  # render workers started by spawn import this file again
    run()
