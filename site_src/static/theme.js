/* Light or dark theme: the system's choice unless the reader picked one with the toggle.
   Loaded synchronously in <head> so the saved theme applies before the first paint; it also
   marks <html> with class "js" so controls that need scripts show from the first paint too
   (no layout shift) and stay hidden when scripts are off. */
(function () {
  "use strict";
  var KEY = "survey-theme";
  var root = document.documentElement;
  root.classList.add("js");
  var saved = null;
  try { saved = localStorage.getItem(KEY); } catch (e) { /* storage disabled: follow the system */ }
  if (saved === "light" || saved === "dark") root.setAttribute("data-theme", saved);

  function current() {
    var chosen = root.getAttribute("data-theme");
    if (chosen) return chosen;
    return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-theme-toggle]");
    if (!button) return;
    function show() { button.setAttribute("aria-pressed", String(current() === "dark")); }
    show();
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(KEY, next); } catch (e) { /* the choice lasts this page only */ }
      show();
    });
  });
}());
