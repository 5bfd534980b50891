/* Vimeo's player through its Player SDK (@vimeo/player, served by the site), loaded once
 * the reader presses play. The SDK reports the moment as the video plays; until it is ready,
 * and wherever it cannot load, seeking opens the embed again at the moment. */
(function () {
  "use strict";

  window.labsitePlayers.define("vimeo", function (root, options) {
    var players = window.labsitePlayers;
    var config = options.config;
    var iframe = players.frame(root, players.embedAt(config.embed, options.from, options.autoplay));
    var sdk = null;
    var now = options.from;
    var paused = !options.autoplay;
    var length = null;
    var captions = null;
    var quiet = function () {};

    players.script(config.library).then(function () {
      if (!iframe.isConnected || !window.Vimeo) return;
      var player = new window.Vimeo.Player(iframe);
      player.ready().then(function () {
        sdk = player;
        var moment = function (data) {
          now = data.seconds;
          if (data.duration) length = data.duration;
          options.changed();
        };
        player.on("timeupdate", moment);
        player.on("seeked", moment);
        player.on("play", function () { paused = false; options.changed(); });
        player.on("pause", function () { paused = true; options.changed(); });
        player.on("ended", function () { paused = true; options.changed(); });
        player.getDuration().then(function (value) { length = value; }).catch(quiet);
        player.getTextTracks().then(function (tracks) { captions = tracks; }).catch(quiet);
      }).catch(quiet);
    }).catch(quiet);

    return {
      time: function () { return now; },
      paused: function () { return paused; },
      play: function () { if (sdk) sdk.play().catch(quiet); },
      pause: function () { if (sdk) sdk.pause().catch(quiet); },
      seek: function (seconds) {
        now = seconds;
        if (sdk) sdk.setCurrentTime(seconds).catch(quiet);
        else iframe.src = players.embedAt(config.embed, seconds, true);
      },
      setRate: function (rate) { if (sdk) sdk.setPlaybackRate(rate).catch(quiet); },
      duration: function () { return length; },
      toggleMute: function () {
        if (sdk) sdk.getMuted().then(function (muted) { return sdk.setMuted(!muted); }).catch(quiet);
      },
      hasCaptions: function () { return !!(captions && captions.length); },
      toggleCaptions: function () {
        if (!sdk || !captions || !captions.length) return;
        var shown = captions.some(function (track) { return track.mode === "showing"; });
        var first = captions[0];
        var change = shown ? sdk.disableTextTrack() : sdk.enableTextTrack(first.language, first.kind);
        change.then(function () { return sdk.getTextTracks(); })
          .then(function (tracks) { captions = tracks; }).catch(quiet);
      },
      element: function () { return iframe; },
      destroy: function () { if (sdk) sdk.off("timeupdate"); }
    };
  });
})();
