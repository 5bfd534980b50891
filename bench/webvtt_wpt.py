"""Run the WebVTT parsing tests of the web-platform-tests against our caption reader.

    .venv/bin/python -m bench.webvtt_wpt [-v] PATH/TO/wpt

PATH/TO/wpt is a checkout of github.com/web-platform-tests/wpt (nothing of it is kept here):
`git clone --depth 1 https://github.com/web-platform-tests/wpt`, or a folder holding just
these paths of it, laid out the same way:

    webvtt/parsing/file-parsing/tests/*.html          a page per test: it loads a WebVTT file
                                                      and asserts on the cues a browser finds
    webvtt/parsing/file-parsing/tests/support/*.vtt   the files those pages load
    webvtt/parsing/file-parsing/support/*.test        the sources both are built from (a title,
                                                      HTML metadata, the assertions, the file);
                                                      used where a page or its file is missing
    webvtt/parsing/file-parsing/signature-invalid.html
    webvtt/parsing/file-parsing/support/*.vtt         files a browser refuses to load
    webvtt/parsing/cue-text-parsing/tests/*.html      cue texts and the tree a browser builds

File parsing: each page's scripts run in Node.js, against a stand-in for the browser whose
track loads the cues our WebVTT parser finds in the file (or fails, as a browser's does, when
our parser refuses it). Whether a file loads counts as one assertion of the test; a page that
expects the error event is passed by a refusal.

Cue text parsing: each input is put in a file the way the pages' harness does (`WEBVTT`, a
blank line, `00:00.000 --> 00:01.000`, the input), the first cue our parser finds is read by
our cue text parser, and its stretches of text and voice (`<v>`'s title) are compared with the
text nodes of the tree.

With transcript tolerances: an assertion is skipped when a value it compares comes from what
a transcript does not keep (cue identifiers, settings, regions, style sheets); an error raised
right after reading such a value (a page branching on a cue's region) ends that test's
checks without failing it. Ruby text (`<rt>`), which the transcript leaves out, is left out of
the tree's text. Texts are compared exactly as written; times to the millisecond.

The last line sums it up: `WPT WebVTT: file parsing N/N, cue text M/M`, in test files
(pages) passed of those that could run; the lines before give the assertions, every failure
and each test that could not run for a missing file; `-v` adds the tests a value not kept
stopped.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.errors import InputError
from generator.read import cuetext, webvtt

FILE_TESTS = Path("webvtt/parsing/file-parsing")
TEXT_TESTS = Path("webvtt/parsing/cue-text-parsing/tests")
TEXT_HEADER = "WEBVTT\n\n00:00.000 --> 00:01.000\n"
"""What the cue text pages' harness writes before each input."""

_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.S)
_CASES = re.compile(
    r"\{name:'(?P<name>[^']*)', input:'(?P<input>[^']*)', expected:'(?P<expected>[^']*)'\}"
)
_ATTRIBUTE = re.compile(r'(?P<name>[\w-]+)="(?P<value>.*)"', re.S)

# A `.test` source without its page runs as the page built from it would.
_PAGE = """
var t = async_test(%(title)s);
t.step(function() {
    var video = document.createElement('video');
    var track = document.createElement('track');
    track.src = %(src)s;
    track.onload = this.step_func(trackLoaded);
    track.onerror = this.step_func(trackError);
    video.appendChild(track);
});
function trackLoaded(event) {
    var track = event.target;
    var video = track.parentNode;
    var cues = video.textTracks[0].cues;
    {
%(body)s
    }
    this.done();
}
function trackError(e) {
    assert_unreached('got unexpected error event');
}
"""

_HARNESS = """
// What the transcript does not keep reads as SKIP: whatever is done with it gives SKIP again.
const SKIP = new Proxy(function () {}, {
  get: (target, key) => (typeof key === "symbol" ? undefined : SKIP),
  apply: () => SKIP,
});
let touched = false;  // SKIP was read since the last assertion
let current = null;   // the test whose code runs
let handling = false; // a load or error event is being handled: its assertions count
let tests = [];
let queue = [];

const kept = (object) => new Proxy(object, {
  get: (target, key) => {
    if (key in target) return target[key];
    if (typeof key === "symbol") return undefined;
    touched = true;
    return SKIP;
  },
});
const show = (value) => {
  try { return JSON.stringify(value) ?? String(value); } catch (error) { return "?"; }
};
const label = (message) => {
  try { return message === undefined ? "" : ` (${String(message)})`; } catch (error) { return ""; }
};
const skipped = (...values) => {
  const skip = touched || values.some((value) => value === SKIP);
  touched = false;
  return skip;
};
// Assertions count while an event is handled; a failure always counts, as one assertion.
function record(ok, failure) {
  if (current === null) return;
  if (handling || !ok) current.checked += 1;
  if (!ok) current.failures.push(failure);
}
function assert_equals(actual, expected, message) {
  if (skipped(actual, expected)) return;
  const same = typeof actual === "number" && typeof expected === "number"
    ? actual === expected || Math.abs(actual - expected) < 0.0005
    : actual === expected;
  record(same, `${show(actual)} != ${show(expected)}${label(message)}`);
}
function assert_not_equals(actual, expected, message) {
  if (skipped(actual, expected)) return;
  record(actual !== expected, `${show(actual)} == ${show(expected)}${label(message)}`);
}
function assert_true(value, message) {
  if (skipped(value)) return;
  record(value === true, `${show(value)} is not true${label(message)}`);
}
function assert_false(value, message) {
  if (skipped(value)) return;
  record(value === false, `${show(value)} is not false${label(message)}`);
}
function assert_unreached(message) {
  // Handling an event, this fails the check that the file loads (or not) as expected.
  if (current === null) return;
  if (!handling) current.checked += 1;
  current.failures.push(`reached${label(message)}`);
}

function makeTest(name) {
  const test = { name, checked: 0, failures: [], missing: [], stopped: null, finished: false };
  test.step = function (fn, self, ...args) {
    const before = current;
    current = test;
    try {
      return fn.apply(self === undefined ? test : self, args);
    } catch (error) {
      if (touched) {
        test.stopped = String(error);
      } else {
        test.checked += 1;
        test.failures.push(String(error));
      }
      touched = false;
    } finally {
      current = before;
    }
  };
  test.step_func = (fn, self) => (...args) => test.step(fn, self, ...args);
  test.step_func_done = (fn, self) => (...args) => {
    test.step(fn, self, ...args);
    test.finished = true;
  };
  test.unreached_func = (message) => () => test.step(() => assert_unreached(message));
  test.done = () => { test.finished = true; };
  test.add_cleanup = () => {};
  tests.push(test);
  return test;
}
function async_test(first, name) {
  if (typeof first !== "function") return makeTest(first);
  const test = makeTest(name ?? PAGE.name);
  test.step(first, test, test);
  return test;
}

function element(tag) {
  const node = {
    localName: tag,
    parentNode: null,
    children: [],
    appendChild(child) {
      child.parentNode = node;
      node.children.push(child);
      if (child.localName === "track") queue.push({ track: child, test: current });
      return child;
    },
  };
  if (tag === "track") Object.assign(node, { src: "", kind: "", default: false, track: null });
  if (tag === "video") node.textTracks = [];
  return node;
}
const document = kept({ createElement: element, body: element("body") });

function load({ track, test }) {
  const file = FILES[PAGE.dir][track.src];
  if (file === undefined) {
    if (test !== null) test.missing.push(track.src);
    return;
  }
  const event = { type: file.refused === undefined ? "load" : "error" };
  Object.defineProperty(event, "target", { value: track, enumerable: false });
  const before = current;
  current = test;
  handling = true;
  try {
    if (test !== null) test.checked += 1;  // the file loads, or is refused, as the page expects
    if (file.refused !== undefined) {
      if (track.onerror) track.onerror(event);
    } else {
      const cues = file.cues.map(kept);
      track.track = { cues };
      if (track.parentNode !== null) track.parentNode.textTracks = [{ cues }];
      if (track.onload) track.onload(event);
    }
  } finally {
    handling = false;
    current = before;
  }
}

let PAGE = null;
const pages = [];
for (PAGE of PAGES) {
  tests = [];
  queue = [];
  const page = makeTest(PAGE.name);
  page.step(() => new Function(
    "async_test", "assert_equals", "assert_not_equals", "assert_true", "assert_false",
    "assert_unreached", "document", "done", "getVideoURI", "CSSRule",
    PAGE.script,
  )(async_test, assert_equals, assert_not_equals, assert_true, assert_false,
    assert_unreached, document, () => {}, (name) => name, SKIP));
  while (queue.length) load(queue.shift());
  const ran = tests.filter((test) => test !== page || test.failures.length);
  pages.push({
    page: PAGE.name,
    tests: ran.map(({ name, checked, failures, missing, stopped }) =>
      ({ name, checked, failures, missing, stopped })),
  });
}
console.log(JSON.stringify(pages));
"""


@dataclass(frozen=True)
class Result:
    """One test of a test file: how many of its assertions were checked, and which failed."""

    name: str
    checked: int
    failures: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    """Files the test loads that the checkout lacks: it did not run."""
    stopped: str | None = None
    """The error that ended its checks after it read something the transcript does not keep."""

    @property
    def passed(self) -> bool:
        """Tell whether it ran, checked something and nothing it checked failed."""
        return not self.missing and self.checked > 0 and not self.failures


@dataclass(frozen=True)
class TestFile:
    """A page of the suite and the results of its tests."""

    name: str
    results: tuple[Result, ...]

    @property
    def ran(self) -> bool:
        """Tell whether any of its tests could run with the files at hand."""
        return any(not result.missing for result in self.results)

    @property
    def passed(self) -> bool:
        """Tell whether every test that could run passed."""
        runnable = [result for result in self.results if not result.missing]
        return bool(runnable) and all(result.passed for result in runnable)


def file_pages(wpt: Path) -> list[dict[str, str]]:
    """Return each file-parsing page: its name, its folder and its inline scripts.

    A `.test` source without its page gives the script of the page built from it.
    """
    pages = []
    for page in [*_pages(wpt / FILE_TESTS), *_pages(wpt / FILE_TESTS / "tests")]:
        scripts = [
            found["body"]
            for found in _SCRIPT.finditer(page.read_text(encoding="utf-8"))
            if "src=" not in found["attributes"]
        ]
        folder = page.parent.relative_to(wpt).as_posix()
        pages.append({"name": page.stem, "dir": folder, "script": "\n".join(scripts)})
    built = {page.stem for page in _pages(wpt / FILE_TESTS / "tests")}
    for source in sorted((wpt / FILE_TESTS / "support").glob("*.test")):
        if source.stem in built:
            continue
        title, assertions, _ = _parts(source)
        script = _PAGE % {
            "title": json.dumps(title),
            "src": json.dumps(f"support/{source.stem}.vtt"),
            "body": assertions,
        }
        pages.append(
            {"name": source.stem, "dir": (FILE_TESTS / "tests").as_posix(), "script": script}
        )
    return sorted(pages, key=lambda page: page["name"])


def _pages(folder: Path) -> list[Path]:
    """Return the test pages in a folder, by name."""
    return sorted(folder.glob("*.html"))


def _parts(source: Path) -> tuple[str, str, str]:
    """Return a `.test` source's title, assertions and (escaped) WebVTT text."""
    header, body = source.read_text(encoding="utf-8").split("\n\n", 1)
    assertions, escaped = body.split("===\n", 1)
    return header.split("\n", 1)[0], assertions, escaped


def file_results(wpt: Path, pages: Sequence[dict[str, str]]) -> dict[str, dict[str, object]]:
    """Return, for each folder of a page, what our parser makes of each file a page may load."""
    results: dict[str, dict[str, object]] = {}
    for folder in sorted({page["dir"] for page in pages}):
        texts = {
            f"support/{path.name}": path.read_bytes().decode("utf-8", "replace")
            for path in sorted((wpt / folder / "support").glob("*.vtt"))
        }
        if Path(folder) == FILE_TESTS / "tests":
            for source in sorted((wpt / FILE_TESTS / "support").glob("*.test")):
                # Built as the suite's own tool builds it: Python's escapes, UTF-8 written.
                escaped = _parts(source)[2]
                texts.setdefault(
                    f"support/{source.stem}.vtt", escaped.encode("utf-8").decode("unicode_escape")
                )
        results[folder] = {src: _cues(text) for src, text in texts.items()}
    return results


def _cues(text: str) -> dict[str, object]:
    """Return our cues of a WebVTT text in the order a browser lists them, or why it is refused."""
    try:
        raws, _ = webvtt.parse(text.removeprefix("\ufeff"), "test.vtt")
    except InputError as err:
        return {"refused": err.problem.message}
    ordered = sorted(enumerate(raws), key=lambda item: (item[1].start, -item[1].end, item[0]))
    cues = [
        {"text": "\n".join(raw.lines), "startTime": raw.start, "endTime": raw.end}
        for _, raw in ordered
    ]
    return {"cues": cues}


def run_file_tests(wpt: Path) -> list[TestFile]:
    """Run the file-parsing pages' scripts in Node.js against the cues we read."""
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node is not installed: the file-parsing pages run in Node.js")
    pages = file_pages(wpt)
    files = file_results(wpt, pages)
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "run.js"
        script.write_text(
            f"const PAGES = {json.dumps(pages)};\nconst FILES = {json.dumps(files)};\n{_HARNESS}",
            encoding="utf-8",
        )
        done = subprocess.run([node, str(script)], capture_output=True, text=True, check=True)
    return [
        TestFile(
            item["page"],
            tuple(
                Result(
                    test["name"],
                    test["checked"],
                    tuple(test["failures"]),
                    tuple(test["missing"]),
                    test["stopped"],
                )
                for test in item["tests"]
            ),
        )
        for item in json.loads(done.stdout)
    ]


def text_tests(wpt: Path) -> list[TestFile]:
    """Compare our text and voices of each cue text input with the text nodes of a browser's tree."""
    pages = []
    for page in sorted((wpt / TEXT_TESTS).glob("*.html")):
        results = []
        for case in _CASES.finditer(page.read_text(encoding="utf-8")):
            given = urllib.parse.unquote(case["input"])
            expected = tree_text(urllib.parse.unquote(case["expected"]))
            ours = _read_text(TEXT_HEADER + given)
            failure = () if ours == expected else (f"{given!r}: {ours!r} != {expected!r}",)
            results.append(Result(case["name"], 1, failure))
        pages.append(TestFile(page.stem, tuple(results)))
    return pages


def _read_text(text: str) -> list[tuple[str, str | None]]:
    """Return the stretches of text and voice of the first cue our readers find in a file."""
    try:
        raws, _ = webvtt.parse(text, "test.vtt")
    except InputError as err:
        return [(f"refused: {err.problem.message}", None)]
    if not raws:
        return [("no cue", None)]
    return [(said.text, said.voice) for said in cuetext.read("\n".join(raws[0].lines))]


def tree_text(tree: str) -> list[tuple[str, str | None]]:
    """Return the text of a serialized cue tree in stretches of one voice, without ruby text.

    The tree is the pages' serialization: `#document-fragment`, then a `|` line per node,
    indented two spaces a level: `<span>` (a `<c>`, `<v>` or `<lang>`), its attributes
    (`title="…"`: a voice), text nodes in quotes (they may span lines), `<?timestamp …>`.
    """
    said: list[tuple[str, str | None]] = []
    open_: list[tuple[int, str, dict[str, str]]] = []
    for entry in tree.split("\n|")[1:]:
        node = entry.lstrip(" ")
        depth = (len(entry) - len(node) + 1) // 2
        attribute = _ATTRIBUTE.fullmatch(node)
        if attribute is not None and open_ and open_[-1][0] == depth - 1:
            open_[-1][2][attribute["name"]] = attribute["value"]
            continue
        while open_ and open_[-1][0] >= depth:
            open_.pop()
        if node.startswith("<") and not node.startswith("<?"):
            open_.append((depth, node[1:-1], {}))
        elif node.startswith('"') and not any(name == "rt" for _, name, _ in open_):
            voices = [attrs["title"] for _, name, attrs in open_ if "title" in attrs]
            voice = voices[-1] if voices else None
            if said and said[-1][1] == voice:
                said[-1] = (said[-1][0] + node[1:-1], voice)
            else:
                said.append((node[1:-1], voice))
    return said


def _report(label: str, files: Sequence[TestFile], unit: str, *, verbose: bool) -> tuple[int, int]:
    """Print one suite's figures and what failed; return its test files passed and run."""
    ran = [file for file in files if file.ran]
    passed = [file for file in ran if file.passed]
    results = [result for file in files for result in file.results if not result.missing]
    checked = sum(result.checked for result in results)
    failed = sum(len(result.failures) for result in results)
    print(
        f"{label}: {len(passed)}/{len(ran)} test files pass ({checked - failed}/{checked} {unit})"
    )
    for file in files:
        for result in file.results:
            where = file.name if result.name == file.name else f"{file.name}, {result.name}"
            if result.missing:
                print(f"  {where}: not run: {', '.join(result.missing)} not in the checkout")
            elif not result.checked:
                print(f"  {where}: nothing the transcript keeps is asserted")
            for failure in result.failures:
                print(f"  {where}: {failure}")
            if result.stopped and verbose:
                print(f"  {where}: stopped at a value not kept: {result.stopped}")
    return len(passed), len(ran)


def main(argv: list[str]) -> int:
    paths = [arg for arg in argv if arg != "-v"]
    if len(paths) != 1 or not (Path(paths[0]) / "webvtt").is_dir():
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    wpt, verbose = Path(paths[0]), "-v" in argv
    files = _report("file parsing", run_file_tests(wpt), "assertions", verbose=verbose)
    texts = _report("cue text parsing", text_tests(wpt), "inputs", verbose=verbose)
    print(f"WPT WebVTT: file parsing {files[0]}/{files[1]}, cue text {texts[0]}/{texts[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
