// The site's times, as written by hand: clocks, deep links and the current moment.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";

const require = createRequire(import.meta.url);
const { parseTime, clock, hashTime, currentIndex } = require("../../generator/static/labsite-time.js");

test("clocks have minutes and seconds, and hours when there are any", () => {
  assert.equal(clock(0), "0:00");
  assert.equal(clock(59.9), "0:59");
  assert.equal(clock(930), "15:30");
  assert.equal(clock(3725), "1:02:05");
  assert.equal(clock(36000), "10:00:00");
  assert.equal(clock(-4), "0:00");
});

test("times are read in every form a link may give them", () => {
  assert.equal(parseTime("930"), 930);
  assert.equal(parseTime("930s"), 930);
  assert.equal(parseTime("12.5"), 12.5);
  assert.equal(parseTime("15:30"), 930);
  assert.equal(parseTime("1:02:05"), 3725);
  assert.equal(parseTime("1h2m5s"), 3725);
  assert.equal(parseTime("2m"), 120);
  assert.equal(parseTime(" 15:30 "), 930);
  for (const bad of ["", "abc", "1:2:3:4", "15:300", "-5", null, undefined]) {
    assert.equal(parseTime(bad), null, String(bad));
  }
});

test("a deep link's time is found in the fragment, alone or after another part", () => {
  assert.equal(hashTime("#t=15:30"), 930);
  assert.equal(hashTime("#slide-3&t=90"), 90);
  assert.equal(hashTime("#t=1h"), 3600);
  assert.equal(hashTime("#top"), null);
  assert.equal(hashTime("#t="), null);
  assert.equal(hashTime("#t=%E0%A4%A"), null);
  assert.equal(hashTime(""), null);
});

test("the current item is the last one started, and none long after the last ends", () => {
  const starts = [10, 20, 30];
  assert.equal(currentIndex(starts, 5, 40), -1);
  assert.equal(currentIndex(starts, 9.96, 40), 0);
  assert.equal(currentIndex(starts, 25, 40), 1);
  assert.equal(currentIndex(starts, 41, 40), 2);
  assert.equal(currentIndex(starts, 42, 40), -1);
  assert.equal(currentIndex(starts, 500, NaN), 2);
  assert.equal(currentIndex([], 5, NaN), -1);
});

test("a slide synced from the recording is current while on screen, as often as shown", () => {
  const { parseShown, shownIndex } = require("../../generator/static/labsite-time.js");
  assert.deepEqual(parseShown("12.0-30.5 80.0-95.0"), [[12, 30.5], [80, 95]]);
  assert.deepEqual(parseShown(""), []);
  const slides = [parseShown("0.0-30.0 80.0-95.0"), parseShown("30.0-60.0")];
  assert.equal(shownIndex(slides, 10), 0);
  assert.equal(shownIndex(slides, 30), 1);
  assert.equal(shownIndex(slides, 70), -1); // a demo: no slide
  assert.equal(shownIndex(slides, 85), 0); // back to the first slide
  assert.equal(shownIndex(slides, 95), -1);
});
