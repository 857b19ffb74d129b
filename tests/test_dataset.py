"""papers.json follows the JSON Schema the site publishes beside it, and the cite page documents it."""
from __future__ import annotations

import copy
import json
import re
from typing import Any

import jsonschema
import pytest

from site_src import urls
from site_src.dataset import papers_schema
from site_src.diagnostics import ContentError
from site_src.pipeline import Project, Report, load_survey
from tests.conftest import MakeProject


def published(site: Project) -> tuple[dict[str, Any], dict[str, Any]]:
    """The built papers.json and papers.schema.json."""
    return (json.loads((site.site / urls.PAPERS_JSON).read_text("utf-8")),
            json.loads((site.site / urls.PAPERS_SCHEMA).read_text("utf-8")))


def test_real_papers_json_is_valid_against_its_published_schema(real_site: Project) -> None:
    document, schema = published(real_site)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["$schema"] == schema["$id"] == real_site.base_url + urls.PAPERS_SCHEMA
    # Every key a record carries is a declared property, and each property is in every record.
    properties = set(schema["$defs"]["paper"]["properties"])
    assert all(set(record) == properties for record in document["papers"])
    assert len(document["papers"]) > 200


def _wrong_year(record: dict[str, Any]) -> None:
    record["year"] = str(record["year"])


def _unknown_vocabulary(record: dict[str, Any]) -> None:
    record["code"] = "maybe"


def _unknown_node(record: dict[str, Any]) -> None:
    record["taxonomy"] = ["no-such-node"]


def _misspelt_field(record: dict[str, Any]) -> None:
    record["yaer"] = record.pop("year")


def _not_a_url(record: dict[str, Any]) -> None:
    record["code_url"] = "github.com/someone/something"


def _list_as_text(record: dict[str, Any]) -> None:
    record["authors"] = ", ".join(record["authors"])


@pytest.mark.parametrize("spoil", [_wrong_year, _unknown_vocabulary, _unknown_node,
                                   _misspelt_field, _not_a_url, _list_as_text])
def test_the_schema_rejects_a_wrong_record(real_site: Project, spoil: Any) -> None:
    document, schema = published(real_site)
    validator = jsonschema.Draft202012Validator(schema)
    spoilt = copy.deepcopy(document)
    spoil(spoilt["papers"][0])
    assert validator.is_valid(document)
    assert not validator.is_valid(spoilt)


def test_a_surveys_declared_fields_make_its_schema(make_project: MakeProject) -> None:
    """Other fields in fields.yaml give another schema, each field typed as declared."""
    project = make_project()

    def paper_properties() -> dict[str, Any]:
        schema = papers_schema(load_survey(project, Report()))
        properties: dict[str, Any] = schema["$defs"]["paper"]["properties"]
        return properties

    before = paper_properties()
    fields = project.content / "fields.yaml"
    fields.write_text(fields.read_text("utf-8") + (
        "  - {name: hardware, label: Hardware, type: yesno, help: Runs on a robot.}\n"
        "  - {name: tags, label: Tags, type: list, help: Free keywords.}\n"
        "  - name: stage\n    label: Stage\n    type: choice\n    help: Maturity.\n"
        "    values: [idea, prototype]\n"), "utf-8")
    after = paper_properties()
    assert set(after) - set(before) == {"hardware", "tags", "stage"}
    assert after["hardware"]["enum"] == ["yes", "no", "unknown"]
    assert after["hardware"]["title"] == "Hardware"
    assert after["tags"] == {"type": "array", "items": {"type": "string"}, "title": "Tags",
                             "description": "Free keywords."}
    assert after["stage"]["enum"] == ["idea", "prototype", ""]


def test_the_cite_page_links_the_data_files_and_lists_every_field(real_site: Project) -> None:
    _, schema = published(real_site)
    html = (real_site.site / "cite" / "index.html").read_text("utf-8")
    data = html[html.index('id="data-heading"'):]
    listed = re.findall(r"<dt><code>([a-z_]+)</code>", data)
    assert listed == list(schema["$defs"]["paper"]["properties"])
    for target in (urls.PAPERS_JSON, urls.PAPERS_SCHEMA, urls.BIBLIOGRAPHY):
        assert f'href="../{target}"' in data
        assert (real_site.site / target).is_file()


def test_an_unknown_include_is_reported(make_project: MakeProject) -> None:
    project = make_project()
    page = project.content / "pages" / "cite.md"
    page.write_text(page.read_text("utf-8").replace("---\n", "---\nincludes: [dataset]\n", 1),
                    "utf-8")
    with pytest.raises(ContentError) as caught:
        load_survey(project, Report())
    [problem] = caught.value.diagnostics
    assert problem.format().startswith(
        "content/pages/cite.md:2: includes: 'dataset' is not one of citation, data\n")
