"""lab.yml: every key does what the README says, and every mistake names its line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from labs import notes, write_lab
from paths import ROOT
from pdfs import write_pdf

from generator.build import build_site
from generator.errors import InputError

CHAPTERS = ("0:00 Opening words", "1:00 Compiler history", "2:00 Linkers", "3:00 Closing remarks")
RESOURCES = (
    "\n## Resources\n\n- [Slide deck](/downloads/talk.pdf)\n- [Guide](/guide/start/)\n"
    "- [Elsewhere](https://example.com/page)\n"
)


def _build(tmp_path: Path, *labs: Path) -> Path:
    out = tmp_path / "site"
    build_site(list(labs), out, cache_dir=tmp_path / "cache")
    return out


def _hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_site_resolves_the_notes_relative_links(tmp_path: Path) -> None:
    body = "Read [the intro](/intro/) first."
    lab = write_lab(
        tmp_path,
        "lab",
        {
            "notes.md": notes(*CHAPTERS, body=body) + RESOURCES,
            "lab.yml": "site: https://docs.example.org/\n",
        },
    )
    home = (_build(tmp_path, lab) / "index.html").read_text()
    hrefs = _hrefs(home)
    assert "https://docs.example.org/intro/" in hrefs
    assert "https://docs.example.org/guide/start/" in hrefs
    assert "https://example.com/page" in hrefs
    # No deck.pdf in the lab: the home page links the deck on the lab's site.
    assert re.search(
        r'<a href="https://docs.example.org/downloads/talk.pdf"[^>]*>Slide deck \(PDF\)</a> \(online\)',
        home,
    )


def test_without_site_links_resolve_against_the_default_site(tmp_path: Path) -> None:
    lab = write_lab(tmp_path, "lab", {"notes.md": notes(*CHAPTERS) + RESOURCES})
    home = (_build(tmp_path, lab) / "index.html").read_text()
    assert "https://edu.chainguard.dev/guide/start/" in _hrefs(home)


def test_presenter_names_who_the_notes_do_not(tmp_path: Path) -> None:
    named = write_lab(
        tmp_path, "named", {"notes.md": notes(*CHAPTERS), "lab.yml": "presenter: Grace Hopper\n"}
    )
    unnamed = write_lab(tmp_path, "unnamed", {"notes.md": notes(*CHAPTERS, title="Other")})
    out = _build(tmp_path, named, unnamed)
    assert "<strong>Grace Hopper</strong>" in (out / "named" / "index.html").read_text()
    assert "Grace Hopper" not in (out / "unnamed" / "index.html").read_text()
    cards = re.findall(r'<article class="ls-card">.*?</article>', (out / "index.html").read_text())
    [card] = [c for c in cards if 'href="named/"' in c]
    assert " · Grace Hopper · " in card


def _align(lab: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "align", str(lab / "notes.md"), str(lab / "deck.pdf")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def _deck_lab(tmp_path: Path, config: str) -> Path:
    lab = write_lab(tmp_path, "lab", {"notes.md": notes(*CHAPTERS), "lab.yml": config})
    titles = [chapter.split(" ", 1)[1] for chapter in CHAPTERS]
    write_pdf(lab / "deck.pdf", [[(title, 40), ("words", 20)] for title in [*titles, "Thanks"]])
    return lab


def test_pins_by_index_and_by_title(tmp_path: Path) -> None:
    # Chapter 1 by index starts on slide 3, "Linkers" by title has no slide of its own.
    lab = _deck_lab(tmp_path, 'pins:\n  1: 3\n  "Linkers": 0\n')
    result = _align(lab)
    assert result.returncode == 0, result.stderr
    slides = [c["slides"] for c in json.loads(result.stdout)["chapters"]]
    assert slides == [[1, 2], [3], [], [4, 5]]


@pytest.mark.parametrize(
    ("config", "line", "message"),
    [
        ("pins:\n  7: 2\n", 2, "chapter index 7 is out of range (0..3)"),
        ('pins:\n  "Nowhere": 2\n', 2, "no chapter is titled 'Nowhere'"),
        ("pins:\n  1: 9\n", 2, "slide 9 does not exist (the deck has 5)"),
        ("pins:\n  1: two\n", 2, "pin for '1' must be a slide number"),
    ],
)
def test_bad_pins_name_their_line(tmp_path: Path, config: str, line: int, message: str) -> None:
    lab = _deck_lab(tmp_path, config)
    result = _align(lab)
    assert result.returncode == 2
    [said] = result.stderr.splitlines()
    assert said.startswith(f"{lab / 'lab.yml'}:{line}: {message}")


def _build_error(tmp_path: Path, files: dict[str, str | bytes]) -> str:
    lab = write_lab(tmp_path, "lab", {"notes.md": notes(*CHAPTERS), **files})
    with pytest.raises(InputError) as caught:
        _build(tmp_path, lab)
    assert not (tmp_path / "site").exists()
    return str(caught.value).replace(str(lab), "LAB")


def test_an_unknown_key_is_an_error_at_its_line(tmp_path: Path) -> None:
    message = _build_error(tmp_path, {"lab.yml": "presenter: Ada\nsitee: https://x.org\n"})
    assert message.startswith("LAB/lab.yml:2: unknown key 'sitee'")


def test_a_missing_demo_file_is_an_error_at_its_entry(tmp_path: Path) -> None:
    config = "demo:\n  chapters:\n    - chapter: Linkers\n      files: [demo/missing.go]\n"
    message = _build_error(tmp_path, {"lab.yml": config, "demo/present.go": "package main\n"})
    assert message == "LAB/lab.yml:3: demo file 'demo/missing.go' does not exist"


def test_a_demo_chapter_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    config = "demo:\n  chapters:\n    - chapter: Loaders\n      files: [demo/a.go]\n"
    message = _build_error(tmp_path, {"lab.yml": config, "demo/a.go": "package main\n"})
    assert message == "LAB/lab.yml:3: no chapter is titled 'Loaders'"


@pytest.mark.parametrize(
    "entry",
    [
        "files: [../secret.txt]",
        "files: [demo/../../secret.txt]",
        "files: [demo/link.txt]",
        "run: ../secret.txt",
        "files: [ABSOLUTE]",
    ],
)
def test_demo_files_outside_the_lab_are_refused(tmp_path: Path, entry: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("not for publishing")
    entry = entry.replace("ABSOLUTE", str(secret))
    lab = write_lab(
        tmp_path,
        "lab",
        {
            "notes.md": notes(*CHAPTERS),
            "lab.yml": f"demo:\n  chapters:\n    - chapter: Linkers\n      {entry}\n",
            "demo/a.go": "package main\n",
        },
    )
    (lab / "demo" / "link.txt").symlink_to(secret)
    with pytest.raises(InputError, match="is outside the lab directory") as caught:
        _build(tmp_path, lab)
    assert str(caught.value).startswith(f"{lab / 'lab.yml'}:3: ")
    assert not (tmp_path / "site").exists()


def test_a_demo_zip_outside_the_lab_is_refused(tmp_path: Path) -> None:
    message = _build_error(tmp_path, {"lab.yml": "demo:\n  zip: ..\n"})
    assert (
        message.startswith("LAB/lab.yml:")
        and "demo.zip must name a folder inside the lab" in message
    )


def test_the_command_line_reports_lab_yml_mistakes_with_exit_2(tmp_path: Path) -> None:
    lab = write_lab(tmp_path, "lab", {"notes.md": notes(*CHAPTERS), "lab.yml": "pins: [1, 2]\n"})
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", str(lab), "--out", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{lab / 'lab.yml'}:1: ")
    assert not (tmp_path / "site").exists()
