"""`generator fetch` and `make site`'s fetching step, as a user runs them, with no internet."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from labs import VIDEO_ID, notes, write_lab
from network import ClosedNetwork
from paths import ROOT
from webserver import Route, Server, serve_routes, silent_server

from bench.inputs import copy_default_lab

DECK = b"%PDF-1.4\n" + b"1" * 3000 + b"\n%%EOF\n"
OTHER_DECK = b"%PDF-1.4\n" + b"2" * 3000 + b"\n%%EOF\n"
# Notes that link a deck on their own site but no video: fetching needs no YouTube.
DECK_ONLY = (
    '---\ntitle: "Deck only"\n---\n\n## Sections\n\n- [0:00](https://example.org/talk) Start\n\n'
    "## Resources\n\n- [Slide deck](/downloads/deck.pdf)\n"
)


@pytest.fixture
def server() -> Iterator[Server]:
    with serve_routes() as state:
        yield state


def _fetch(lab: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "fetch", str(lab), *options],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,  # a hang fails the test instead of stalling the suite
    )


def test_fetch_downloads_the_deck_from_the_labs_site_once(tmp_path: Path, server: Server) -> None:
    server.routes["/downloads/deck.pdf"] = Route(DECK, content_type="application/pdf")
    lab = write_lab(tmp_path, "lab", {"notes.md": DECK_ONLY, "lab.yml": f"site: {server.url}/\n"})
    first = _fetch(lab, "--timeout", "5")
    assert first.returncode == 0, first.stderr
    assert first.stderr == f"{lab}: fetched deck.pdf\n"
    assert (lab / "deck.pdf").read_bytes() == DECK
    again = _fetch(lab, "--timeout", "5")
    assert again.returncode == 0, again.stderr
    assert again.stderr == f"{lab}: nothing new fetched; 1 file(s) already present\n"
    assert server.hits["/downloads/deck.pdf"] == 1


def test_deck_url_in_lab_yml_wins_over_the_notes_link(tmp_path: Path, server: Server) -> None:
    server.routes["/downloads/deck.pdf"] = Route(DECK)
    server.routes["/elsewhere/slides.pdf"] = Route(OTHER_DECK)
    config = f"site: {server.url}\ndeck_url: /elsewhere/slides.pdf\n"
    lab = write_lab(tmp_path, "lab", {"notes.md": DECK_ONLY, "lab.yml": config})
    result = _fetch(lab)
    assert result.returncode == 0, result.stderr
    assert (lab / "deck.pdf").read_bytes() == OTHER_DECK
    assert set(server.hits) == {"/elsewhere/slides.pdf"}


def test_without_network_fetch_fails_in_one_line_and_writes_nothing(
    tmp_path: Path, no_network: ClosedNetwork
) -> None:
    lab = write_lab(tmp_path, "lab", {"notes.md": notes("0:00 Start")})
    result = _fetch(lab, "--timeout", "5", "--retries", "0")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{lab}: video {VIDEO_ID}: ")
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in lab.iterdir()) == ["notes.md"]
    assert set(no_network.attempts()) == {"www.youtube.com"}
    no_network.forget()


def test_a_server_that_never_answers_costs_the_timeout_not_a_hang(tmp_path: Path) -> None:
    with silent_server() as url:
        lab = write_lab(tmp_path, "lab", {"notes.md": DECK_ONLY, "lab.yml": f"site: {url}\n"})
        result = _fetch(lab, "--timeout", "1", "--retries", "1")
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{lab}: could not download the deck from {url}/downloads/deck.pdf: ")
    assert "timed out" in line
    assert not (lab / "deck.pdf").exists()


def test_make_site_without_network_says_in_one_line_what_it_could_not_fetch(
    tmp_path: Path, no_network: ClosedNetwork
) -> None:
    """The fetching step of `make site` (set-up done, as `make test` did it) on the default lab."""
    lab = copy_default_lab(tmp_path)
    out = tmp_path / "site"
    result = subprocess.run(
        ["make", "-s", "-o", "setup", "site", f"LAB={lab}", f"OUT={out}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "MAKEFLAGS": ""},
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    [fetch_line] = result.stdout.splitlines()
    assert fetch_line.startswith(f"{lab}: ")
    assert "could not download the deck" in fetch_line
    assert "video 4Cjy_iBNr3I: " in fetch_line
    assert (out / "index.html").is_file()
    assert not (lab / "video").exists() and not (lab / "deck.pdf").exists()
    assert {"www.youtube.com", "edu.chainguard.dev"} <= set(no_network.attempts())
    no_network.forget()
