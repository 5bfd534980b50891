"""WebVTT as the web-platform-tests check it: what our reader keeps, and how the bench checks it.

The bench (`bench/webvtt_wpt.py`) runs the suite's own pages; these cases are small files
written here, each for one behaviour the suite checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import webvtt_wpt
from generator.errors import InputError
from generator.model import Cue
from generator.read.captions import load_captions
from tests.tools import require_tool


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_webvtt_file_of_mostly_broken_timings_keeps_none_of_its_cues(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "broken.vtt",
        "WEBVTT\n\nx00:00:01.000 --> 00:00:02.000\none\n\n00:00:0x.000 --> 00:00:03.000\ntwo\n\n"
        "00:00:03.000 --> 00:00:0x.000\nthree\n\n00:00:04,000 --> 00:00:05,000\nfour\n",
    )
    loaded = load_captions(path)
    assert loaded.cues == ()
    assert [str(problem) for problem in loaded.problems] == [
        f"{path}:3: bad cue timing 'x00:00:01.000 --> 00:00:02.000': skipped",
        f"{path}:6: bad cue timing '00:00:0x.000 --> 00:00:03.000': skipped",
        f"{path}:9: bad cue timing '00:00:03.000 --> 00:00:0x.000': skipped",
        f"{path}:12: bad cue timing '00:00:04,000 --> 00:00:05,000': skipped",
    ]


def test_a_teams_file_with_one_broken_timing_is_still_read_as_players_read_it(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path,
        "teams.vtt",
        "WEBVTT\n\n0:0:1.0 --> 0:0:2.0\none\n\n0:0:2.0 --> 0:0:3.0\ntwo\n\n0:0:x --> 0:0:4.0\nlost\n",
    )
    loaded = load_captions(path)
    assert loaded.cues == (Cue(1.0, 2.0, "one"), Cue(2.0, 3.0, "two"))
    assert [str(problem) for problem in loaded.problems] == [
        f"{path}:3: 2 cue timings are not written as WebVTT defines them: read as players read them",
        f"{path}:9: bad cue timing '0:0:x --> 0:0:4.0': skipped",
    ]


def test_half_of_the_timings_in_a_players_form_is_enough(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "half.vtt",
        "WEBVTT\n\n00:00:01,000 --> 00:00:02,500\nsaid\n\n00:00:03.000x --> 00:00:04.000\nlost\n",
    )
    assert load_captions(path).cues == (Cue(1.0, 2.5, "said"),)


def test_a_blank_line_ends_a_cue_and_a_nul_reads_as_a_replacement_character(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path, "text.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nfoo\0bar\n\nafter\n")
    loaded = load_captions(path)
    assert loaded.cues == (Cue(1.0, 2.0, "foo\ufffdbar"),)
    assert [str(problem) for problem in loaded.problems] == [
        f"{path}:6: text without a cue timing line: skipped"
    ]


@pytest.mark.parametrize(
    ("cue_text", "expected"),
    [
        ("fish &amp chips", "fish & chips"),
        ("&not even", "¬ even"),
        ("&notit; &1; &;", "¬it; &1; &;"),
        ("&#65;&#x42;", "AB"),
    ],
)
def test_character_references_follow_the_html_rules(
    tmp_path: Path, cue_text: str, expected: str
) -> None:
    path = _write(tmp_path, "refs.vtt", f"WEBVTT\n\n00:01.000 --> 00:02.000\n{cue_text}\n")
    assert [cue.text for cue in load_captions(path).cues] == [expected]


@pytest.mark.parametrize("head", ["WEBVTT\u00a0captions", "WEBVTT\fcaptions", "\ufeff\ufeffWEBVTT"])
def test_a_signature_a_browser_refuses_is_refused(tmp_path: Path, head: str) -> None:
    path = _write(tmp_path, "odd.vtt", f"{head}\n\n00:01.000 --> 00:02.000\nwords\n")
    with pytest.raises(InputError, match="it does not start with WEBVTT"):
        load_captions(path)


# A few pages in the suite's forms, written here: the bench must run each form it meets.
_TEMPLATE_PAGE = """<!doctype html>
<script src="/resources/testharness.js"></script>
<script>
var t = async_test('basic');
t.step(function() {
  var video = document.createElement('video');
  var track = document.createElement('track');
  assert_true('src' in track);
  track.src = 'support/basic.vtt';
  track.onload = this.step_func(loaded);
  track.onerror = this.step_func(function() { assert_unreached('error'); });
  video.appendChild(track);
});
function loaded(event) {
  var cues = event.target.parentNode.textTracks[0].cues;
  assert_equals(cues.length, 2);
  assert_equals(cues[0].id, 'first');
  assert_equals(cues[0].text, 'hello\\nthere');
  assert_false(cues[1].snapToLines);
  assert_not_equals(cues[0].region, cues[1].region);
  assert_equals(cues[1].startTime, 1.5);
  assert_equals(cues[1].endTime, 3);
  this.done();
}
</script>
"""
_BASIC = "WEBVTT\n\nfirst\n00:00.000 --> 00:01.000 align:start\nhello\nthere\n\n00:01.500 --> 00:03.000\nbye\n"

_CALLBACK_PAGE = """<script>
async_test(function(t) {
  var video = document.createElement('video');
  var track = document.createElement('track');
  track.onload = t.step_func_done(function() {
    var cues = track.track.cues;
    var defaults = 'none';
    assert_equals(cues.length, 2);
    // A browser has no region here; the bench's stand-in for one takes this branch.
    if (cues[0].region) assert_true('lines' in defaults);
    assert_equals(cues[0].text, 'never checked');
  });
  track.src = 'support/basic.vtt';
  video.appendChild(track);
});
</script>"""

_REFUSING_PAGE = """<script>
['lower.vtt', 'absent.vtt', 'good.vtt'].forEach(function(name) {
  var test = async_test('refused ' + name);
  test.step(function() {
    var video = document.createElement('video');
    var track = document.createElement('track');
    track.src = 'support/' + name;
    track.onload = this.step_func(function() { assert_unreached('loaded'); });
    track.onerror = this.step_func(function() { this.done(); });
    video.appendChild(track);
  });
});
</script>"""

_SOURCE = """escapes
<meta name="x">

assert_equals(cues.length, 1);
assert_equals(cues[0].text, 'a\\uFFFDb');
assert_equals(cues[0].endTime, 2.25);

===
WEBVTT\\r\\n\\r\\n00:01.000 --> 00:02.250\\r\\na\\x00b\\r\\n
"""

_TEXT_PAGE = """<script>
runTests([
{name:'one', input:'a%0A%0Ab', expected:'%23document-fragment%0A%7C%20%22a%22'},
{name:'two', input:'%3Cv%20Ann%20%20Lee%3Ehi%3C/v%3E%20x%0Ay', expected:'%23document-fragment%0A%7C%20%3Cspan%3E%0A%7C%20%20%20title%3D%22Ann%20Lee%22%0A%7C%20%20%20%22hi%22%0A%7C%20%22%20x%0Ay%22'},
{name:'three', input:'%3Cruby%3Eb%3Crt%3Er%3C/rt%3E%3C/ruby%3E', expected:'%23document-fragment%0A%7C%20%3Cruby%3E%0A%7C%20%20%20%22b%22%0A%7C%20%20%20%3Crt%3E%0A%7C%20%20%20%20%20%22r%22'},
{name:'four', input:'wrong', expected:'%23document-fragment%0A%7C%20%22right%22'}
]);
</script>"""


def _suite(root: Path) -> Path:
    """Write a small checkout of the suite's layout under `root` and return it."""
    files = {
        "webvtt/parsing/file-parsing/tests/basic.html": _TEMPLATE_PAGE,
        "webvtt/parsing/file-parsing/tests/callback.html": _CALLBACK_PAGE,
        "webvtt/parsing/file-parsing/tests/support/basic.vtt": _BASIC,
        "webvtt/parsing/file-parsing/refusing.html": _REFUSING_PAGE,
        "webvtt/parsing/file-parsing/support/lower.vtt": "webvtt\n",
        "webvtt/parsing/file-parsing/support/good.vtt": "WEBVTT\n",
        "webvtt/parsing/file-parsing/support/escapes.test": _SOURCE,
        "webvtt/parsing/cue-text-parsing/tests/cases.html": _TEXT_PAGE,
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_the_bench_runs_each_form_of_page_and_skips_only_what_a_transcript_drops(
    tmp_path: Path,
) -> None:
    require_tool("node", "nodejs")
    results = {
        (page.name, result.name): result
        for page in webvtt_wpt.run_file_tests(_suite(tmp_path))
        for result in page.results
    }
    # Checked: the load, the length, the text, both times; skipped: id, snapToLines, region.
    assert results["basic", "basic"] == webvtt_wpt.Result("basic", 5)
    # The region branch stops the test without failing it; the load and the length count.
    callback = results["callback", "callback"]
    assert (callback.checked, callback.failures, callback.missing) == (2, (), ())
    assert callback.stopped is not None
    assert results["refusing", "refused lower.vtt"] == webvtt_wpt.Result("refused lower.vtt", 1)
    assert results["refusing", "refused absent.vtt"].missing == ("support/absent.vtt",)
    good = results["refusing", "refused good.vtt"]
    assert (good.checked, good.failures) == (1, ("reached (loaded)",))
    # A source without its page runs as its page would, on the file built from it.
    assert results["escapes", "escapes"] == webvtt_wpt.Result("escapes", 4)


def test_the_bench_reads_cue_texts_in_a_file_and_compares_text_and_voices(tmp_path: Path) -> None:
    (page,) = webvtt_wpt.text_tests(_suite(tmp_path))
    assert [(result.name, result.passed) for result in page.results] == [
        ("one", True),
        ("two", True),
        ("three", True),
        ("four", False),
    ]


def test_a_serialized_tree_gives_its_text_by_voice_without_ruby_text() -> None:
    tree = (
        '#document-fragment\n| "a"\n| <span>\n|   title="Bo"\n|   "b\nc"\n|   <i>\n|     "d"\n'
        '| <ruby>\n|   "e"\n|   <rt>\n|     "f"\n| <?timestamp 00:00:01.000>\n| "g"'
    )
    assert webvtt_wpt.tree_text(tree) == [("a", None), ("b\ncd", "Bo"), ("eg", None)]


def test_the_bench_sums_up_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    require_tool("node", "nodejs")
    assert webvtt_wpt.main([str(_suite(tmp_path))]) == 0
    last = capsys.readouterr().out.splitlines()[-1]
    assert last == "WPT WebVTT: file parsing 3/4, cue text 0/1"
