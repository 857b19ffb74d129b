/* Search in the site's own index (site_src/search_index.py), on every page.
   The header box shows the best matches in a list under it as the reader types ("/" focuses
   it, arrows move, Enter opens, Escape closes); the search page lists every match, a page at
   a time. Only the shards of the words typed and the document chunks of the hits shown are
   fetched, all from this site, and only once the reader starts searching. Results are built
   as text nodes, never parsed as HTML; the words matched, in every form the survey uses, are
   marked in titles, authors and excerpts. */
(function () {
  "use strict";
  var WORD = /[\p{L}\p{N}_]{2,}/gu;
  var TOKEN = /[\p{L}\p{N}_]+/gu;
  var PAGE = 20;
  var DROPDOWN = 8;
  var EXCERPT = 200;
  var header = document.querySelector(".site-search");
  var page = document.querySelector("[data-search]");
  var source = page || header;
  if (!source) return;
  var siteRoot = new URL(source.getAttribute("data-site-root"), document.baseURI);
  var manifestUrl = new URL(source.getAttribute("data-search-index"), document.baseURI);
  var manifest = null;
  var files = {};

  function fetchJson(url, options) {
    return fetch(url, options).then(function (response) {
      if (!response.ok) throw new Error("search index: HTTP " + response.status);
      return response.json();
    });
  }

  /* The manifest is revalidated on every visit; the files it names carry its version. */
  function index() {
    if (!manifest) manifest = fetchJson(manifestUrl, { cache: "no-cache" });
    return manifest;
  }

  function indexFile(manifestData, path) {
    var url = new URL(path + "?v=" + manifestData.version, manifestUrl).href;
    if (!files[url]) files[url] = fetchJson(url);
    return files[url];
  }

  /* Same words as terms() in search_index.py: lowercase, accents folded, 2+ characters. */
  function fold(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  function terms(text) { return fold(text).match(WORD) || []; }

  function shardName(term) {
    return Array.from(term).slice(0, 2).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    }).join("");
  }

  /* The stems one query word stands for, with a weight: its own stem, or, for a word the
     survey never uses, the longest stem it starts with ("policies" -> "polici"); the word
     being typed also stands for the stems of the survey's words it begins, at half weight. */
  function stemsOf(shard, word, typing) {
    var stems = new Map();
    if (Object.hasOwn(shard.words, word)) {
      stems.set(shard.words[word], 1);
    } else {
      var best = "";
      Object.keys(shard.stems).forEach(function (stem) {
        if (stem.length >= 3 && word.length - stem.length <= 4 && word.startsWith(stem) &&
            stem.length > best.length) best = stem;
      });
      if (best) stems.set(best, 1);
    }
    if (typing) {
      Object.keys(shard.words).forEach(function (form) {
        var stem = shard.words[form];
        if (form.startsWith(word) && !stems.has(stem)) stems.set(stem, 0.5);
      });
    }
    return stems;
  }

  /* Score of each document containing `word`, and the survey's forms of it for marking. */
  function matches(manifestData, word, typing) {
    var name = shardName(word);
    if (manifestData.shards.indexOf(name) < 0) {
      return Promise.resolve({ scores: new Map(), forms: [] });
    }
    return indexFile(manifestData, "terms/" + name + ".json").then(function (shard) {
      var stems = stemsOf(shard, word, typing);
      var scores = new Map();
      stems.forEach(function (weight, stem) {
        var postings = shard.stems[stem];
        for (var i = 0; i < postings.length; i += 2) {
          scores.set(postings[i], (scores.get(postings[i]) || 0) + postings[i + 1] * weight);
        }
      });
      var forms = Object.keys(shard.words).filter(function (form) { return stems.has(shard.words[form]); });
      return { scores: scores, forms: forms };
    });
  }

  /* Documents containing every word but the optional ones ("with", "of"), best summed score
     first, then in survey order; and the set of word forms to mark. */
  function lookup(manifestData, words) {
    var optional = new Set(manifestData.optional || []);
    var required = words.filter(function (word) { return !optional.has(word); });
    if (!required.length) required = words;
    return Promise.all(words.map(function (word, i) {
      return matches(manifestData, word, i === words.length - 1);
    })).then(function (perWord) {
      var forms = new Set();
      perWord.forEach(function (found) { found.forms.forEach(function (f) { forms.add(f); }); });
      var needed = perWord.filter(function (found, i) { return required.indexOf(words[i]) >= 0; });
      var hits = [];
      needed[0].scores.forEach(function (first, doc) {
        if (!needed.every(function (found) { return found.scores.has(doc); })) return;
        var score = 0;
        perWord.forEach(function (found) { score += found.scores.get(doc) || 0; });
        hits.push([doc, score]);
      });
      hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return { hits: hits, forms: forms };
    });
  }

  function documents(manifestData, hits) {
    return Promise.all(hits.map(function (hit) {
      return indexFile(manifestData, "docs/" + Math.floor(hit[0] / manifestData.chunk) + ".json")
        .then(function (chunk) { return chunk[hit[0] % manifestData.chunk]; });
    }));
  }

  /* `text` as nodes, each word whose folded form was matched wrapped in <mark>. */
  function marked(text, forms) {
    var fragment = document.createDocumentFragment();
    var last = 0;
    text.replace(TOKEN, function (token, at) {
      if (forms.has(fold(token))) {
        fragment.appendChild(document.createTextNode(text.slice(last, at)));
        var mark = document.createElement("mark");
        mark.textContent = token;
        fragment.appendChild(mark);
        last = at + token.length;
      }
      return token;
    });
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  /* About EXCERPT characters of the description, around its first matched word. */
  function excerpt(text, forms) {
    var first = -1;
    text.replace(TOKEN, function (token, at) {
      if (first < 0 && forms.has(fold(token))) first = at;
      return token;
    });
    var start = first > EXCERPT / 3 ? text.lastIndexOf(" ", first - EXCERPT / 4) + 1 : 0;
    var end = start + EXCERPT >= text.length ? text.length : text.lastIndexOf(" ", start + EXCERPT);
    if (end <= start) end = Math.min(text.length, start + EXCERPT);
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }

  function line(tag, className, text, forms) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    node.appendChild(marked(text, forms));
    return node;
  }

  function byline(doc) {
    return doc.year + (doc.authors.length ? " · " + doc.authors.join(", ") : "");
  }

  function found(query, total) {
    return total + (total === 1 ? " paper" : " papers") + " found for \u201c" + query + "\u201d.";
  }

  function searchPageUrl(query) {
    var url = new URL(header.getAttribute("action"), document.baseURI);
    url.searchParams.set("q", query);
    return url.href;
  }

  /* The search page: every match, PAGE at a time, the query kept in the address bar. */
  function searchPage() {
    var input = page.querySelector("input[name=q]");
    var status = document.querySelector("[data-search-status]");
    var list = document.querySelector("[data-search-results]");
    var more = document.querySelector("[data-search-more]");
    var current = null;

    function append(results, from) {
      return index().then(function (manifestData) {
        return documents(manifestData, results.hits.slice(from, from + PAGE));
      }).then(function (docs) {
        if (current !== results) return;
        docs.forEach(function (doc) {
          var link = document.createElement("a");
          link.href = new URL(doc.url, siteRoot).href;
          link.appendChild(marked(doc.title, results.forms));
          var heading = document.createElement("h2");
          heading.appendChild(link);
          var item = document.createElement("li");
          item.appendChild(heading);
          item.appendChild(line("p", "byline", byline(doc), results.forms));
          if (doc.text) item.appendChild(line("p", "excerpt", excerpt(doc.text, results.forms), results.forms));
          list.appendChild(item);
        });
        results.shown = from + docs.length;
        var total = results.hits.length;
        status.textContent = found(results.query, total) +
          (total > results.shown ? " Showing the best " + results.shown + "." : "");
        more.hidden = total <= results.shown;
        if (!more.hidden) more.textContent = "Show " + Math.min(PAGE, total - results.shown) + " more";
      });
    }

    function show(message) {
      current = null;
      list.replaceChildren();
      more.hidden = true;
      status.textContent = message;
    }

    function remember(query) {
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
    }

    function run() {
      var query = input.value.trim();
      var words = terms(query);
      remember(query);
      if (!query) { show(""); return; }
      if (!words.length) { show("Type at least two letters or digits."); return; }
      index().then(function (manifestData) { return lookup(manifestData, words); })
        .then(function (results) {
          if (input.value.trim() !== query) return;
          current = results;
          results.query = query;
          list.replaceChildren();
          return append(results, 0);
        }).catch(function () { show("Search is unavailable: its index could not be loaded."); });
    }

    var pending;
    page.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(pending);
      run();
    });
    input.addEventListener("input", function () {
      remember(input.value.trim());
      clearTimeout(pending);
      pending = setTimeout(run, 60);
    });
    more.addEventListener("click", function () {
      if (current) append(current, current.shown);
    });
    input.value = new URL(window.location.href).searchParams.get("q") || "";
    if (input.value) run();
    input.focus();
  }

  /* The header box: a list of the best matches under it, as a combobox. */
  function dropdown() {
    var input = header.querySelector("input[name=q]");
    var list = document.createElement("ul");
    list.id = "site-search-results";
    list.className = "search-dropdown";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Matching papers");
    list.hidden = true;
    header.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var active = -1;
    var latest = 0;

    function options() { return list.querySelectorAll("[role=option]"); }
    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function activate(next) {
      var all = options();
      if (!all.length) return;
      active = (next + all.length) % all.length;
      all.forEach(function (option, i) { option.setAttribute("aria-selected", String(i === active)); });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }
    function option(id, href, children) {
      var item = document.createElement("li");
      item.id = id;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      var link = document.createElement("a");
      link.href = href;
      link.tabIndex = -1;
      children.forEach(function (child) { link.appendChild(child); });
      item.appendChild(link);
      return item;
    }
    function render(query, results, docs) {
      list.replaceChildren();
      docs.forEach(function (doc, i) {
        list.appendChild(option("site-search-option-" + i, new URL(doc.url, siteRoot).href, [
          line("span", "title", doc.title, results.forms),
          line("span", "byline", byline(doc), results.forms)]));
      });
      var total = results.hits.length;
      var label = total ? (total > docs.length ? "See all " + total + " results" : "Open the search page")
        : "No paper found for \u201c" + query + "\u201d";
      var all = option("site-search-option-all", searchPageUrl(query), [document.createTextNode(label)]);
      all.className = "all";
      list.appendChild(all);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
      input.removeAttribute("aria-activedescendant");
    }
    function run() {
      var query = input.value.trim();
      var words = terms(query);
      var ticket = ++latest;
      if (!words.length) { close(); return; }
      index().then(function (manifestData) {
        return lookup(manifestData, words).then(function (results) {
          return documents(manifestData, results.hits.slice(0, DROPDOWN)).then(function (docs) {
            if (ticket === latest) render(query, results, docs);
          });
        });
      }).catch(close);
    }

    var pending;
    input.addEventListener("input", function () {
      clearTimeout(pending);
      pending = setTimeout(run, 60);
    });
    input.addEventListener("focus", function () { index(); if (input.value.trim()) run(); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) { run(); return; }
        event.preventDefault();
        if (event.key === "ArrowDown") activate(active + 1);
        else activate(active < 0 ? -1 : active - 1);
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        window.location.href = options()[active].querySelector("a").href;
      } else if (event.key === "Escape" && !list.hidden) {
        event.stopPropagation();
        close();
      }
    });
    header.addEventListener("focusout", function (event) {
      if (!header.contains(event.relatedTarget)) close();
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.focus();
        input.select();
      }
    });
  }

  if (header) dropdown();
  if (page) searchPage();
}());
