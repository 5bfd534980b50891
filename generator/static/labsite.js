/* Lab pages: the video facade, #t= deep links, seeking from times, and
 * highlighting the transcript paragraph and slide of the current moment.
 * Plain JavaScript, no dependencies; works with Material's instant navigation. */
(function () {
  "use strict";

  var POLL_MS = 250;
  var SCROLL_GRACE_MS = 4000;
  var state = null;

  function parseTime(text) {
    var value = String(text || "").trim().toLowerCase();
    if (/^\d+(\.\d+)?s?$/.test(value)) return parseFloat(value);
    if (/^\d+(:\d{1,2}){1,2}$/.test(value)) {
      return value.split(":").reduce(function (total, part) { return total * 60 + parseInt(part, 10); }, 0);
    }
    var parts = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
    if (parts && value) return (+parts[1] || 0) * 3600 + (+parts[2] || 0) * 60 + (+parts[3] || 0);
    return null;
  }

  function clock(seconds) {
    var whole = Math.max(0, Math.floor(seconds));
    var h = Math.floor(whole / 3600), m = Math.floor((whole % 3600) / 60), s = whole % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  }

  function hashTime(hash) {
    var match = /(?:^#|&)t=([^&]+)/.exec(hash || "");
    return match ? parseTime(decodeURIComponent(match[1])) : null;
  }

  function Player(root) {
    this.root = root;
    this.kind = root.getAttribute("data-kind");
    this.start = parseFloat(root.getAttribute("data-start")) || 0;
    this.video = root.querySelector("video");
    this.iframe = null;
    this.yt = null;
    this.pending = null;
    this.listeners = [];
  }

  Player.prototype.time = function () {
    if (this.video) return this.video.currentTime;
    if (this.yt && this.yt.getCurrentTime) return this.yt.getCurrentTime();
    return null;
  };

  Player.prototype.seek = function (seconds, play) {
    if (this.video) {
      var video = this.video;
      var apply = function () {
        video.currentTime = seconds;
        if (play) { var p = video.play(); if (p && p.catch) p.catch(function () {}); }
      };
      if (video.readyState >= 1) apply();
      else video.addEventListener("loadedmetadata", apply, { once: true });
      return;
    }
    if (this.yt && this.yt.seekTo) {
      this.yt.seekTo(seconds, true);
      if (play && this.yt.playVideo) this.yt.playVideo();
      return;
    }
    this.pending = seconds;
    var label = "Play video from " + clock(seconds);
    var button = this.root.querySelector(".ls-facade");
    if (button) {
      button.setAttribute("aria-label", label);
      var text = button.querySelector(".ls-facade-label");
      if (text) text.textContent = label;
    }
    if (play) this.load();
  };

  Player.prototype.load = function () {
    if (this.iframe || this.kind !== "youtube") return;
    if (location.protocol === "file:") {
      // YouTube refuses embeds without an HTTP referrer (error 153): offer the link instead.
      this.root.classList.add("is-offline");
      return;
    }
    var start = Math.floor(this.pending !== null ? this.pending : this.start);
    var src = this.root.getAttribute("data-embed").replace(/start=\d+/, "start=" + start);
    src += "&autoplay=1&rel=0&enablejsapi=1";
    if (/^https?:$/.test(location.protocol)) src += "&origin=" + encodeURIComponent(location.origin);
    var frame = document.createElement("iframe");
    frame.src = src;
    frame.title = "Video player";
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    var facade = this.root.querySelector(".ls-facade");
    if (facade) facade.replaceWith(frame); else this.root.appendChild(frame);
    this.iframe = frame;
    frame.focus();
    this.connect();
  };

  // The IFrame API gives the current time only on request: poll it while playing.
  Player.prototype.connect = function () {
    var self = this;
    withYouTubeApi(function (YT) {
      if (!self.iframe || !self.iframe.isConnected) return;
      self.yt = new YT.Player(self.iframe, {
        events: {
          onStateChange: function (event) {
            if (event.data === YT.PlayerState.PLAYING) startPolling();
          }
        }
      });
    });
  };

  var apiCallbacks = null;
  function withYouTubeApi(callback) {
    if (window.YT && window.YT.Player) { callback(window.YT); return; }
    if (apiCallbacks) { apiCallbacks.push(callback); return; }
    apiCallbacks = [callback];
    var previous = window.onYouTubeIframeAPIReady;
    window.onYouTubeIframeAPIReady = function () {
      if (previous) previous();
      apiCallbacks.forEach(function (fn) { fn(window.YT); });
      apiCallbacks = [];
    };
    var script = document.createElement("script");
    script.src = "https://www.youtube.com/iframe_api";
    script.async = true;
    document.head.appendChild(script);
  }

  function startPolling() {
    if (!state || state.timer) return;
    state.timer = window.setInterval(function () { if (state) sync(); }, POLL_MS);
  }

  function markCurrent(items, time, current) {
    var found = null;
    for (var i = 0; i < items.length; i++) {
      var start = parseFloat(items[i].getAttribute("data-start"));
      if (start <= time + 0.05) found = items[i];
    }
    if (found && found.hasAttribute("data-end")) {
      if (time > parseFloat(found.getAttribute("data-end")) + 1.5 && found === items[items.length - 1]) found = null;
    }
    if (found === current) return current;
    if (current) { current.classList.remove("is-current"); current.removeAttribute("aria-current"); }
    if (found) { found.classList.add("is-current"); found.setAttribute("aria-current", "true"); }
    return found;
  }

  function visible(element) {
    var box = element.getBoundingClientRect();
    return box.bottom > 0 && box.top < (window.innerHeight || document.documentElement.clientHeight);
  }

  function sync() {
    var time = state.player.time();
    if (time === null || time === undefined) return;
    var before = state.paragraph;
    state.paragraph = markCurrent(state.paragraphs, time, state.paragraph);
    state.slide = markCurrent(state.slides, time, state.slide);
    // Follow the video only while the reader is following it too.
    var reading = Date.now() - state.lastUserScroll < SCROLL_GRACE_MS;
    if (state.paragraph && state.paragraph !== before && !reading && (!before || visible(before))) {
      state.autoScrolling = Date.now();
      state.paragraph.scrollIntoView({ block: "center", behavior: "smooth" });
    }
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
      history.replaceState(null, "", "#t=" + Math.floor(seconds));
      state.player.seek(seconds, true);
      sync();
      return;
    }
    var facade = event.target.closest && event.target.closest(".ls-facade");
    if (facade && state.player.root.contains(facade)) {
      event.preventDefault();
      state.player.load();
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

  function onScroll() {
    if (!state) return;
    if (state.autoScrolling && Date.now() - state.autoScrolling < 1200) return;
    state.lastUserScroll = Date.now();
  }

  function teardown() {
    if (!state) return;
    if (state.timer) window.clearInterval(state.timer);
    state = null;
  }

  function init() {
    teardown();
    var root = document.querySelector(".ls-player[data-kind]");
    if (!root) return;
    var player = new Player(root);
    state = {
      player: player,
      paragraphs: Array.prototype.slice.call(document.querySelectorAll(".ls-transcript p[data-start]")),
      slides: Array.prototype.slice.call(document.querySelectorAll(".ls-slides .ls-slide[data-start]")),
      paragraph: null,
      slide: null,
      timer: null,
      lastUserScroll: 0,
      autoScrolling: 0
    };
    if (location.protocol === "file:" && player.kind === "youtube") root.classList.add("is-offline");
    if (player.video) {
      player.video.addEventListener("timeupdate", function () { if (state && state.player === player) sync(); });
      player.video.addEventListener("seeked", function () { if (state && state.player === player) sync(); });
    }
    var seconds = hashTime(location.hash);
    if (seconds !== null) {
      player.seek(seconds, false);
      root.scrollIntoView({ block: "start" });
    }
  }

  document.addEventListener("click", onClick);
  // Code in a hidden tab has no width until its tab is chosen.
  document.addEventListener("change", function (event) {
    if (event.target.closest && event.target.closest(".tabbed-set")) focusableCode();
  });
  window.addEventListener("hashchange", onHashChange);
  window.addEventListener("scroll", onScroll, { passive: true });
  window.labsite = { parseTime: parseTime, state: function () { return state; } };

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
