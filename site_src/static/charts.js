// Replaces each chart's static SVG with the interactive plotly figure from its JSON data block;
// a click on a bar or heatmap cell opens the page listing exactly those papers.
"use strict";
(function () {
  function linkOf(point) {
    var data = point.customdata;
    return Array.isArray(data) ? data[0] : data;
  }

  function draw(figure) {
    var spec = JSON.parse(document.getElementById(figure.dataset.figure).textContent);
    var plot = figure.querySelector(".chart-plot");
    Plotly.newPlot(plot, spec.data, spec.layout, {responsive: true, displayModeBar: false})
      .then(function () {
        figure.classList.add("chart-live");
        plot.on("plotly_click", function (event) {
          var link = event.points.length ? linkOf(event.points[0]) : "";
          if (link) {
            window.location.href = link;
          }
        });
      });
  }

  if (window.Plotly) {
    document.querySelectorAll(".chart[data-figure]").forEach(draw);
  }
})();
