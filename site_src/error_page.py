"""The page the preview serves while the content or a template is broken."""
from __future__ import annotations

import html
from collections.abc import Sequence


def error_page(problems: Sequence[str]) -> bytes:
    """A self-contained page (no site CSS: the site may be what is broken) listing each problem."""
    items = "\n".join(f"<li><pre>{html.escape(problem)}</pre></li>" for problem in problems)
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Build failed</title>\n<link rel=\"icon\" href=\"data:,\">\n"
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;"
        "max-width:60rem}pre{white-space:pre-wrap;background:#fff0f0;padding:.75rem;"
        "border-left:4px solid #c00}ul{list-style:none;padding:0}</style>\n</head>\n<body>\n"
        "<h1>Build failed</h1>\n<p>Fix the file below and save: this page reloads by itself."
        "</p>\n<ul class=\"problems\">\n" + items + "\n</ul>\n</body>\n</html>\n"
    ).encode("utf-8")
