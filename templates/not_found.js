/* The 404 page is served for any missing address, at any depth, and the site may be served
   under another path than the one it was built for (a fork, a mirror, a preview). This
   script finds the site's root from the address (as many leading folders as the configured
   base path has), loads the site's stylesheet and scripts from there, and points the page's
   links at it. It is the only inline script of the site, allowed by its hash alone. */
(function () {
  "use strict";
  var site = JSON.parse(document.getElementById("site-assets").textContent);
  var depth = site.base.split("/").length - 2;
  var folders = window.location.pathname.split("/").slice(1, 1 + depth);
  var root = window.location.pathname.indexOf(site.base) === 0 || folders.length < depth
    ? site.base : "/" + folders.map(function (f) { return f + "/"; }).join("");
  function moved(value) { return value.indexOf(site.base) === 0 ? root + value.slice(site.base.length) : value; }
  site.links.forEach(function (pair) {
    var link = document.createElement("link");
    link.rel = pair[0];
    link.href = moved(pair[1]);
    document.head.appendChild(link);
  });
  document.addEventListener("DOMContentLoaded", function () {
    ["href", "src", "action", "data-search-index", "data-site-root"].forEach(function (name) {
      document.querySelectorAll("[" + name + "]").forEach(function (element) {
        element.setAttribute(name, moved(element.getAttribute(name)));
      });
    });
    site.scripts.forEach(function (src) {
      var script = document.createElement("script");
      script.src = moved(src);
      script.async = false;
      document.head.appendChild(script);
    });
  });
}());
