/* Downloads of the papers a table shows, in the order shown: BibTeX, CSV, JSON, RIS and
   CSL-JSON, all made in the browser from the site's papers.json. facets.js answers the
   "selection" event with the keys of the rows shown. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-facets]");
  if (!panel) return;
  /* The survey's own fields come from its fields.yaml, through the panel's attribute. */
  var CSV_COLUMNS = panel.getAttribute("data-csv-columns").split(" ");
  var RIS_TYPES = { article: "JOUR", inproceedings: "CPAPER", conference: "CPAPER", book: "BOOK",
    incollection: "CHAP", phdthesis: "THES", mastersthesis: "THES", techreport: "RPRT" };
  var CSL_TYPES = { article: "article-journal", inproceedings: "paper-conference",
    conference: "paper-conference", book: "book", incollection: "chapter", phdthesis: "thesis",
    mastersthesis: "thesis", techreport: "report" };

  /* The BibTeX entry type ("article", "misc", ...) of a paper; "" when it has no entry. */
  function entryType(paper) {
    var match = /^\s*@(\w+)/.exec(paper.bibtex || "");
    return match ? match[1].toLowerCase() : "";
  }

  /* Named authors: BibTeX's "and others" is not a person. */
  function people(paper) {
    return paper.authors.filter(function (name) { return name !== "others"; });
  }

  function csv(papers) {
    var cell = function (value) {
      var text = Array.isArray(value) ? value.join("; ") : value === null || value === undefined ? "" : String(value);
      return /[",\n\r]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
    };
    return [CSV_COLUMNS.join(",")].concat(papers.map(function (p) {
      return CSV_COLUMNS.map(function (c) { return cell(p[c]); }).join(",");
    })).join("\r\n") + "\r\n";
  }

  function ris(papers) {
    return papers.map(function (p) {
      var type = RIS_TYPES[entryType(p)] || (p.arxiv ? "UNPB" : "GEN");
      var lines = [["TY", type], ["ID", p.key], ["TI", p.title]];
      people(p).forEach(function (name) { lines.push(["AU", name]); });
      lines.push(["PY", String(p.year)]);
      if (p.venue) lines.push([type === "JOUR" ? "JO" : "T2", p.venue]);
      if (p.doi) lines.push(["DO", p.doi]);
      if (p.url) lines.push(["UR", p.url]);
      if (p.arxiv) lines.push(["N1", "arXiv:" + p.arxiv]);
      lines.push(["ER", ""]);
      return lines.map(function (pair) { return pair[0] + "  - " + pair[1]; }).join("\r\n");
    }).join("\r\n\r\n") + "\r\n";
  }

  function csl(papers) {
    return JSON.stringify(papers.map(function (p) {
      var item = { id: p.key, type: CSL_TYPES[entryType(p)] || "article", title: p.title,
        author: people(p).map(function (name) { return { literal: name }; }),
        issued: { "date-parts": [[p.year]] } };
      if (p.venue) item["container-title"] = p.venue;
      if (p.doi) item.DOI = p.doi;
      if (p.url) item.URL = p.url;
      if (p.arxiv) item.number = "arXiv:" + p.arxiv;
      return item;
    }), null, 1) + "\n";
  }

  var FORMATS = {
    bib: { type: "application/x-bibtex", name: "bib", make: function (papers) {
      return papers.map(function (p) { return p.bibtex; }).filter(Boolean).join("\n\n") + "\n";
    } },
    csv: { type: "text/csv", name: "csv", make: csv },
    json: { type: "application/json", name: "json", make: null },
    ris: { type: "application/x-research-info-systems", name: "ris", make: ris },
    csl: { type: "application/vnd.citationstyles.csl+json", name: "csl.json", make: csl }
  };

  function save(kind, keys) {
    var source = new URL(panel.getAttribute("data-papers-json"), document.baseURI).href;
    fetch(source).then(function (response) { return response.json(); }).then(function (dataset) {
      var byKey = {};
      dataset.papers.forEach(function (paper) { byKey[paper.key] = paper; });
      var papers = keys.map(function (key) { return byKey[key]; }).filter(Boolean);
      var format = FORMATS[kind];
      var text = format.make ? format.make(papers)
        : JSON.stringify({ schema_version: dataset.schema_version, papers: papers }, null, 1) + "\n";
      var link = document.createElement("a");
      link.href = "data:" + format.type + ";charset=utf-8," + encodeURIComponent(text);
      link.download = "papers-selection." + format.name;
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  panel.querySelectorAll("[data-download]").forEach(function (button) {
    button.addEventListener("click", function () {
      var selection = { keys: [] };
      panel.dispatchEvent(new CustomEvent("selection", { detail: selection }));
      save(button.getAttribute("data-download"), selection.keys);
    });
  });
}());
