/* Times as the site writes and reads them: "1:02:05" clocks, "#t=15:30" deep links, and
 * which of a list of moments is current. One copy, shared by the page (labsite.js), the
 * search worker (importScripts) and the unit tests (node --test, through module.exports).
 * generator/formats.py `clock` writes the same clocks on the Python side. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.labsiteTime = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // A moment still counts as reached this early: the player reports times a little late.
  var EARLY = 0.05;
  // Past the end of the last item by this much, nothing is current any more.
  var AFTER_LAST = 1.5;

  /* Read "930", "930s", "15:30", "1:02:05" or "1h2m5s" as seconds; null for anything else. */
  function parseTime(text) {
    var value = String(text === undefined || text === null ? "" : text).trim().toLowerCase();
    if (/^\d+(\.\d+)?s?$/.test(value)) return parseFloat(value);
    if (/^\d+(:\d{1,2}){1,2}$/.test(value)) {
      return value.split(":").reduce(function (total, part) { return total * 60 + parseInt(part, 10); }, 0);
    }
    var parts = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
    if (parts && value) return (+parts[1] || 0) * 3600 + (+parts[2] || 0) * 60 + (+parts[3] || 0);
    return null;
  }

  /* Write seconds as the site does: "0:59", "15:30", "1:02:05" (whole seconds, rounded down). */
  function clock(seconds) {
    var whole = Math.max(0, Math.floor(seconds));
    var h = Math.floor(whole / 3600), m = Math.floor((whole % 3600) / 60), s = whole % 60;
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  }

  /* The time a URL's fragment asks for ("#t=15:30", "#chapter&t=90"), or null. */
  function hashTime(hash) {
    var match = /(?:^#|&)t=([^&]+)/.exec(hash || "");
    if (!match) return null;
    try { return parseTime(decodeURIComponent(match[1])); } catch (error) { return null; }
  }

  /* The index of the current item at `time`, given their starts in order and the last one's
   * end (NaN: it lasts); -1 when none has started or the last has long ended. */
  function currentIndex(starts, time, lastEnd) {
    var found = -1;
    for (var i = 0; i < starts.length; i++) {
      if (starts[i] <= time + EARLY) found = i;
    }
    if (found === starts.length - 1 && found >= 0 && time > lastEnd + AFTER_LAST) return -1;
    return found;
  }

  /* Read a slide's stretches on screen, "12.0-30.5 80.0-95.0", as [[12, 30.5], [80, 95]]. */
  function parseShown(text) {
    return String(text || "").split(/\s+/).filter(Boolean).map(function (pair) {
      var ends = pair.split("-");
      return [parseFloat(ends[0]), parseFloat(ends[1])];
    }).filter(function (pair) { return pair[0] <= pair[1]; });
  }

  /* The index of the item on screen at `time`, given each one's stretches as the recording
   * showed them; -1 when none is (a demo, the speaker alone). */
  function shownIndex(stretches, time) {
    for (var i = 0; i < stretches.length; i++) {
      for (var j = 0; j < stretches[i].length; j++) {
        if (stretches[i][j][0] <= time + EARLY && time < stretches[i][j][1]) return i;
      }
    }
    return -1;
  }

  return {
    parseTime: parseTime,
    clock: clock,
    hashTime: hashTime,
    currentIndex: currentIndex,
    parseShown: parseShown,
    shownIndex: shownIndex
  };
});
