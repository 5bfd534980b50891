/* The theme's search worker, answered from the site's Pagefind index.
 *
 * Material for MkDocs talks to its search worker with four messages: SETUP (0) with
 * the index, READY (1), QUERY (2) with the typed text, RESULT (3) with the items to
 * list. This worker speaks the same protocol, but ignores the (empty) index it is
 * given and asks Pagefind, which fetches only the chunks a query needs. A large site's
 * index is in shards (see search.py), merged here. Results come twice: the best few as
 * soon as they are known, then the rest.
 *
 * Everything put into a result is escaped here: the theme inserts it as HTML, and the
 * page text Pagefind returns is plain text (a transcript may say "<script>").
 */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var FIRST = 6;       // results sent at once
var MOST = 30;       // results loaded in all
var MOMENTS = 3;     // deep links into a page per result
var CONTEXT = 14;    // words of excerpt on each side of a match

var pagefind = null;
var ready = null;
var latest = 0;

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

// The site's clocks ("1:02:05"), from the file beside this one.
importScripts("labsite-time.js");
var clock = self.labsiteTime.clock;

// The site's own pages are the primary index; labs are in shards listed beside it.
function setup() {
  if (!ready) {
    var base = new URL("../../pagefind/", self.location.href);
    ready = import(new URL("pagefind.js", base).href).then(function (loaded) {
      pagefind = loaded;
      return pagefind.options({ excerptLength: 2 * CONTEXT });
    }).then(function () {
      return fetch(new URL("shards.json", base)).then(function (response) {
        return response.ok ? response.json() : [];
      }, function () { return []; });
    }).then(function (shards) {
      return Promise.all(shards.map(function (name) {
        return pagefind.mergeIndex(new URL(name + "/", base).href);
      }));
    }).then(function () { return pagefind.init(); });
  }
  return ready;
}

// Words of the page around `at`, the matched words marked, everything else escaped.
function excerpt(words, at, marked) {
  var start = Math.max(0, at - CONTEXT), end = Math.min(words.length, at + CONTEXT + 1);
  var out = [];
  for (var i = start; i < end; i++) {
    out.push(marked[i] ? "<mark>" + escapeHtml(words[i]) + "</mark>" : escapeHtml(words[i]));
  }
  return (start > 0 ? "… " : "") + out.join(" ") + (end < words.length ? " …" : "");
}

// Where a match is in the video: the transcript paragraph or slide it falls in.
function moment(anchors, location) {
  var found = null;
  for (var i = 0; i < anchors.length; i++) {
    if (anchors[i].location > location) break;
    found = anchors[i];
  }
  if (!found || !found.id) return null;
  var time = /(?:^|-)t-(\d+)$/.exec(found.id);
  if (!time) return null;
  var slide = /^slide-(\d+)-/.exec(found.id);
  return { id: found.id, seconds: parseInt(time[1], 10), slide: slide ? parseInt(slide[1], 10) : null };
}

function toItems(data, score, terms) {
  var location = data.url.replace(/^\/+/, "");
  var words = data.content.split(/[\r\n\s]+/g);
  var marked = {};
  var locations = data.locations || [];
  for (var i = 0; i < locations.length; i++) marked[locations[i]] = true;
  var anchors = (data.anchors || []).slice().sort(function (a, b) { return a.location - b.location; });
  var title = escapeHtml((data.meta && data.meta.title) || location);
  if (data.meta && data.meta.lab) title += ' <span class="ls-search-lab">· ' + escapeHtml(data.meta.lab) + "</span>";
  var first = locations.length ? locations[0] : 0;
  var items = [{ location: location, title: title, text: excerpt(words, first, marked), score: score, terms: terms }];
  var seen = {};
  for (var j = 0; j < locations.length && items.length <= MOMENTS; j++) {
    var where = moment(anchors, locations[j]);
    if (!where || seen[where.id]) continue;
    seen[where.id] = true;
    var label = where.slide !== null
      ? "Slide " + where.slide + " · " + clock(where.seconds)
      : "Transcript · " + clock(where.seconds);
    items.push({
      location: location + "#t=" + where.seconds,
      title: escapeHtml(label),
      text: excerpt(words, locations[j], marked),
      score: score,
      terms: terms
    });
  }
  return items;
}

function termsOf(query) {
  var terms = {};
  query.toLowerCase().split(/\s+/).forEach(function (word) {
    word = word.replace(/[^\p{L}\p{N}_-]+/gu, "");
    if (word) terms[word] = true;
  });
  return terms;
}

function search(query, sequence) {
  var text = String(query || "").trim();
  if (!text) { postMessage({ type: RESULT, data: { items: [] } }); return Promise.resolve(); }
  var terms = termsOf(text);
  return setup().then(function () {
    if (sequence !== latest) return null;
    return pagefind.search(text);
  }).then(function (found) {
    if (!found || sequence !== latest) return null;
    var results = found.results.slice(0, MOST);
    var collected = [];
    function load(from, to) {
      return Promise.all(results.slice(from, to).map(function (r) {
        return r.data().then(function (data) { return toItems(data, r.score, terms); });
      })).then(function (groups) {
        collected = collected.concat(groups);
        if (sequence === latest) postMessage({ type: RESULT, data: { items: collected } });
      });
    }
    return load(0, FIRST).then(function () {
      if (results.length > FIRST && sequence === latest) return load(FIRST, results.length);
      return null;
    });
  }).catch(function (error) {
    console.warn("search failed:", error);
    if (sequence === latest) postMessage({ type: RESULT, data: { items: [] } });
  });
}

addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type === SETUP) {
    // Ready at once: Pagefind (its script, WebAssembly and index) loads on the first query,
    // so a reader who never searches downloads none of it.
    postMessage({ type: READY });
  } else if (message.type === QUERY) {
    latest += 1;
    search(message.data, latest);
  }
});
