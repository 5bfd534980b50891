"""Run the WebVTT parsing tests of the web-platform-tests against our caption reader.

    .venv/bin/python -m bench.webvtt_wpt PATH/TO/wpt

Reads the tests from a checkout of github.com/web-platform-tests/wpt (nothing of it is kept
here): `webvtt/parsing/file-parsing/tests/*.html` with their `support/*.vtt` (or the
`support/*.test` sources they are built from), whose assertions run in Node.js against the
cues our WebVTT parser finds, and `webvtt/parsing/cue-text-parsing/tests/*.html`, whose
inputs our cue text parser reads, compared with the text of the tree a browser builds.
Assertions on what the transcript does not keep (identifiers, settings, regions, style
sheets) are skipped; texts are compared as written, times to the millisecond.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from generator.read import cuetext, webvtt
from generator.read.captions import clean_text

FILE_TESTS = Path("webvtt/parsing/file-parsing")
TEXT_TESTS = Path("webvtt/parsing/cue-text-parsing/tests")

_SOURCE = re.compile(r"track\.src\s*=\s*'support/([^']+\.vtt)'")
_BODY = re.compile(
    r"var cues = video\.textTracks\[0\]\.cues;\s*\{(?P<body>.*)\}\s*this\.done\(\);", re.S
)
_CASES = re.compile(r"\{name:'[^']*', input:'(?P<input>[^']*)', expected:'(?P<expected>[^']*)'\}")
_ESCAPES = re.compile(r"\\(?:\n|x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|([0rntfv]))")
_CONTROL = {"0": "\0", "r": "\r", "n": "\n", "t": "\t", "f": "\f", "v": "\v"}

_HARNESS = """
const SKIP = new Proxy(function () {}, { get: () => SKIP, apply: () => SKIP });
const results = [];
for (const test of TESTS) {
  const failures = [];
  let checked = 0;
  const assert_equals = (actual, expected, message) => {
    if (actual === SKIP) return;
    checked += 1;
    const same = typeof actual === "number" && typeof expected === "number"
      ? Math.abs(actual - expected) < 0.0005 : actual === expected;
    if (!same) failures.push(`${JSON.stringify(actual)} != ${JSON.stringify(expected)} ${message || ""}`);
  };
  const assert_true = (value, message) => assert_equals(value, true, message);
  const cues = test.cues.map((cue) => new Proxy(cue, { get: (t, p) => (p in t ? t[p] : SKIP) }));
  try {
    new Function("cues", "assert_equals", "assert_true", "document", "CSSRule", test.body)(
      cues, assert_equals, assert_true, SKIP, SKIP);
  } catch (error) {
    failures.push(String(error));
  }
  results.push({ name: test.name, checked, failures });
}
console.log(JSON.stringify(results));
"""


@dataclass(frozen=True)
class Result:
    """One test: how many of its assertions were checked, and which failed."""

    name: str
    checked: int
    failures: tuple[str, ...]


def file_tests(wpt: Path) -> list[dict[str, object]]:
    """Return each file-parsing test with its assertions and the cues we read from its file.

    A test's assertions come from its page, or from the `.test` source the page is built from.
    """
    bodies: dict[str, tuple[str, str]] = {}
    for source in sorted((wpt / FILE_TESTS / "support").glob("*.test")):
        head = source.read_text(encoding="utf-8").split("\n===\n", 1)[0]
        bodies[source.stem] = (f"{source.stem}.vtt", head.split("\n", 2)[-1])
    for page in sorted((wpt / FILE_TESTS / "tests").glob("*.html")):
        html = page.read_text(encoding="utf-8")
        found, body = _SOURCE.search(html), _BODY.search(html)
        if found is not None and body is not None:
            bodies[page.stem] = (found.group(1), body["body"])
    tests = []
    for name, (vtt, body) in sorted(bodies.items()):
        text = _vtt_text(wpt, vtt)
        if text is not None:
            tests.append({"name": name, "body": body, "cues": _cues(text)})
    return tests


def _vtt_text(wpt: Path, name: str) -> str | None:
    """Return a test's WebVTT file: its built copy, or the `.test` source it is built from."""
    built = wpt / FILE_TESTS / "tests" / "support" / name
    if built.is_file():
        return built.read_bytes().decode("utf-8", "replace")
    source = wpt / FILE_TESTS / "support" / name.replace(".vtt", ".test")
    if not source.is_file():
        return None
    escaped = source.read_text(encoding="utf-8").split("\n===\n", 1)[1]
    return _ESCAPES.sub(_unescape, escaped)


def _unescape(match: re.Match[str]) -> str:
    hexa, code, control = match.groups()
    if hexa or code:
        return chr(int(hexa or code, 16))
    return _CONTROL[control] if control else ""


def _cues(text: str) -> list[dict[str, object]]:
    """Return our cues of a WebVTT text in the order a browser lists them."""
    text = text.removeprefix("\ufeff")
    try:
        raws, _ = webvtt.parse(text, "test.vtt")
    except Exception:
        return []
    ordered = sorted(enumerate(raws), key=lambda item: (item[1].start, -item[1].end, item[0]))
    return [
        {"text": "\n".join(raw.lines), "startTime": raw.start, "endTime": raw.end}
        for _, raw in ordered
    ]


def run_file_tests(tests: list[dict[str, object]]) -> list[Result]:
    """Run the tests' assertions in Node.js."""
    node = shutil.which("node")
    if node is None:
        raise SystemExit("node is not installed: the file-parsing assertions run in Node.js")
    with tempfile.TemporaryDirectory() as scratch:
        script = Path(scratch) / "run.js"
        script.write_text(f"const TESTS = {json.dumps(tests)};\n{_HARNESS}", encoding="utf-8")
        done = subprocess.run([node, str(script)], capture_output=True, text=True, check=True)
    return [
        Result(item["name"], item["checked"], tuple(item["failures"]))
        for item in json.loads(done.stdout)
    ]


def text_tests(wpt: Path) -> list[Result]:
    """Compare our text of each cue-text-parsing input with the text of a browser's tree."""
    results = []
    for page in sorted((wpt / TEXT_TESTS).glob("*.html")):
        for number, case in enumerate(_CASES.finditer(page.read_text(encoding="utf-8"))):
            given = urllib.parse.unquote(case["input"])
            expected = _tree_text(urllib.parse.unquote(case["expected"]))
            ours = " ".join(cuetext.plain(given).split())
            same = ours == " ".join(expected.split()) or clean_text(given) == " ".join(
                expected.split()
            )
            failure = () if same else (f"{given!r}: {ours!r} != {expected!r}",)
            results.append(Result(f"{page.stem} {number + 1}", 1, failure))
    return results


def _tree_text(tree: str) -> str:
    """Return the text of a serialized cue tree, without ruby text (as a transcript reads it)."""
    text, open_rt = [], []
    for line in tree.splitlines()[1:]:
        content = line[2:]
        depth = len(content) - len(content.lstrip(" "))
        node = content.strip()
        while open_rt and open_rt[-1] >= depth:
            open_rt.pop()
        if node == "<rt>":
            open_rt.append(depth)
        elif node.startswith('"') and node.endswith('"') and not open_rt:
            text.append(node[1:-1])
    return "".join(text)


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not (Path(argv[0]) / "webvtt").is_dir():
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    wpt = Path(argv[0])
    files = run_file_tests(file_tests(wpt))
    texts = text_tests(wpt)
    for label, results in (("file parsing", files), ("cue text parsing", texts)):
        passed = [r for r in results if r.checked and not r.failures]
        print(f"{label}: {len(passed)}/{len(results)} tests give the cues a browser gives")
        for result in results:
            if not result.checked:
                print(f"  {result.name}: nothing the transcript keeps is asserted")
            for failure in result.failures:
                print(f"  {result.name}: {failure}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
