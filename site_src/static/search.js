/* Search page: look the query up in the site's own index (site_src/search_index.py) as the
   reader types. Only the shards of the words typed and the document chunks of the hits shown
   are fetched, all from this site; results are built as text nodes, never parsed as HTML. */
(function () {
  "use strict";
  var form = document.querySelector("[data-search]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.querySelector("[data-search-status]");
  var list = document.querySelector("[data-search-results]");
  var siteRoot = new URL(form.getAttribute("data-site-root"), document.baseURI);
  var manifestUrl = new URL(form.getAttribute("data-search-index"), document.baseURI);
  var SHOWN = 30;
  var WORD = /[\p{L}\p{N}_]{2,}/gu;
  var files = {};

  /* The manifest is revalidated on every visit; the files it names carry its version. */
  var manifest = fetch(manifestUrl, { cache: "no-cache" }).then(function (response) {
    if (!response.ok) throw new Error("search index: HTTP " + response.status);
    return response.json();
  });

  function indexFile(index, path) {
    var url = new URL(path + "?v=" + index.version, manifestUrl).href;
    if (!files[url]) {
      files[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error("search index: HTTP " + response.status);
        return response.json();
      });
    }
    return files[url];
  }

  /* Same words as terms() in search_index.py: lowercase, accents folded, 2+ characters. */
  function terms(text) {
    return text.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").match(WORD) || [];
  }

  function shardName(term) {
    return Array.from(term).slice(0, 2).map(function (c) {
      return /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16) + "_";
    }).join("");
  }

  /* Score of each document containing `word`: every term it starts, when it is the word
     being typed; otherwise the word itself. */
  function matches(index, word, prefix) {
    var name = shardName(word);
    if (index.shards.indexOf(name) < 0) return Promise.resolve(new Map());
    return indexFile(index, "terms/" + name + ".json").then(function (shard) {
      var scores = new Map();
      var keys = prefix ? Object.keys(shard).filter(function (term) {
        return term.startsWith(word);
      }) : (Object.hasOwn(shard, word) ? [word] : []);
      keys.forEach(function (term) {
        var postings = shard[term];
        for (var i = 0; i < postings.length; i += 2) {
          scores.set(postings[i], (scores.get(postings[i]) || 0) + postings[i + 1]);
        }
      });
      return scores;
    });
  }

  /* Documents containing every word, best summed score first, then in survey order. */
  function lookup(index, words) {
    return Promise.all(words.map(function (word, i) {
      return matches(index, word, i === words.length - 1);
    })).then(function (perWord) {
      var hits = [];
      perWord[0].forEach(function (score, doc) {
        for (var i = 1; i < perWord.length; i++) {
          if (!perWord[i].has(doc)) return;
          score += perWord[i].get(doc);
        }
        hits.push([doc, score]);
      });
      hits.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
      return hits;
    });
  }

  function documents(index, hits) {
    return Promise.all(hits.map(function (hit) {
      return indexFile(index, "docs/" + Math.floor(hit[0] / index.chunk) + ".json")
        .then(function (chunk) { return chunk[hit[0] % index.chunk]; });
    }));
  }

  function paragraph(text) {
    var node = document.createElement("p");
    node.textContent = text;
    return node;
  }

  function show(message, docs) {
    list.replaceChildren();
    docs.forEach(function (doc) {
      var link = document.createElement("a");
      link.href = new URL(doc.url, siteRoot).href;
      link.textContent = doc.title;
      var heading = document.createElement("h2");
      heading.appendChild(link);
      var item = document.createElement("li");
      item.appendChild(heading);
      item.appendChild(paragraph(doc.year + (doc.authors ? " · " + doc.authors : "")));
      if (doc.excerpt) item.appendChild(paragraph(doc.excerpt));
      list.appendChild(item);
    });
    status.textContent = message;
  }

  function found(query, total) {
    var message = total + (total === 1 ? " paper" : " papers") + " found for \u201c" + query +
      "\u201d.";
    return total > SHOWN ? message + " Showing the best " + SHOWN + "." : message;
  }

  /* Keep the query in the address bar, so the results can be shared or bookmarked. */
  function remember(query) {
    var url = new URL(window.location.href);
    if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
    history.replaceState(null, "", url);
  }

  function run() {
    var query = input.value.trim();
    var words = terms(query);
    remember(query);
    if (!query) { show("", []); return; }
    if (!words.length) { show("Type at least two letters or digits.", []); return; }
    manifest.then(function (index) {
      return lookup(index, words).then(function (hits) {
        return documents(index, hits.slice(0, SHOWN)).then(function (docs) {
          if (input.value.trim() === query) show(found(query, hits.length), docs);
        });
      });
    }).catch(function () {
      show("Search is unavailable: its index could not be loaded.", []);
    });
  }

  /* While the reader types, look up only once they pause: each lookup may fetch files. */
  var pending;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(pending);
    run();
  });
  input.addEventListener("input", function () {
    remember(input.value.trim());
    clearTimeout(pending);
    pending = setTimeout(run, 150);
  });
  input.value = new URL(window.location.href).searchParams.get("q") || "";
  var header = document.getElementById("site-search");
  if (header) header.value = input.value;
  if (input.value) run();
  input.focus();
}());
