"""Metadata from the arXiv API and Crossref, for `new`, `enrich` and `watch`; never for `build`.

The errors live here, apart from the HTTP client, so the command line can catch them
without importing urllib's HTTP stack on every build.
"""


class FetchError(Exception):
    """A request that gave no usable answer; the message is one line a contributor can act on."""


class NotFound(FetchError):
    """The server says the thing asked for does not exist (HTTP 404)."""
