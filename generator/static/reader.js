/* The reader's controls on lab pages: theatre or stacked layout, playback speed, and
 * YouTube's keys (k or space, j/l, arrows, 0-9, f, m, c, [ and ], ?), with the theme's own
 * (n/p, /) in the same list; a way to the player past the navigation; focus back on the slide
 * that opened the slide viewer; the page's own notice when the embed cannot load. Choices
 * are kept in localStorage. Works on the player and the marks that labsite.js keeps in
 * `window.labsite`. */
(function () {
  "use strict";

  // As the page's JSON block names them (write/browser.py), which every lab page has.
  var storage = { layout: "labsite.layout", speed: "labsite.speed", language: "labsite.language" };
  var SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2];
  var EMBED_API = "https://www.youtube.com/iframe_api";
  // Each key the list shows, and when it works: `when` (absent: always) is given the page.
  var KEYS = [
    { keys: ["k", "Space"], what: "Play or pause" },
    { keys: ["j"], what: "Back 10 seconds" },
    { keys: ["l"], what: "Forward 10 seconds" },
    { keys: ["←"], what: "Back 5 seconds" },
    { keys: ["→"], what: "Forward 5 seconds" },
    { keys: ["0", "9"], to: true, what: "Jump to 0 % … 90 % of the video" },
    { keys: ["f"], what: "Full screen on or off" },
    { keys: ["m"], what: "Mute or unmute", when: hasSound },
    { keys: ["c"], what: "Captions on or off", when: hasCaptions },
    { keys: ["["], what: "Previous slide", when: function (state) { return state.slides.length > 0; } },
    { keys: ["]"], what: "Next slide", when: function (state) { return state.slides.length > 0; } },
    // The theme's keys: its pages before and after, its search.
    { keys: ["p"], what: "Previous page", when: function () { return !!document.querySelector("link[rel=prev]"); } },
    { keys: ["n"], what: "Next page", when: function () { return !!document.querySelector("link[rel=next]"); } },
    { keys: ["/", "s"], what: "Search", when: function () { return !!document.querySelector(".md-search__input"); } },
    { keys: ["?"], what: "Show these keys" }
  ];

  function stored(key) {
    try { return window.localStorage.getItem(key); } catch (error) { return null; }
  }

  function store(key, value) {
    try { window.localStorage.setItem(key, value); } catch (error) { /* private mode */ }
  }

  function page() {
    return window.labsite ? window.labsite.state() : null;
  }

  // Layout: the theatre (wide screens) or everything one under the other.
  function setLayout(stacked) {
    document.documentElement.classList.toggle("ls-stacked", stacked);
    store(storage.layout, stacked ? "stacked" : "theatre");
    var button = document.querySelector(".ls-layout");
    if (button) button.setAttribute("aria-pressed", stacked ? "false" : "true");
  }

  function speed() {
    var value = parseFloat(stored(storage.speed));
    return SPEEDS.indexOf(value) >= 0 ? value : 1;
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }

  function controls(state) {
    var bar = state.player.root.parentNode.querySelector(".ls-bar");
    if (!bar || bar.querySelector(".ls-controls")) return;
    var box = element("div", { "class": "ls-controls" });
    var player = state.player;
    if (player.canRate()) {
      // The options say what they are ("1.5×"): the label is for screen readers only, and
      // the bar stays one line under a theatre's player.
      var label = element("label", { "class": "ls-speed", title: "Playback speed" });
      var select = element("select", { "aria-label": "Playback speed" });
      SPEEDS.forEach(function (value) {
        var option = element("option", { value: String(value) }, value + "×");
        if (value === speed()) option.selected = true;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        store(storage.speed, select.value);
        player.setRate(parseFloat(select.value));
      });
      label.appendChild(select);
      box.appendChild(label);
    }
    if (state.stage) {
      var stacked = document.documentElement.classList.contains("ls-stacked");
      var layout = element("button", { type: "button", "class": "ls-layout", "aria-pressed": stacked ? "false" : "true" }, "Theatre view");
      layout.addEventListener("click", function () {
        setLayout(!document.documentElement.classList.contains("ls-stacked"));
        window.labsite.fitStage();
      });
      box.appendChild(layout);
    }
    var keys = element("button", { type: "button", "class": "ls-keys-button", "aria-haspopup": "dialog", "aria-keyshortcuts": "?" }, "Keys");
    keys.addEventListener("click", showKeys);
    box.appendChild(keys);
    bar.appendChild(box);
  }

  // The list is made for the page it opens on: which keys work depends on its player.
  function showKeys() {
    var state = page();
    var dialog = document.getElementById("ls-keys");
    if (dialog && dialog.open) return;
    if (dialog) dialog.remove();
    dialog = element("dialog", { id: "ls-keys", "class": "ls-keys", "aria-labelledby": "ls-keys-title" });
    dialog.appendChild(element("h2", { id: "ls-keys-title" }, "Keyboard shortcuts"));
    var list = element("dl", {});
    KEYS.forEach(function (entry) {
      if (entry.when && !(state && entry.when(state))) return;
      var term = element("dt", {});
      entry.keys.forEach(function (key, n) {
        if (n) term.appendChild(document.createTextNode(entry.to ? "–" : " or "));
        term.appendChild(element("kbd", {}, key));
      });
      list.appendChild(term);
      list.appendChild(element("dd", {}, entry.what));
    });
    dialog.appendChild(list);
    var form = element("form", { method: "dialog" });
    form.appendChild(element("button", { type: "submit" }, "Close"));
    dialog.appendChild(form);
    document.body.appendChild(dialog);
    dialog.showModal();
  }

  function hasSound(state) {
    return state.player.hasSound();
  }

  // The local video's own captions; on YouTube, the page's transcript came from its captions.
  function hasCaptions(state) {
    return state.player.hasCaptions();
  }

  function toggleFullscreen(state) {
    if (document.fullscreenElement) {
      if (document.exitFullscreen) document.exitFullscreen().catch(function () {});
      return;
    }
    var target = state.player.element();
    if (target.requestFullscreen) target.requestFullscreen().catch(function () {});
  }

  // 0 to 9: a tenth of the video each, as on YouTube (once the video's length is known).
  function seekShare(state, share) {
    var total = state.player.duration();
    if (!total) return;
    state.player.seek(total * share, false);
    window.labsite.sync();
  }

  // Keys act on the page, never on what the reader types or on a control that has its own.
  function typing(target) {
    if (!target || !target.closest) return false;
    if (target.isContentEditable) return true;
    return !!target.closest("input, textarea, select, [contenteditable], .md-search, dialog");
  }

  function ownsKey(target, key) {
    if (!target || !target.closest) return false;
    var control = target.closest("button, a[href], summary, video, audio, iframe, [role=button], [role=tab], .tabbed-labels label");
    if (!control) return false;
    // On the video itself the arrows seek 5 s here as anywhere on the page (the browser's own
    // step is a share of the video's length); space stays the video's play/pause.
    if (control.matches("video, audio")) return key === " ";
    // Space activates buttons and links; arrows move through tabs.
    return key === " " || key === "ArrowLeft" || key === "ArrowRight";
  }

  function lightboxOpen() {
    return document.documentElement.classList.contains("glightbox-open") ||
      !!document.querySelector(".glightbox-container");
  }

  function seekBy(state, delta) {
    var now = state.player.time();
    if (now === null || now === undefined) return;
    state.player.seek(now + delta, false);
    window.labsite.sync();
  }

  // The slide before or after the one on screen.
  function seekSlide(state, step) {
    var now = state.player.time();
    if (now === null || now === undefined || !state.slides.length) return;
    var starts = state.slides.map(function (s) { return parseFloat(s.getAttribute("data-start")); });
    var shown = -1;
    for (var i = 0; i < starts.length; i++) if (starts[i] <= now + 0.5) shown = i;
    var target = Math.max(0, shown + step);
    if (target >= starts.length || (step < 0 && shown <= 0 && starts[0] > now)) return;
    state.player.seek(starts[target], false);
    window.labsite.sync();
  }

  function onKey(event) {
    var state = page();
    if (!state || event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target) || lightboxOpen() || ownsKey(event.target, event.key)) return;
    var actions = {
      "k": function () { state.player.toggle(); },
      " ": function () { state.player.toggle(); },
      "j": function () { seekBy(state, -10); },
      "l": function () { seekBy(state, 10); },
      "ArrowLeft": function () { seekBy(state, -5); },
      "ArrowRight": function () { seekBy(state, 5); },
      "[": function () { seekSlide(state, -1); },
      "]": function () { seekSlide(state, 1); },
      "f": function () { toggleFullscreen(state); },
      "m": function () { state.player.toggleMute(); },
      "c": function () { state.player.toggleCaptions(); },
      "?": showKeys
    };
    for (var digit = 0; digit <= 9; digit++) actions[String(digit)] = seekShare.bind(null, state, digit / 10);
    var key = event.key.length === 1 && event.key !== " " ? event.key.toLowerCase() : event.key;
    if (key === "?" || (event.key === "/" && event.shiftKey)) key = "?";
    var action = actions[key];
    if (!action) return;
    event.preventDefault();
    event.stopPropagation();
    action();
  }

  // Lazy images below the fold would print as empty boxes.
  function loadImagesForPrint() {
    var lazy = document.querySelectorAll('.md-content img[loading="lazy"]');
    for (var i = 0; i < lazy.length; i++) lazy[i].setAttribute("loading", "eager");
  }

  // Past the header and the navigation, straight to the player: a second skip link beside
  // the theme's "Skip to content", shown like it when it has the focus.
  function skipToPlayer(state) {
    var old = document.querySelector(".ls-skip-player");
    if (old) old.remove();
    var skip = document.querySelector("a.md-skip");
    var root = state.player.root;
    if (!skip || !root) return;
    if (!root.id) root.id = "ls-video";
    var link = element("a", { "class": "md-skip ls-skip-player", href: "#" + root.id }, "Skip to the video");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var target = root.querySelector("button, video, iframe, a[href]");
      if (!target) { root.setAttribute("tabindex", "-1"); target = root; }
      target.focus({ preventScroll: true });
      var top = root.getBoundingClientRect().top - headerBottom() - 8;
      window.scrollTo({ top: window.scrollY + top });
    });
    skip.insertAdjacentElement("afterend", link);
  }

  function headerBottom() {
    var header = document.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  }

  // The slide viewer gives the focus back to the slide that opened it when it closes.
  var opener = null;
  document.addEventListener("click", function (event) {
    var anchor = event.target.closest ? event.target.closest("a.glightbox") : null;
    if (anchor) opener = anchor;
  }, true);
  new MutationObserver(function (changes) {
    var closed = changes.some(function (change) {
      return Array.prototype.some.call(change.removedNodes, function (node) {
        return node.nodeType === 1 && (node.id === "glightbox-body" || node.classList.contains("glightbox-container"));
      });
    });
    if (closed && opener && opener.isConnected) opener.focus({ preventScroll: true });
    if (closed) opener = null;
  }).observe(document.body, { childList: true });

  // When the embed cannot load (no internet, its script blocked), pressing play shows the
  // page's own notice with the way to the host, not the browser's error page in the frame.
  // The frame that had the focus hides: the focus goes on to the notice's way out.
  function offline(root) {
    if (!root || !root.isConnected) return;
    var active = document.activeElement;
    var held = !active || active === document.body || root.contains(active);
    root.classList.add("is-offline");
    var out = root.querySelector(".ls-offline-note a");
    if (held && out) out.focus({ preventScroll: true });
  }

  function watchEmbed(state) {
    var root = state.player.root;
    if (!root || state.player.config.eager || root.classList.contains("is-offline")) return;
    var seen = new MutationObserver(function () {
      var frame = root.querySelector("iframe");
      if (!frame) return;
      seen.disconnect();
      if (navigator.onLine === false) { offline(root); return; }
      // An opaque answer of any kind means the host is reachable; only no answer fails.
      if (window.fetch) {
        window.fetch(frame.src, { method: "HEAD", mode: "no-cors", credentials: "omit", cache: "no-store" })
          .catch(function () { offline(root); });
      }
    });
    seen.observe(root, { childList: true, subtree: true });
  }

  window.addEventListener("error", function (event) {
    var script = event.target;
    if (!script || script.tagName !== "SCRIPT" || (script.src || "").indexOf(EMBED_API) !== 0) return;
    var frame = document.querySelector(".ls-player[data-kind] iframe");
    offline(frame && frame.closest(".ls-player"));
  }, true);

  // On paper (a saved PDF) a time links to its moment online. Chrome drops links to the
  // printed page itself, so its own times lead there by another address for the while:
  // the same page and moment with the moment in the query too.
  var printedLinks = [];
  function linkTimesForPrint() {
    var here = location.href.split("#")[0].split("?")[0];
    var times = document.querySelectorAll(".md-content a.ls-time");
    for (var i = 0; i < times.length; i++) {
      var url = new URL(times[i].href, location.href);
      if (url.href.split("#")[0] !== here || !/^#t=/.test(url.hash)) continue;
      printedLinks.push([times[i], times[i].getAttribute("href")]);
      times[i].setAttribute("href", here + "?" + url.hash.slice(1) + url.hash);
    }
  }

  function unlinkTimesAfterPrint() {
    printedLinks.forEach(function (pair) { pair[0].setAttribute("href", pair[1]); });
    printedLinks = [];
  }

  // The transcript's language, where captions came in several: the reader's choice, kept.
  function chooseLanguage(code, remember) {
    var transcripts = document.querySelectorAll(".ls-transcript[data-lang]");
    var found = false;
    for (var i = 0; i < transcripts.length; i++) {
      if (transcripts[i].getAttribute("data-lang") === code) found = true;
    }
    if (!found) return;
    for (var j = 0; j < transcripts.length; j++) {
      transcripts[j].hidden = transcripts[j].getAttribute("data-lang") !== code;
    }
    var buttons = document.querySelectorAll(".ls-languages button[data-lang]");
    for (var k = 0; k < buttons.length; k++) {
      buttons[k].setAttribute("aria-pressed", buttons[k].getAttribute("data-lang") === code ? "true" : "false");
    }
    if (remember) store(storage.language, code);
    if (window.labsite) window.labsite.refresh();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".ls-languages button[data-lang]");
    if (button) chooseLanguage(button.getAttribute("data-lang"), true);
  });

  // Printed, a page says where it is online.
  function printAddress() {
    var spots = document.querySelectorAll(".ls-print-address");
    for (var i = 0; i < spots.length; i++) spots[i].textContent = location.href.split("#")[0];
  }

  // The theme's search results box takes a Tab stop even while closed and empty: its
  // results are links, reached by Tab (and the arrows) once there are some.
  function tidyTabStops() {
    var wrap = document.querySelector(".md-search__scrollwrap[tabindex]");
    if (wrap) wrap.setAttribute("tabindex", "-1");
  }

  document.addEventListener("labsite:page", function (event) {
    var state = event.detail;
    if (state.player.config.storage) storage = state.player.config.storage;
    var language = stored(storage.language);
    if (language && document.querySelector(".ls-languages")) chooseLanguage(language, false);
    controls(state);
    if (state.player.canRate()) state.player.setRate(speed());
    skipToPlayer(state);
    watchEmbed(state);
    printAddress();
    tidyTabStops();
  });
  tidyTabStops();
  printAddress();
  // Before the theme's own keys (search, previous/next page), which listen on the document.
  window.addEventListener("keydown", onKey, true);
  window.addEventListener("beforeprint", loadImagesForPrint);
  window.addEventListener("beforeprint", printAddress);
  window.addEventListener("beforeprint", linkTimesForPrint);
  window.addEventListener("afterprint", unlinkTimesAfterPrint);
  window.labsiteReader = { setLayout: setLayout, showKeys: showKeys, speeds: SPEEDS };
})();
