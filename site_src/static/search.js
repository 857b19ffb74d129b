/* Search page: query the site's Pagefind index as the reader types; nothing leaves the site. */
(function () {
  "use strict";
  var form = document.querySelector("[data-search]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var siteRoot = new URL(form.getAttribute("data-site-root"), document.baseURI).pathname;
  var engine = import(new URL(form.getAttribute("data-pagefind"), document.baseURI).href)
    .then(function (pagefind) {
      return pagefind.options({ baseUrl: siteRoot }).then(function () { return pagefind; });
    });

  /* Copy Pagefind's excerpt as text, keeping only its <mark> highlights. */
  function excerptNode(html) {
    var parsed = new DOMParser().parseFromString(html, "text/html").body;
    var out = document.createElement("p");
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function show(query, results) {
    list.replaceChildren();
    results.forEach(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.meta.title;
      var heading = document.createElement("h2");
      heading.appendChild(link);
      item.appendChild(heading);
      item.appendChild(excerptNode(result.excerpt));
      list.appendChild(item);
    });
    status.textContent = query ? results.length + (results.length === 1 ? " paper" : " papers") +
      " found for \u201c" + query + "\u201d." : "";
  }

  function run() {
    var query = input.value.trim();
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
    if (!query) { show("", []); return; }
    engine.then(function (pagefind) { return pagefind.debouncedSearch(query, {}, 150); })
      .then(function (search) {
        if (search === null) return null;
        return Promise.all(search.results.slice(0, 30).map(function (r) { return r.data(); }))
          .then(function (results) { if (input.value.trim() === query) show(query, results); });
      });
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
  input.addEventListener("input", run);
  input.value = new URL(window.location.href).searchParams.get("q") || "";
  var header = document.getElementById("site-search");
  if (header) header.value = input.value;
  if (input.value) run();
  input.focus();
}());
