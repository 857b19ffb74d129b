"""Static survey-website generator: content/ (YAML, Markdown, BibTeX) -> _site/ and README.md."""
