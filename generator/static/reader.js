/* The reader's controls on lab pages: theatre or stacked layout, playback speed, and
 * YouTube's keys (k or space, j/l, arrows, [ and ], ?). Choices are kept in localStorage.
 * Works on the player and the marks that labsite.js keeps in `window.labsite`. */
(function () {
  "use strict";

  var LAYOUT_KEY = "labsite.layout";
  var SPEED_KEY = "labsite.speed";
  var SPEEDS = [0.75, 1, 1.25, 1.5, 1.75, 2];
  var KEYS = [
    ["k", "Space"], "Play or pause",
    ["j"], "Back 10 seconds",
    ["l"], "Forward 10 seconds",
    ["←"], "Back 5 seconds",
    ["→"], "Forward 5 seconds",
    ["["], "Previous slide",
    ["]"], "Next slide",
    ["?"], "Show these keys"
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
    store(LAYOUT_KEY, stacked ? "stacked" : "theatre");
    var button = document.querySelector(".ls-layout");
    if (button) button.setAttribute("aria-pressed", stacked ? "false" : "true");
  }

  function speed() {
    var value = parseFloat(stored(SPEED_KEY));
    return SPEEDS.indexOf(value) >= 0 ? value : 1;
  }

  function applySpeed(video, value) {
    video.defaultPlaybackRate = value;
    video.playbackRate = value;
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
    var video = state.player.video;
    if (video) {
      var label = element("label", { "class": "ls-speed" }, "Speed ");
      var select = element("select", { "aria-label": "Playback speed" });
      SPEEDS.forEach(function (value) {
        var option = element("option", { value: String(value) }, value + "×");
        if (value === speed()) option.selected = true;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        store(SPEED_KEY, select.value);
        applySpeed(video, parseFloat(select.value));
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

  function showKeys() {
    var dialog = document.getElementById("ls-keys");
    if (!dialog) {
      dialog = element("dialog", { id: "ls-keys", "class": "ls-keys", "aria-labelledby": "ls-keys-title" });
      dialog.appendChild(element("h2", { id: "ls-keys-title" }, "Keyboard shortcuts"));
      var list = element("dl", {});
      for (var i = 0; i < KEYS.length; i += 2) {
        var term = element("dt", {});
        KEYS[i].forEach(function (key, n) {
          if (n) term.appendChild(document.createTextNode(" or "));
          term.appendChild(element("kbd", {}, key));
        });
        list.appendChild(term);
        list.appendChild(element("dd", {}, KEYS[i + 1]));
      }
      dialog.appendChild(list);
      var form = element("form", { method: "dialog" });
      form.appendChild(element("button", { type: "submit" }, "Close"));
      dialog.appendChild(form);
      document.body.appendChild(dialog);
    }
    if (!dialog.open) dialog.showModal();
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
      "?": showKeys
    };
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

  document.addEventListener("labsite:page", function (event) {
    var state = event.detail;
    controls(state);
    if (state.player.video) applySpeed(state.player.video, speed());
  });
  // Before the theme's own keys (search, previous/next page), which listen on the document.
  window.addEventListener("keydown", onKey, true);
  window.addEventListener("beforeprint", loadImagesForPrint);
  window.labsiteReader = { setLayout: setLayout, showKeys: showKeys, speeds: SPEEDS };
})();
