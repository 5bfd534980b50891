/* Lab pages: the video facade, #t= deep links, seeking from times, and marking the
 * transcript paragraph, slide and chapter of the current moment, which the page follows.
 * Plain JavaScript, no dependencies; works with Material's instant navigation.
 * reader.js adds the reader's controls (layout, keys, speed) on top of `window.labsite`. */
(function () {
  "use strict";

  var SCROLL_GRACE_MS = 4000;
  // As in labsite.css, and in the page's JSON block (write/browser.py).
  var THEATRE = "screen and (min-width: 60em) and (min-height: 33em)";
  var state = null;

  var times = window.labsiteTime;
  var parseTime = times.parseTime, clock = times.clock, hashTime = times.hashTime;

  // The player moved or changed state: mark the moment, and fit the stage once it plays.
  function changed(player) {
    if (!state || state.player !== player) return;
    var playing = !player.paused();
    if (playing && !state.playing) fitStage();
    state.playing = playing;
    sync();
  }

  function markCurrent(items, now, current) {
    var starts = items.map(function (item) { return parseFloat(item.getAttribute("data-start")); });
    var last = items[items.length - 1];
    var lastEnd = last && last.hasAttribute("data-end") ? parseFloat(last.getAttribute("data-end")) : NaN;
    // Slides as the recording showed them: current only while on screen, as often as shown.
    var synced = items.some(function (item) { return item.hasAttribute("data-shown"); });
    var index = synced
      ? times.shownIndex(items.map(function (item) { return times.parseShown(item.getAttribute("data-shown")); }), now)
      : times.currentIndex(starts, now, lastEnd);
    var found = index >= 0 ? items[index] : null;
    if (found === current) return current;
    if (current) { current.classList.remove("is-current"); current.removeAttribute("aria-current"); }
    if (found) { found.classList.add("is-current"); found.setAttribute("aria-current", "true"); }
    return found;
  }

  function visible(element) {
    var box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < (window.innerHeight || document.documentElement.clientHeight);
  }

  function theatre() {
    return !!(state && state.stage) && window.matchMedia(state.player.config.theatre || THEATRE).matches &&
      !document.documentElement.classList.contains("ls-stacked");
  }

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  // Theatre: bring the whole stage into view, just under the theme's header.
  function fitStage() {
    if (!theatre()) return;
    var box = state.stage.getBoundingClientRect();
    var top = headerBottom();
    if (box.top >= top - 1 && box.bottom <= window.innerHeight + 1) return;
    state.autoScrolling = Date.now();
    window.scrollTo({ top: window.scrollY + box.top - top - 8, behavior: "smooth" });
  }

  // Scroll `element` into view inside its own scrolling `box`, never moving the page.
  function showWithin(box, element, fraction, instant) {
    var outer = box.getBoundingClientRect(), inner = element.getBoundingClientRect();
    var heading = box.querySelector("h2");
    var covered = heading ? heading.getBoundingClientRect().height : 0;
    if (inner.top >= outer.top + covered && inner.bottom <= outer.bottom) return;
    // A paragraph taller than most of the box is read from its top.
    var room = outer.height - covered;
    var margin = inner.height > room * (1 - fraction) ? 0 : room * fraction;
    state.autoScrolling = Date.now();
    var target = box.scrollTop + inner.top - outer.top - covered - margin;
    target = lineStart(box, Math.max(0, target) + covered) - covered;
    box.scrollTo({ top: Math.max(0, target), behavior: instant ? "auto" : "smooth" });
  }

  // Where the line at `y` (from the top of the box's content) starts, or the next one when
  // `y` falls inside a line: the box's sticky heading then covers no half line.
  function lineStart(box, y) {
    var origin = box.getBoundingClientRect().top - box.scrollTop;
    var blocks = box.querySelectorAll(".ls-transcript > p, .ls-slide");
    for (var i = 0; i < blocks.length; i++) {
      var rect = blocks[i].getBoundingClientRect();
      var top = rect.top - origin, bottom = rect.bottom - origin;
      if (y <= top || y >= bottom) continue;
      var style = window.getComputedStyle(blocks[i]);
      var line = parseFloat(style.lineHeight);
      var first = top + (parseFloat(style.paddingTop) || 0) + (parseFloat(style.borderTopWidth) || 0);
      if (!(line > 0) || y <= first) return top;
      var next = first + Math.ceil((y - first) / line - 0.01) * line;
      return next < bottom - line / 2 ? next : bottom;
    }
    return y;
  }

  // The top of the part of the window the page's text shows in: under the header and, on
  // portrait screens where the player stays at the top, under the player.
  function coveredTop() {
    var top = headerBottom();
    var root = state.player.root;
    if (root && window.getComputedStyle(root).position === "sticky") {
      top += root.getBoundingClientRect().height;
    }
    return top;
  }

  // Bring `element` into the window below what covers its top, a fifth of the way down.
  function showOnPage(element, instant) {
    var top = coveredTop(), box = element.getBoundingClientRect();
    var room = window.innerHeight - top;
    var margin = box.height > room * 0.8 ? 0 : room * 0.2;
    state.autoScrolling = Date.now();
    window.scrollTo({ top: window.scrollY + box.top - top - margin, behavior: instant ? "auto" : "smooth" });
  }

  // A time was chosen: the player that starts playing is in view.
  function revealPlayer() {
    if (theatre()) { fitStage(); return; }
    var box = state.player.root.getBoundingClientRect();
    if (box.top >= headerBottom() - 1 && box.bottom <= window.innerHeight + 1) return;
    state.autoScrolling = Date.now();
    window.scrollTo({ top: window.scrollY + box.top - headerBottom() - 8, behavior: "smooth" });
  }

  // The slide strip (stacked layout, phones) scrolls sideways: keep its current slide in it.
  function showInStrip(slide) {
    var strip = slide && slide.closest(".ls-slides");
    // Upright tablets: the slides are a column in a box of their own beside the transcript.
    var column = strip && !theatre() && strip.closest(".ls-stage > section");
    if (column && column.scrollHeight > column.clientHeight + 1 && window.getComputedStyle(column).overflowY === "auto") {
      showWithin(column, slide, 0.1);
      return;
    }
    if (!strip || strip.scrollWidth <= strip.clientWidth + 1) return;
    var left = slide.offsetLeft - strip.offsetLeft - (strip.clientWidth - slide.offsetWidth) / 2;
    strip.scrollTo({ left: Math.max(0, left), behavior: "smooth" });
  }

  // Opened at a moment (a search result, a shared link): the player just under the header
  // and, in the theatre, the current slide and paragraph in view in their boxes. A local
  // video gets to the moment once it has loaded: until then this is done again on sync.
  function arrive() {
    var time = state.player.time();
    if (time !== null && time !== undefined && Math.abs(time - state.arrival) < 1) {
      state.arrival = null;
    }
    var top = theatre() && state.stage ? state.stage : state.player.root;
    state.autoScrolling = Date.now();
    window.scrollTo({ top: window.scrollY + top.getBoundingClientRect().top - headerBottom() - 8 });
    showInStrip(state.slide);
    if (!theatre()) {
      // Where the player stays at the top, the moment's paragraph comes to just under it.
      if (state.paragraph && coveredTop() > headerBottom()) showOnPage(state.paragraph, true);
      return;
    }
    [state.paragraph, state.slide].forEach(function (element) {
      var box = element && element.closest(".ls-stage > section");
      if (box) showWithin(box, element, 0.2, true);
    });
  }

  function follow(element) {
    if (theatre()) {
      fitStage();
      var box = element.closest(".ls-stage > section");
      if (box) showWithin(box, element, 0.2);
      return;
    }
    showOnPage(element);
  }

  // The current slide is shown large in the theatre: give it its full-size image.
  function sharpen(slide) {
    var img = slide && slide.querySelector("img");
    var full = slide && slide.querySelector("a.glightbox");
    if (!img || !full || img.getAttribute("srcset")) return;
    var width = img.getAttribute("width");
    img.setAttribute("srcset", img.getAttribute("src") + " " + (width || 480) + "w, " + full.getAttribute("href") + " 1600w");
    img.setAttribute("sizes", "(min-width: 60em) 40vw, 15rem");
  }

  // The way out to the host keeps the reader's moment, not the chapter's start: YouTube's
  // `&t=`, Vimeo's `#t=`, PeerTube's `?start=`. A link without a moment is left as it is.
  function followInLinks(now) {
    var second = Math.floor(now);
    if (second === state.watchSecond) return;
    state.watchSecond = second;
    state.watchLinks.forEach(function (link) {
      var moment = /([?&#](?:t|start)=)\d+s?/;
      if (!moment.test(link.href)) return;
      link.href = link.href.replace(moment, "$1" + second + "s");
      var text = link.textContent.replace(/ from [\d:]+$/, " from " + clock(second));
      if (text !== link.textContent) link.textContent = text;
    });
  }

  function sync(quiet) {
    var time = state.player.time();
    if (time === null || time === undefined) return;
    followInLinks(time);
    var paragraph = state.paragraph, chapter = state.chapter, slide = state.slide;
    state.paragraph = markCurrent(state.paragraphs, time, paragraph);
    state.chapter = markCurrent(state.chapters, time, chapter);
    state.slide = markCurrent(state.slides, time, slide);
    if (state.slide !== slide) {
      sharpen(state.slide);
      if (!quiet) showInStrip(state.slide);
      var side = state.slide && theatre() && state.slide.closest(".ls-stage > section");
      if (side && !quiet) side.scrollTop = 0;
    }
    if (quiet) return;
    if (state.arrival !== null) {
      arrive();
      return;
    }
    // Follow the video only while the reader is following it too: from a mark in view,
    // or once the video plays. Opening a page at a moment leaves the page where it is.
    var reading = Date.now() - state.lastUserScroll < SCROLL_GRACE_MS;
    var moved = state.paragraph !== paragraph ? [state.paragraph, paragraph] : [state.chapter, chapter];
    var watching = moved[1] ? visible(moved[1]) : !state.player.paused();
    if (moved[0] && moved[0] !== moved[1] && !reading && watching) follow(moved[0]);
  }

  function onClick(event) {
    if (!state) return;
    var link = event.target.closest && event.target.closest("a.ls-time, a[data-seek]");
    if (link && samePage(link)) {
      var seconds = link.hasAttribute("data-seek")
        ? parseFloat(link.getAttribute("data-seek"))
        : hashTime(new URL(link.href, location.href).hash);
      if (seconds === null || isNaN(seconds)) return;
      event.preventDefault();
      // The whole second at or after the start, as the page's own links: reopening shows it.
      history.replaceState(null, "", "#t=" + Math.ceil(Math.round(seconds * 10) / 10));
      state.player.seek(seconds, true);
      revealPlayer();
      sync();
      return;
    }
    var facade = event.target.closest && event.target.closest(".ls-facade");
    if (facade && state.player.root.contains(facade)) {
      event.preventDefault();
      state.player.play();
    }
  }

  // Instant navigation rewrites hrefs to absolute URLs, so compare where they lead.
  function samePage(link) {
    var target = new URL(link.href, location.href);
    return target.origin === location.origin && target.pathname === location.pathname &&
      hashTime(target.hash) !== null;
  }

  function onHashChange() {
    if (!state) return;
    var seconds = hashTime(location.hash);
    if (seconds !== null) state.player.seek(seconds, true);
  }

  // Scrolling the page or the stage's boxes: the reader is looking elsewhere for a while.
  function onScroll() {
    if (!state) return;
    if (state.autoScrolling && Date.now() - state.autoScrolling < 1200) return;
    state.lastUserScroll = Date.now();
  }

  // Theatre: wheeling over the slides or the transcript while the stage is partly below the
  // window scrolls the page first, until the whole stage is in view, then the box itself.
  function onWheel(event) {
    if (!state || event.ctrlKey || event.deltaY <= 0 || !theatre()) return;
    var box = event.target.closest && event.target.closest(".ls-stage > section");
    if (!box || !state.stage.contains(box)) return;
    var hidden = state.stage.getBoundingClientRect().bottom - window.innerHeight;
    if (hidden <= 1) return;
    event.preventDefault();
    var step = event.deltaMode === 1 ? event.deltaY * 20 : event.deltaMode === 2 ? event.deltaY * window.innerHeight : event.deltaY;
    window.scrollBy(0, Math.min(step, hidden));
  }

  function teardown() {
    if (!state) return;
    state.player.destroy();
    state = null;
  }

  // The transcript shown: a page with captions in several languages hides all but one.
  function transcript() {
    return all(".ls-transcript:not([hidden]) p[data-start]");
  }

  function all(selector) {
    return Array.prototype.slice.call(document.querySelectorAll(selector));
  }

  function init() {
    teardown();
    var player = window.labsitePlayers.create(changed);
    if (!player) return;
    var root = player.root;
    state = {
      player: player,
      stage: root.closest(".ls-stage"),
      paragraphs: transcript(),
      slides: all(".ls-slides .ls-slide[data-start]"),
      chapters: all(".ls-chapters li[data-start]"),
      paragraph: null,
      slide: null,
      chapter: null,
      playing: false,
      lastUserScroll: 0,
      autoScrolling: 0,
      arrival: null,
      watchLinks: all('a[href^="https://www.youtube.com/watch"], .ls-watch a, .ls-offline-note a'),
      watchSecond: null
    };
    if (location.protocol === "file:" && player.config.online) root.classList.add("is-offline");
    var seconds = hashTime(location.hash);
    if (seconds !== null) player.seek(seconds, false);
    // Mark where the player stands; move the page only when it was opened at a moment.
    sync(true);
    if (seconds !== null) {
      state.arrival = seconds;
      arrive();
    }
    document.dispatchEvent(new CustomEvent("labsite:page", { detail: state }));
  }

  document.addEventListener("click", onClick);
  // Code in a hidden tab has no width until its tab is chosen.
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest(".tabbed-set")) focusableCode();
  });
  window.addEventListener("hashchange", onHashChange);
  document.addEventListener("scroll", onScroll, { passive: true, capture: true });
  document.addEventListener("wheel", onWheel, { passive: false });
  window.labsite = {
    parseTime: parseTime,
    clock: clock,
    state: function () { return state; },
    sync: function () { if (state) sync(); },
    // The reader chose another transcript: follow its paragraphs from now on.
    refresh: function () {
      if (!state) return;
      if (state.paragraph) state.paragraph.classList.remove("is-current");
      state.paragraph = null;
      state.paragraphs = transcript();
      sync();
    },
    theatre: theatre,
    fitStage: function () { if (state) fitStage(); },
    THEATRE: THEATRE
  };

  // Fill gaps of the theme's markup that axe-core reports, on every page.
  function improveAccessibility() {
    var search = document.querySelector('.md-search[role="dialog"]');
    if (search && !search.hasAttribute("aria-label") && !search.hasAttribute("aria-labelledby")) {
      var input = search.querySelector("input");
      search.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Search");
    }
    focusableCode();
  }

  // A code block wider than the page scrolls: keyboard users need to reach it to scroll it.
  function focusableCode() {
    var blocks = document.querySelectorAll(".md-typeset pre > code");
    for (var i = 0; i < blocks.length; i++) {
      var code = blocks[i];
      if (!code.hasAttribute("tabindex") && code.scrollWidth > code.clientWidth) code.setAttribute("tabindex", "0");
    }
  }

  var started = false;
  // The slide viewer (GLightbox) loads on the first click on a slide: its files are not in
  // the page's head (write/lightbox.py), so that they do not hold up the first paint.
  var viewerLoading = false;
  function loadViewer(anchor) {
    var waiting = document.getElementById("init-glightbox");
    if (!waiting || waiting.type !== "text/plain") return false;
    viewerLoading = true;
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = waiting.getAttribute("data-style");
    document.head.appendChild(style);
    var script = document.createElement("script");
    script.src = waiting.getAttribute("data-script");
    script.onload = function () {
      var setup = document.createElement("script");
      setup.textContent = waiting.textContent;
      document.body.appendChild(setup);
      anchor.click();
    };
    document.head.appendChild(script);
    return true;
  }

  document.addEventListener("click", function (event) {
    if (window.GLightbox || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    var anchor = event.target.closest ? event.target.closest("a.glightbox") : null;
    if (!anchor) return;
    if (viewerLoading || loadViewer(anchor)) event.preventDefault();
  }, true);

  function start() {
    started = true;
    improveAccessibility();
    init();
  }
  function startOnce() {
    if (started) return;
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }

  // Material's document$ emits each page, also after instant navigation. From file://
  // with navigation.instant on, it completes without ever emitting: start anyway.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe({ next: start, complete: startOnce, error: startOnce });
  } else {
    startOnce();
  }
})();
