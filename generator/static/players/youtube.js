/* YouTube's IFrame API, loaded from YouTube once the reader presses play. The API gives
 * the moment only when asked: it is asked four times a second while the video plays. */
(function () {
  "use strict";

  var API = "https://www.youtube.com/iframe_api";
  var POLL_MS = 250;
  var ready = null;

  function withApi() {
    if (!ready) {
      ready = new Promise(function (resolve) {
        if (window.YT && window.YT.Player) { resolve(window.YT); return; }
        var previous = window.onYouTubeIframeAPIReady;
        window.onYouTubeIframeAPIReady = function () {
          if (previous) previous();
          resolve(window.YT);
        };
        window.labsitePlayers.script(API).catch(function () { /* reader.js shows the way out */ });
      });
    }
    return ready;
  }

  window.labsitePlayers.define("youtube", function (root, options) {
    var players = window.labsitePlayers;
    var src = players.embedAt(options.config.embed, options.from, true) + "&rel=0&enablejsapi=1";
    if (/^https?:$/.test(location.protocol)) src += "&origin=" + encodeURIComponent(location.origin);
    var iframe = players.frame(root, src);
    var yt = null;
    var timer = null;
    var captions = false;
    var wanted = null;

    function poll(playing) {
      if (playing && !timer) timer = window.setInterval(options.changed, POLL_MS);
      if (!playing && timer) { window.clearInterval(timer); timer = null; }
      options.changed();
    }

    withApi().then(function (YT) {
      if (!iframe.isConnected) return;
      yt = new YT.Player(iframe, {
        events: {
          onReady: function () {
            if (wanted !== null) yt.seekTo(wanted, true);
            wanted = null;
          },
          onStateChange: function (event) { poll(event.data === YT.PlayerState.PLAYING); }
        }
      });
    });

    var provider = {
      time: function () {
        if (yt && yt.getCurrentTime) return yt.getCurrentTime();
        return wanted !== null ? wanted : options.from;
      },
      paused: function () {
        if (!yt || !yt.getPlayerState) return !iframe.isConnected;
        return yt.getPlayerState() !== window.YT.PlayerState.PLAYING;
      },
      play: function () { if (yt && yt.playVideo) yt.playVideo(); },
      pause: function () { if (yt && yt.pauseVideo) yt.pauseVideo(); },
      seek: function (seconds) {
        if (yt && typeof yt.seekTo === "function") yt.seekTo(seconds, true); else wanted = seconds;
      },
      setRate: function (rate) { if (yt && yt.setPlaybackRate) yt.setPlaybackRate(rate); },
      duration: function () { return yt && yt.getDuration ? yt.getDuration() || null : null; },
      toggleMute: function () {
        if (yt && yt.isMuted) { if (yt.isMuted()) yt.unMute(); else yt.mute(); }
      },
      // The page's transcript came from the video's captions.
      hasCaptions: function () { return !!options.config.captions; },
      // The IFrame API's captions module: loaded, YouTube shows the captions; unloaded, not.
      toggleCaptions: function () {
        if (!yt || !yt.loadModule) return;
        captions = !captions;
        if (captions) yt.loadModule("captions"); else yt.unloadModule("captions");
      },
      element: function () { return iframe; },
      // The IFrame API's player, once the API is there.
      api: function () { return yt; },
      destroy: function () { poll(false); }
    };
    return provider;
  });
})();
