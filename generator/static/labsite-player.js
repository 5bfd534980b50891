/* One player interface for every host. A page's player is described by its JSON block
 * (its `data-config` JSON, written by generator/write/player.py): its kind, where it starts,
 * its embed and the provider module that plays it (players/<kind>.js). Until the reader
 * presses play a host's player is a facade: nothing from another host is loaded, and the
 * player's moment is the one it will start at. The provider module, and the host's library
 * it needs, are loaded then, and only on pages of that host.
 *
 * A provider is `function (root, options)` returning an object with time(), paused(),
 * play(), pause(), seek(seconds), and optionally setRate(rate), duration(), toggleMute(),
 * toggleCaptions(), hasCaptions(), element() and destroy(). `options` gives the page's
 * `config`, the moment `from`, whether to `autoplay`, and `changed()` to call whenever the
 * player's moment or state changed (time updates, seeks, play and pause). */
(function () {
  "use strict";

  var clock = window.labsiteTime.clock;
  var factories = {};
  var waiting = {};
  var scripts = {};

  // Load a script once; the promise settles when it ran or failed.
  function script(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = src;
        tag.async = true;
        tag.onload = function () { resolve(); };
        tag.onerror = function () { reject(new Error("could not load " + src)); };
        document.head.appendChild(tag);
      });
    }
    return scripts[src];
  }

  function define(kind, factory) {
    factories[kind] = factory;
    (waiting[kind] || []).forEach(function (callback) { callback(factory); });
    delete waiting[kind];
  }

  function withProvider(kind, module, callback) {
    if (factories[kind]) { callback(factories[kind]); return; }
    (waiting[kind] = waiting[kind] || []).push(callback);
    script(module).catch(function () { /* the facade stays, with its way out */ });
  }

  // The host's frame in place of the facade, focused so that keys reach it.
  function frame(root, src) {
    var iframe = document.createElement("iframe");
    iframe.src = src;
    iframe.title = "Video player";
    iframe.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    iframe.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    iframe.setAttribute("allowfullscreen", "");
    var facade = root.querySelector(".ls-facade");
    if (facade) facade.replaceWith(iframe); else root.appendChild(iframe);
    iframe.focus();
    return iframe;
  }

  // An embed's address playing from `from` whole seconds, as `form` says where the moment
  // goes: "hash" (`#t=300s`, Vimeo) or the `start` parameter (PeerTube, YouTube).
  function embedAt(embed, from, autoplay) {
    var url = new URL(embed, location.href);
    if (autoplay) url.searchParams.set("autoplay", "1");
    if (url.hash) url.hash = "t=" + Math.floor(from) + "s";
    else if (/^\d+s$/.test(url.searchParams.get("start") || "")) url.searchParams.set("start", Math.floor(from) + "s");
    else url.searchParams.set("start", String(Math.floor(from)));
    return url.href;
  }

  function Player(root, config, changed) {
    this.root = root;
    this.config = config;
    this.kind = config.kind;
    this.start = config.start || 0;
    this.pending = null;
    this.provider = null;
    this.loading = false;
    this.rate = 1;
    this.changed = changed;
    // A video in the page needs no press: its provider attaches at once.
    if (config.eager) this.load(false);
  }

  Player.prototype.playable = function () {
    return !!this.config.module && !this.root.classList.contains("is-offline");
  };

  Player.prototype.time = function () {
    if (this.provider) return this.provider.time();
    // A video in the page is not anywhere until its provider says so (a moment being
    // arrived at is kept until then); a facade is where it will start.
    if (this.config.eager) return null;
    return this.pending !== null ? this.pending : this.start;
  };

  Player.prototype.paused = function () {
    return this.provider ? this.provider.paused() : true;
  };

  Player.prototype.play = function () {
    if (this.provider) this.provider.play(); else this.load(true);
  };

  Player.prototype.pause = function () {
    if (this.provider) this.provider.pause();
  };

  Player.prototype.toggle = function () {
    if (this.paused()) this.play(); else this.pause();
  };

  Player.prototype.seek = function (seconds, play) {
    seconds = Math.max(0, seconds);
    if (this.provider) {
      this.provider.seek(seconds);
      if (play) this.provider.play();
      return;
    }
    this.pending = seconds;
    var label = "Play video from " + clock(seconds);
    var button = this.root.querySelector(".ls-facade");
    if (button && button.tagName === "BUTTON") {
      button.setAttribute("aria-label", label);
      var text = button.querySelector(".ls-facade-label");
      if (text) text.textContent = label;
    }
    if (play) this.load(true);
  };

  Player.prototype.load = function (autoplay) {
    if (this.provider || this.loading || !this.playable()) return;
    if (this.config.online && location.protocol === "file:") {
      // YouTube refuses embeds without an HTTP referrer (error 153): offer the link instead.
      this.root.classList.add("is-offline");
      return;
    }
    this.loading = true;
    var self = this;
    withProvider(this.kind, this.config.module, function (factory) {
      if (!self.root.isConnected) return;
      var from = self.pending !== null ? self.pending : self.start;
      self.provider = factory(self.root, {
        config: self.config,
        from: from,
        autoplay: autoplay,
        changed: function () { if (self.provider) self.changed(self); }
      });
      if (self.rate !== 1) self.setRate(self.rate);
      self.changed(self);
    });
  };

  Player.prototype.canRate = function () {
    return this.playable() && this.config.rates !== false;
  };

  Player.prototype.setRate = function (rate) {
    this.rate = rate;
    if (this.provider && this.provider.setRate) this.provider.setRate(rate);
  };

  Player.prototype.duration = function () {
    var length = this.provider && this.provider.duration ? this.provider.duration() : null;
    return length || this.config.duration || null;
  };

  Player.prototype.hasSound = function () {
    return this.playable();
  };

  Player.prototype.hasCaptions = function () {
    return !!(this.provider && this.provider.hasCaptions ? this.provider.hasCaptions() : this.config.captions);
  };

  Player.prototype.toggleMute = function () {
    if (this.provider && this.provider.toggleMute) this.provider.toggleMute();
  };

  Player.prototype.toggleCaptions = function () {
    if (this.provider && this.provider.toggleCaptions) this.provider.toggleCaptions();
  };

  // What fills the screen: behind the facade, the player is started first.
  Player.prototype.element = function () {
    if (!this.provider) this.play();
    return (this.provider && this.provider.element && this.provider.element()) || this.root;
  };

  Player.prototype.destroy = function () {
    if (this.provider && this.provider.destroy) this.provider.destroy();
    this.provider = null;
  };

  // The page's player, from its JSON block; none when the page has no player.
  function create(changed) {
    var root = document.querySelector(".ls-player[data-config]");
    if (!root) return null;
    var config;
    try { config = JSON.parse(root.getAttribute("data-config")); } catch (error) { return null; }
    return new Player(root, config, changed);
  }

  window.labsitePlayers = {
    create: create,
    define: define,
    script: script,
    frame: frame,
    embedAt: embedAt,
    Player: Player
  };
})();
