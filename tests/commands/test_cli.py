"""The command line's contracts: align JSON with pins, check's report and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from labs import write_lab
from paths import ROOT

from bench.inputs import copy_default_lab


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def _invariants(data: dict[str, object], slides: int) -> None:
    assert data["slides"] == slides
    chapters = data["chapters"]
    assert isinstance(chapters, list)
    seen: list[int] = []
    for chapter in chapters:
        numbers = chapter["slides"]
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else True
        seen += numbers
    assert seen == sorted(seen) and len(seen) == len(set(seen))
    assert all(1 <= n <= slides for n in seen)


def test_align_prints_the_contract_json(shared: Path) -> None:
    result = _run(
        "align",
        str(shared / "labs" / "ll202508.md"),
        str(shared / "decks" / "learning-lab-dfc-202508.pdf"),
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    _invariants(data, 23)
    first = data["chapters"][0]
    assert (first["seconds"], first["title"], first["slides"][0]) == (0, "Introduction", 1)
    tag = next(c for c in data["chapters"] if c["title"] == "Tag Mappings")
    assert tag["slides"][0] == 9


def test_align_respects_pins_from_lab_yml(shared: Path, tmp_path: Path) -> None:
    notes = (shared / "labs" / "ll202508.md").read_bytes()
    pins = 'pins:\n  "Tag Mappings": 10\n  "Installation": 0\n'
    lab = write_lab(tmp_path, "ll202508", {"notes.md": notes, "lab.yml": pins})
    result = _run(
        "align", str(lab / "notes.md"), str(shared / "decks" / "learning-lab-dfc-202508.pdf")
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    _invariants(data, 23)
    by_title = {c["title"]: c["slides"] for c in data["chapters"]}
    assert by_title["Tag Mappings"][0] == 10
    assert by_title["Installation"] == []


def test_align_with_a_bad_pin_names_lab_yml(shared: Path, tmp_path: Path) -> None:
    notes = (shared / "labs" / "ll202508.md").read_bytes()
    pins = 'pins:\n  "Tag Mappings": 12\n  "Installation": 5\n'
    lab = write_lab(tmp_path, "lab", {"notes.md": notes, "lab.yml": pins})
    result = _run(
        "align", str(lab / "notes.md"), str(shared / "decks" / "learning-lab-dfc-202508.pdf")
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"{lab / 'lab.yml'}:3: ")
    assert "Traceback" not in result.stderr


def test_align_with_an_unreadable_deck_exits_2(shared: Path, tmp_path: Path) -> None:
    broken = tmp_path / "deck.pdf"
    broken.write_bytes(b"%PDF-1.4\nthis is not a PDF body\n")
    result = _run("align", str(shared / "labs" / "ll202508.md"), str(broken))
    assert result.returncode == 2
    assert str(broken) in result.stderr
    assert "Traceback" not in result.stderr


def test_check_fails_on_a_bad_dockerfile_snippet_with_file_and_line(tmp_path: Path) -> None:
    notes = (
        "---\ntitle: Check me\n---\n\n## Sections\n\n- [0:00](https://youtu.be/abcdefghijk) Demo 1\n\n"
        "## Demo 1\n\n```Dockerfile\nFROM golang\nRUN cd /src && go build\n```\n"
    )
    lab = write_lab(tmp_path, "lab", {"notes.md": notes})
    result = _run("check", str(lab))
    assert result.returncode == 1, result.stdout + result.stderr
    notes = str(lab / "notes.md")
    assert f"{notes}:12: error: hadolint DL3006" in result.stdout
    assert f"{notes}:13: error: hadolint DL3003" in result.stdout


def test_check_passes_on_the_default_lab(tmp_path: Path) -> None:
    result = _run("check", str(copy_default_lab(tmp_path)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert ": error:" not in result.stdout
    assert "0 error(s)" in result.stderr


def test_inspect_lists_the_default_labs_demo_snippets() -> None:
    result = _run("inspect", str(ROOT / "assets" / "labs" / "ll202509" / "notes.md"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    titles = [c["title"] for c in data["chapters"]]
    demo = {titles[s["chapter"]] for s in data["snippets"] if s["source"] == "demo"}
    assert {
        "Practical demo: Migrating a Go container image",
        "Initial build",
        "Migration to Chainguard base image",
        "Multi-stage build and static image optimization",
        "Static vs. dynamic binaries",
        "Debugging Distroless containers demonstration",
    } <= demo
    dockerfile = next(s for s in data["snippets"] if s.get("path") == "demo/multistage/Dockerfile")
    assert "cgr.dev/chainguard/static" in dockerfile["code"]
    assert dockerfile["lang"] == "dockerfile"
