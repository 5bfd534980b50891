/* The page's own <video>: a file of the lab's, a file at an address, or an HLS stream,
 * which plays natively where the browser can and through hls.js (served by the site,
 * loaded on stream pages only) where it cannot. */
(function () {
  "use strict";

  var HLS = "application/vnd.apple.mpegurl";

  function attachStream(video, src, library, done) {
    if (video.canPlayType(HLS)) { video.src = src; done(); return; }
    window.labsitePlayers.script(library).then(function () {
      if (!window.Hls || !window.Hls.isSupported()) return;
      var hls = new window.Hls({ startPosition: -1 });
      hls.loadSource(src);
      hls.attachMedia(video);
      video.labsiteHls = hls;
      done();
    }).catch(function () { /* the way out under the player stays */ });
  }

  window.labsitePlayers.define("media", function (root, options) {
    var video = root.querySelector("video");
    var config = options.config;
    var rate = 1;
    video.addEventListener("timeupdate", options.changed);
    video.addEventListener("seeked", options.changed);
    video.addEventListener("play", options.changed);
    video.addEventListener("pause", options.changed);
    // A stream's source is set here; a moment asked for before it can seek waits for it.
    var wanted = null;
    function apply() {
      if (wanted === null) return;
      var duration = isFinite(video.duration) ? video.duration : Infinity;
      video.currentTime = Math.min(wanted, duration);
      wanted = null;
    }
    video.addEventListener("loadedmetadata", apply);
    // A moment asked for before the provider attached (a deep link, a click) is kept.
    if (config.stream || options.from !== (config.start || 0)) wanted = options.from;
    // A stream is another host's: it is asked for once the reader plays it, not before.
    var attached = !config.stream;
    function attach() {
      if (attached) return;
      attached = true;
      // Asked to play: fetch now (a source set after play() waits for another one).
      video.preload = "auto";
      attachStream(video, config.stream, config.library, function () {
        video.playbackRate = rate;
        var started = video.play();
        if (started && started.catch) started.catch(function () {});
      });
    }
    if (config.stream) video.addEventListener("play", attach);
    else if (video.readyState >= 1) apply();
    function play() {
      attach();
      var started = video.play();
      if (started && started.catch) started.catch(function () {});
    }
    if (options.autoplay) play();

    return {
      // Where the video is, not where it was asked to go: a page opened at a moment keeps
      // showing that moment until the video is there (labsite.js, arrive()).
      time: function () { return video.currentTime; },
      paused: function () { return video.paused; },
      play: play,
      pause: function () { video.pause(); },
      seek: function (seconds) {
        wanted = seconds;
        if (video.readyState >= 1) apply();
      },
      setRate: function (value) {
        rate = value;
        video.defaultPlaybackRate = value;
        video.playbackRate = value;
      },
      duration: function () { return isFinite(video.duration) ? video.duration : null; },
      toggleMute: function () { video.muted = !video.muted; },
      hasCaptions: function () { return !!captionTrack(video); },
      toggleCaptions: function () {
        var track = captionTrack(video);
        if (track) track.mode = track.mode === "showing" ? "hidden" : "showing";
      },
      element: function () { return video; },
      destroy: function () { if (video.labsiteHls) video.labsiteHls.destroy(); }
    };
  });

  function captionTrack(video) {
    var tracks = video.textTracks;
    for (var i = 0; tracks && i < tracks.length; i++) {
      if (tracks[i].kind === "captions" || tracks[i].kind === "subtitles") return tracks[i];
    }
    return null;
  }
})();
