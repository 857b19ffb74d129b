/* Facets, sorting and downloads for a paper table.
   Rows carry their facet values in data-f-<facet> attributes ("|"-separated), computed at
   build time; this script only shows or hides rows, recounts the options and mirrors the
   state in the query string so a filtered view can be shared. Without it the full table stays. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-facets]");
  var table = document.querySelector("table.papers");
  if (!panel || !table) return;
  var form = panel.querySelector("form");
  var status = document.querySelector("[data-facet-status]");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var yearFrom = form.elements.namedItem("from");
  var yearTo = form.elements.namedItem("to");
  var facets = Array.prototype.map.call(form.querySelectorAll("fieldset[data-facet]"), function (set) {
    return { name: set.getAttribute("data-facet"), boxes: Array.prototype.slice.call(set.querySelectorAll("input")) };
  });
  var sortable = Array.prototype.slice.call(table.querySelectorAll("th[data-sort]"));
  var sort = { key: "", descending: false };

  var parsed = new Map();
  rows.forEach(function (row) {
    var found = {};
    facets.forEach(function (facet) {
      var value = row.getAttribute("data-f-" + facet.name);
      found[facet.name] = value ? value.split("|") : [];
    });
    parsed.set(row, found);
  });
  function values(row, name) { return parsed.get(row)[name]; }
  function chosen(facet) {
    return facet.boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
  }
  function matches(row, facet, picked) {
    return picked.length === 0 || values(row, facet.name).some(function (v) { return picked.indexOf(v) >= 0; });
  }
  function inYears(row) {
    var year = Number(row.getAttribute("data-year"));
    return (!yearFrom || year >= Number(yearFrom.value)) && (!yearTo || year <= Number(yearTo.value));
  }
  function passes(row, picked, except) {
    return inYears(row) && facets.every(function (facet) {
      return facet === except || matches(row, facet, picked[facet.name]);
    });
  }

  function sortKey(row, key) {
    if (key === "year") return Number(row.getAttribute("data-year"));
    var heading = sortable.filter(function (th) { return th.getAttribute("data-sort") === key; })[0];
    var cell = row.cells[heading ? heading.cellIndex : 0];
    return cell.textContent.trim().toLowerCase();
  }
  function applySort() {
    var ordered = rows.slice();
    if (sort.key) {
      ordered.sort(function (a, b) {
        var x = sortKey(a, sort.key), y = sortKey(b, sort.key);
        var order = x < y ? -1 : x > y ? 1 : 0;
        return (sort.descending ? -order : order) || rows.indexOf(a) - rows.indexOf(b);
      });
    }
    ordered.forEach(function (row) { body.appendChild(row); });
    sortable.forEach(function (th) {
      var key = th.getAttribute("data-sort");
      if (key === sort.key) th.setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
  }

  function writeUrl(picked) {
    var params = new URLSearchParams();
    facets.forEach(function (facet) {
      picked[facet.name].forEach(function (value) { params.append(facet.name, value); });
    });
    if (yearFrom && yearFrom.selectedIndex > 0) params.set("from", yearFrom.value);
    if (yearTo && yearTo.selectedIndex < yearTo.options.length - 1) params.set("to", yearTo.value);
    if (sort.key) params.set("sort", (sort.descending ? "-" : "") + sort.key);
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  function apply() {
    var picked = {};
    facets.forEach(function (facet) { picked[facet.name] = chosen(facet); });
    var shown = 0;
    rows.forEach(function (row) {
      row.hidden = !passes(row, picked, null);
      if (!row.hidden) shown += 1;
    });
    facets.forEach(function (facet) {
      var pool = rows.filter(function (row) { return passes(row, picked, facet); });
      facet.boxes.forEach(function (box) {
        var count = pool.filter(function (row) { return values(row, facet.name).indexOf(box.value) >= 0; }).length;
        box.parentNode.querySelector("[data-count]").textContent = String(count);
      });
    });
    status.textContent = shown === rows.length ? "Showing all " + rows.length + " papers."
      : "Showing " + shown + " of " + rows.length + " papers.";
    applySort();
    writeUrl(picked);
  }

  function readUrl() {
    var params = new URLSearchParams(window.location.search);
    facets.forEach(function (facet) {
      var wanted = params.getAll(facet.name);
      facet.boxes.forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
    });
    [[yearFrom, "from"], [yearTo, "to"]].forEach(function (pair) {
      var value = params.get(pair[1]);
      if (pair[0] && value && Array.prototype.some.call(pair[0].options, function (o) { return o.value === value; })) {
        pair[0].value = value;
      }
    });
    var order = params.get("sort") || "";
    sort.descending = order.charAt(0) === "-";
    sort.key = order.replace(/^-/, "");
    if (!sortable.some(function (th) { return th.getAttribute("data-sort") === sort.key; })) sort.key = "";
    return Array.from(params.keys()).some(function (key) { return key !== "sort"; });
  }

  function download(kind) {
    var keys = rows.filter(function (row) { return !row.hidden; })
      .sort(function (a, b) { return Array.prototype.indexOf.call(body.rows, a) - Array.prototype.indexOf.call(body.rows, b); })
      .map(function (row) { return row.getAttribute("data-key"); });
    var source = new URL(panel.getAttribute("data-papers-json"), document.baseURI).href;
    fetch(source).then(function (response) { return response.json(); }).then(function (dataset) {
      var byKey = {};
      dataset.papers.forEach(function (paper) { byKey[paper.key] = paper; });
      var papers = keys.map(function (key) { return byKey[key]; }).filter(Boolean);
      var text, type;
      if (kind === "bib") {
        text = papers.map(function (p) { return p.bibtex; }).filter(Boolean).join("\n\n") + "\n";
        type = "application/x-bibtex";
      } else if (kind === "csv") {
        var columns = panel.getAttribute("data-csv-columns").split(" ");
        var cell = function (value) {
          var text = Array.isArray(value) ? value.join("; ") : value === null || value === undefined ? "" : String(value);
          return /[",\n\r]/.test(text) ? "\"" + text.replace(/"/g, "\"\"") + "\"" : text;
        };
        text = [columns.join(",")].concat(papers.map(function (p) {
          return columns.map(function (c) { return cell(p[c]); }).join(",");
        })).join("\r\n") + "\r\n";
        type = "text/csv";
      } else {
        text = JSON.stringify({ schema_version: dataset.schema_version, papers: papers }, null, 1) + "\n";
        type = "application/json";
      }
      var link = document.createElement("a");
      link.href = "data:" + type + ";charset=utf-8," + encodeURIComponent(text);
      link.download = "papers-selection." + kind;
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  sortable.forEach(function (th) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    button.textContent = th.textContent;
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var key = th.getAttribute("data-sort");
      sort.descending = sort.key === key ? !sort.descending : key === "year";
      sort.key = key;
      apply();
    });
  });
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function (event) {
    event.preventDefault();
    facets.forEach(function (facet) { facet.boxes.forEach(function (box) { box.checked = false; }); });
    if (yearFrom) yearFrom.selectedIndex = 0;
    if (yearTo) yearTo.selectedIndex = yearTo.options.length - 1;
    apply();
  });
  panel.querySelectorAll("[data-download]").forEach(function (button) {
    button.addEventListener("click", function () { download(button.getAttribute("data-download")); });
  });
  var filtered = readUrl();
  panel.open = filtered;
  if (window.location.search) apply();
  else status.textContent = "Showing all " + rows.length + " papers.";
}());
