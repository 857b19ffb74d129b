/* Site chrome on every page: the light or dark theme and the phone menu.
   The theme is the system's choice unless the reader picked one with the toggle. Loaded
   synchronously in <head> so the saved theme applies before the first paint; it also marks
   <html> with class "js" so controls that need scripts show from the first paint too (no
   layout shift) and stay hidden when scripts are off, when the menu is simply always open. */
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

  /* Charts redraw in the page's colours when the theme changes (see charts.js). */
  function announce() {
    document.dispatchEvent(new CustomEvent("themechange", { detail: current() }));
  }
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", announce);

  function themeToggle(button) {
    function show() { button.setAttribute("aria-pressed", String(current() === "dark")); }
    show();
    button.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem(KEY, next); } catch (e) { /* the choice lasts this page only */ }
      show();
      announce();
    });
  }

  /* On a narrow screen the navigation folds behind a Menu button; Escape folds it again. */
  function menuToggle(button) {
    var header = button.closest("header");
    function set(open) {
      button.setAttribute("aria-expanded", String(open));
      header.classList.toggle("menu-open", open);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        set(false);
        button.focus();
      }
    });
  }

  /* The 404 page loads this script after the document is parsed (see not_found.js). */
  function wire() {
    var theme = document.querySelector("[data-theme-toggle]");
    if (theme) themeToggle(theme);
    var menu = document.querySelector("[data-menu-toggle]");
    if (menu) menuToggle(menu);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
}());
