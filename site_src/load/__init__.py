"""Load stage: read content files into source records that remember where each value came from.

Nothing here looks at more than one file; cross-file checks belong to `site_src.validate`.
"""
