/* Facets and sorting for a paper table.
   Rows carry their facet values in data-f-<facet> attributes ("|"-separated), computed at
   build time; this script reads them once, then a filter change only flips the `hidden` of
   rows whose state changed and rewrites the counts that changed, in one pass over the rows.
   At most WINDOW matching rows are shown at a time (a button shows more): laying out a table
   of ten thousand rows takes the browser seconds, a window of them a few milliseconds, and
   only the window's rows move when the order changes. The state is mirrored in the query string so a filtered view can be shared; downloads of
   the rows shown are export.js's. Without the script the full table stays.
   Nothing touches the rows until the reader filters or sorts (or the address asks for it):
   the page arrives in order, style.css shows the first window and the sort buttons are in
   the markup, so loading the page lays the table out once. */
(function () {
  "use strict";
  var panel = document.querySelector("[data-facets]");
  var table = document.querySelector("table.papers");
  if (!panel || !table) return;
  var form = panel.querySelector("form");
  var status = document.querySelector("[data-facet-status]");
  var caption = table.querySelector("[data-sort-order]");
  var defaultOrder = caption ? caption.textContent : "";
  var body = table.tBodies[0];
  var yearFrom = form.elements.namedItem("from");
  var yearTo = form.elements.namedItem("to");
  var collator = new Intl.Collator(document.documentElement.lang || undefined,
    { numeric: true, sensitivity: "base" });
  var facets = Array.prototype.map.call(form.querySelectorAll("fieldset[data-facet]"), function (set) {
    var boxes = Array.prototype.slice.call(set.querySelectorAll("input"));
    var counts = new Map();
    boxes.forEach(function (box) { counts.set(box.value, box.parentNode.querySelector("[data-count]")); });
    return { name: set.getAttribute("data-facet"), boxes: boxes, counts: counts };
  });
  var records = null, ordered = null;
  /* The rows' facet values, read on first use. */
  function allRecords() {
    if (!records) {
      records = Array.prototype.map.call(body.rows, function (row, index) {
        return {
          row: row, index: index, hidden: false, passes: true, keys: [],
          year: Number(row.getAttribute("data-year")),
          values: facets.map(function (facet) {
            var value = row.getAttribute("data-f-" + facet.name);
            return value ? value.split("|") : [];
          })
        };
      });
      ordered = records;
    }
    return records;
  }
  var WINDOW = 250; /* the same number as style.css's first window */
  var limit = WINDOW;
  var more = document.createElement("button");
  more.type = "button";
  more.className = "table-more";
  more.hidden = true;
  table.parentNode.after(more);

  function cellText(record, index) {
    if (record.keys[index] === undefined) {
      var cell = record.row.cells[index];
      record.keys[index] = cell ? cell.textContent.trim() : "";
    }
    return record.keys[index];
  }

  /* Every column sorts; a column whose filled cells are all numbers sorts as numbers (found
     when it is first sorted). */
  var columns = Array.prototype.map.call(table.tHead.rows[0].cells, function (th, index) {
    var button = th.querySelector("button.sort");
    return { th: th, index: index, key: th.getAttribute("data-sort"), button: button,
             label: button.textContent.trim(), numeric: null };
  });

  function numeric(column) {
    if (column.numeric === null) {
      column.numeric = allRecords().every(function (record) {
        var text = cellText(record, column.index);
        return text === "" || isFinite(Number(text));
      });
    }
    return column.numeric;
  }
  var sort = { column: null, descending: false };

  /* Blanks go last whichever way the column sorts; ties keep the page's order. */
  function compare(a, b) {
    var column = sort.column;
    var x = cellText(a, column.index), y = cellText(b, column.index);
    if (x === "" || y === "") return (x === "") - (y === "") || a.index - b.index;
    var order = numeric(column) ? Number(x) - Number(y) : collator.compare(x, y);
    return (sort.descending ? -order : order) || a.index - b.index;
  }

  function orderLabel() {
    var column = sort.column;
    if (!column) return defaultOrder;
    if (column.key === "year") return sort.descending ? "newest first" : "oldest first";
    var way = numeric(column) ? (sort.descending ? "highest first" : "lowest first")
      : (sort.descending ? "Z to A" : "A to Z");
    return "sorted by " + column.label + ", " + way + ", blanks last";
  }

  function applySort() {
    ordered = allRecords().slice();
    if (sort.column) ordered.sort(compare);
    columns.forEach(function (column) {
      if (column === sort.column) column.th.setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
      else column.th.removeAttribute("aria-sort");
    });
    if (caption) caption.textContent = orderLabel();
    show();
  }

  function summarise(shown, matching, total) {
    var of = matching === total ? "all " + total : matching + " of " + total;
    status.textContent = (shown < matching ? "Showing the first " + shown + " of " + of
      : "Showing " + of) + (total === 1 ? " paper." : " papers.");
    more.hidden = shown >= matching;
    more.textContent = "Show " + Math.min(WINDOW, matching - shown) + " more";
  }

  /* Show the first `limit` matching rows in the current order, at the top of the table. */
  function show() {
    var shown = [], matching = 0;
    allRecords();
    ordered.forEach(function (record) {
      var hide = !record.passes || matching >= limit;
      if (record.passes) matching += 1;
      if (record.hidden !== hide) { record.row.hidden = hide; record.hidden = hide; }
      if (!hide) shown.push(record.row);
    });
    body.prepend.apply(body, shown);
    table.classList.add("table-live");
    summarise(shown.length, matching, records.length);
  }

  function picks() {
    return facets.map(function (facet) {
      return new Set(facet.boxes.filter(function (box) { return box.checked; })
        .map(function (box) { return box.value; }));
    });
  }

  function writeUrl(picked) {
    var params = new URLSearchParams();
    facets.forEach(function (facet, f) {
      picked[f].forEach(function (value) { params.append(facet.name, value); });
    });
    if (yearFrom && yearFrom.selectedIndex > 0) params.set("from", yearFrom.value);
    if (yearTo && yearTo.selectedIndex < yearTo.options.length - 1) params.set("to", yearTo.value);
    if (sort.column) params.set("sort", (sort.descending ? "-" : "") + sort.column.key);
    var query = params.toString();
    history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
  }

  /* One pass: a row is shown when it passes every facet; it counts towards a facet's options
     when it passes every other facet (so each count says what ticking that box would show). */
  function filter() {
    var picked = picks();
    var from = yearFrom ? Number(yearFrom.value) : -Infinity;
    var to = yearTo ? Number(yearTo.value) : Infinity;
    var counts = facets.map(function () { return new Map(); });
    allRecords().forEach(function (record) {
      var failed = -1, failures = record.year < from || record.year > to ? 2 : 0;
      for (var f = 0; f < facets.length && failures < 2; f++) {
        var wanted = picked[f];
        if (wanted.size && !record.values[f].some(function (v) { return wanted.has(v); })) {
          failed = f;
          failures += 1;
        }
      }
      record.passes = failures === 0;
      if (failures > 1) return;
      for (var g = 0; g < facets.length; g++) {
        if (failures === 0 || g === failed) {
          var count = counts[g];
          record.values[g].forEach(function (v) { count.set(v, (count.get(v) || 0) + 1); });
        }
      }
    });
    facets.forEach(function (facet, f) {
      facet.counts.forEach(function (node, value) {
        var text = String(counts[f].get(value) || 0);
        if (node.textContent !== text) node.textContent = text;
      });
    });
    limit = WINDOW;
    show();
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
    sort.column = columns.find(function (column) { return column.key === order.replace(/^-/, ""); }) || null;
    return Array.from(params.keys()).some(function (key) { return key !== "sort"; });
  }

  columns.forEach(function (column) {
    column.button.addEventListener("click", function () {
      sort.descending = sort.column === column ? !sort.descending : column.key === "year";
      sort.column = column;
      applySort();
      writeUrl(picks());
    });
  });
  form.addEventListener("change", filter);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("reset", function (event) {
    event.preventDefault();
    facets.forEach(function (facet) { facet.boxes.forEach(function (box) { box.checked = false; }); });
    if (yearFrom) yearFrom.selectedIndex = 0;
    if (yearTo) yearTo.selectedIndex = yearTo.options.length - 1;
    filter();
  });
  /* Every matching row, in the order shown (beyond the window too): what downloads export. */
  panel.addEventListener("selection", function (event) {
    allRecords();
    event.detail.keys = ordered.filter(function (record) { return record.passes; })
      .map(function (record) { return record.row.getAttribute("data-key"); });
  });
  more.addEventListener("click", function () {
    limit += WINDOW;
    show();
  });
  panel.open = readUrl();
  if (sort.column) applySort();
  if (window.location.search) filter();
  else summarise(Math.min(body.rows.length, WINDOW), body.rows.length, body.rows.length);
}());
