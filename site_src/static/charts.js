// Charts: each figure shows its static SVG until the reader reaches for it (pointer over it,
// focus in it, or its "Interactive chart" button); only then is plotly.js (4.8 MB) fetched
// and the SVG swapped for the plotly figure whose JSON sits in a non-executed data block.
// Figures take the page's colours, light or dark, and redraw when the theme changes; a
// click on a bar or heatmap cell opens the page listing exactly those papers. Below the
// breakpoint of style.css's narrow charts, a figure uses its narrow layout (legend below,
// labels placed for a phone), chosen again if the screen turns.
"use strict";
(function () {
  var figures = document.querySelectorAll(".chart[data-figure]");
  var script = document.querySelector("script[data-plotly]");
  if (!figures.length || !script) return;
  var loading = null;

  function loadPlotly() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = new URL(script.getAttribute("data-plotly"), document.baseURI).href;
        tag.onload = resolve;
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  /* The page's own colours, read from its CSS custom properties. */
  function colours() {
    var style = getComputedStyle(document.documentElement);
    var read = function (name) { return style.getPropertyValue(name).trim(); };
    return { text: read("--text"), muted: read("--muted"), bg: read("--bg"), panel: read("--panel"),
             line: read("--line"), landmark: read("--landmark") };
  }

  function themed(layout) {
    var c = colours();
    var axis = { color: c.text, gridcolor: c.line, linecolor: c.line, zerolinecolor: c.line };
    var update = { paper_bgcolor: c.bg, plot_bgcolor: c.bg, "font.color": c.text,
                   "legend.font.color": c.text, "updatemenus[0].bgcolor": c.panel,
                   "updatemenus[0].bordercolor": c.line, "updatemenus[0].font.color": c.text,
                   "updatemenus[0].activecolor": c.line };
    ["xaxis", "yaxis"].forEach(function (name) {
      Object.keys(axis).forEach(function (key) { update[name + "." + key] = axis[key]; });
    });
    (layout.annotations || []).forEach(function (note, i) {
      update["annotations[" + i + "].font.color"] = c.landmark;
      update["annotations[" + i + "].arrowcolor"] = c.landmark;
    });
    if (!layout.updatemenus) {
      Object.keys(update).forEach(function (key) { if (key.indexOf("updatemenus") === 0) delete update[key]; });
    }
    return update;
  }

  function linkOf(point) {
    var data = point.customdata;
    return Array.isArray(data) ? data[0] : data;
  }

  var narrowScreen = window.matchMedia("(max-width: 60rem)");

  function layoutFor(spec) {
    return narrowScreen.matches ? Object.assign({}, spec.layout, spec.narrow) : spec.layout;
  }

  function draw(figure) {
    if (figure.classList.contains("chart-live")) return;
    figure.classList.add("chart-live");
    var spec = JSON.parse(document.getElementById(figure.dataset.figure).textContent);
    var plot = figure.querySelector(".chart-plot");
    Plotly.newPlot(plot, spec.data, layoutFor(spec), { responsive: true, displayModeBar: false })
      .then(function () {
        Plotly.relayout(plot, themed(plot.layout));
        document.addEventListener("themechange", function () { Plotly.relayout(plot, themed(plot.layout)); });
        narrowScreen.addEventListener("change", function () {
          Plotly.react(plot, plot.data, layoutFor(spec)).then(function () {
            Plotly.relayout(plot, themed(plot.layout));
          });
        });
        plot.on("plotly_click", function (event) {
          var link = event.points.length ? linkOf(event.points[0]) : "";
          if (link) window.location.href = link;
        });
      });
  }

  function interactive() {
    loadPlotly().then(function () { figures.forEach(draw); })
      .catch(function () { /* the static charts stay */ });
  }

  figures.forEach(function (figure) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "chart-interactive";
    button.textContent = "Interactive chart";
    button.addEventListener("click", interactive);
    figure.querySelector("figcaption").appendChild(button);
    figure.addEventListener("pointerenter", interactive, { once: true });
    figure.addEventListener("focusin", interactive, { once: true });
  });
})();
