/* A PeerTube instance's embed through PeerTube's embed API (@peertube/embed-api, served by
 * the site), loaded once the reader presses play; the embed opens with `api=1`, which
 * switches its side of the API on. Its status updates carry the moment as the video plays. */
(function () {
  "use strict";

  window.labsitePlayers.define("peertube", function (root, options) {
    var players = window.labsitePlayers;
    var config = options.config;
    var src = new URL(players.embedAt(config.embed, options.from, options.autoplay));
    src.searchParams.set("api", "1");
    var iframe = players.frame(root, src.href);
    var api = null;
    var now = options.from;
    var paused = !options.autoplay;
    var length = null;
    var volume = 1;
    var quiet = function () {};

    players.script(config.library).then(function () {
      if (!iframe.isConnected || typeof window.PeerTubePlayer !== "function") return;
      var player = new window.PeerTubePlayer(iframe);
      player.ready.then(function () {
        api = player;
        player.addEventListener("playbackStatusUpdate", function (status) {
          now = status.position;
          if (status.duration) length = status.duration;
          if (typeof status.volume === "number") volume = status.volume;
          paused = status.playbackState !== "playing";
          options.changed();
        });
        player.addEventListener("playbackStatusChange", function (change) {
          paused = change !== "playing";
          options.changed();
        });
      }).catch(quiet);
    }).catch(quiet);

    return {
      time: function () { return now; },
      paused: function () { return paused; },
      play: function () { if (api) api.play().catch(quiet); },
      pause: function () { if (api) api.pause().catch(quiet); },
      seek: function (seconds) {
        now = seconds;
        if (api) api.seek(seconds).catch(quiet);
        else {
          var url = new URL(players.embedAt(config.embed, seconds, true));
          url.searchParams.set("api", "1");
          iframe.src = url.href;
        }
      },
      setRate: function (rate) { if (api) api.setPlaybackRate(rate).catch(quiet); },
      duration: function () { return length; },
      toggleMute: function () { if (api) api.setVolume(volume > 0 ? 0 : 1).catch(quiet); },
      element: function () { return iframe; }
    };
  });
})();
