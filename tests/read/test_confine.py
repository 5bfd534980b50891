"""Nothing outside a lab folder is read into its site: links that lead out are not followed."""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

from labs import write_lab
from pdfs import write_pdf
from tools import run_cli

from generator.build import build_site
from generator.load import load_lab

VIDEO = "abcdefghijk"
NOTES = (
    "---\ntitle: Confined\n---\n\n{{< youtube " + VIDEO + " >}}\n\n## Sections\n\n"
    f"- [0:00](https://youtu.be/{VIDEO}) Start\n"
)
SECRET = b"root:x:0:0:secret-line-of-a-private-file\n"


def _outside(tmp_path: Path) -> Path:
    """Make files outside the lab that a hostile lab links to."""
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "passwd").write_bytes(SECRET)
    (outside / "talk.vtt").write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nA private conversation nobody published.\n"
    )
    (outside / "info.json").write_text(
        f'{{"id": "{VIDEO}", "title": "Private", "duration": 99,'
        ' "chapters": [{"start_time": 0, "title": "Private chapter"}]}'
    )
    (outside / "lab.yml").write_text("presenter: Private Person\n")
    write_pdf(outside / "deck.pdf", [[("Private slide title", 40)]])
    return outside


def _hostile_lab(tmp_path: Path) -> Path:
    outside = _outside(tmp_path)
    lab = write_lab(tmp_path, "lab", {"notes.md": NOTES})
    (lab / "video").mkdir()
    links = {
        f"video/{VIDEO}.mp4": "passwd",
        f"video/{VIDEO}.jpg": "passwd",
        f"video/{VIDEO}.en.vtt": "talk.vtt",
        f"video/{VIDEO}.info.json": "info.json",
        "deck.pdf": "deck.pdf",
        "lab.yml": "lab.yml",
    }
    for name, target in links.items():
        (lab / name).symlink_to(outside / target)
    return lab


def _site_bytes(site: Path) -> list[tuple[Path, bytes]]:
    return [(p, p.read_bytes()) for p in site.rglob("*") if p.is_file()]


def test_links_out_of_the_lab_are_neither_read_nor_published(tmp_path: Path) -> None:
    lab = _hostile_lab(tmp_path)
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "cache")
    for path, data in _site_bytes(out):
        assert SECRET not in data, path
        assert b"A private conversation" not in data, path
        assert b"Private Person" not in data, path
        assert b"Private slide title" not in data, path
    assert not (out / "video").exists()
    assert not (out / "deck.pdf").exists()
    assert not (out / "slides").exists()
    named = {
        f"{lab}/{name}: is a link that leads outside the lab folder; it is not read"
        for name in (
            f"video/{VIDEO}.mp4",
            f"video/{VIDEO}.jpg",
            f"video/{VIDEO}.en.vtt",
            f"video/{VIDEO}.info.json",
            "deck.pdf",
            "lab.yml",
        )
    }
    assert named <= {str(w) for w in load_lab(lab, tmp_path / "cache").warnings}


def test_a_video_folder_that_is_a_link_out_of_the_lab_is_not_read(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    videos = tmp_path / "videos"
    videos.mkdir()
    (videos / f"{VIDEO}.en.vtt").write_bytes((outside / "talk.vtt").read_bytes())
    lab = write_lab(tmp_path, "lab", {"notes.md": NOTES})
    (lab / "video").symlink_to(videos)
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "cache")
    assert all(b"A private conversation" not in data for _, data in _site_bytes(out))


def test_links_inside_the_lab_still_work(tmp_path: Path) -> None:
    stored = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWords said inside the lab.\n"
    lab = write_lab(tmp_path, "lab", {"notes.md": NOTES, "stored/talk.vtt": stored})
    (lab / "video").mkdir()
    (lab / "video" / f"{VIDEO}.en.vtt").symlink_to(lab / "stored" / "talk.vtt")
    out = tmp_path / "site"
    build_site([lab], out, cache_dir=tmp_path / "cache")
    assert "Words said inside the lab." in (out / "01-start" / "index.html").read_text()


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, timeout=300)  # a guard against reading a pipe forever


def test_check_reports_every_link_out_of_the_lab_as_an_error(tmp_path: Path) -> None:
    lab = _hostile_lab(tmp_path)
    result = _cli("check", lab, "--cache-dir", tmp_path / "cache")
    assert result.returncode == 1, result.stdout + result.stderr
    for name in ("deck.pdf", "lab.yml", f"video/{VIDEO}.mp4", f"video/{VIDEO}.en.vtt"):
        line = f"{lab}/{name}: error: is a link that leads outside the lab folder; it is not read"
        assert line in result.stdout.splitlines(), name
    assert "Private" not in result.stdout


def test_notes_that_lead_out_of_the_lab_are_refused_by_name(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.md"
    elsewhere.write_text(NOTES.replace("Confined", "Someone else's notes"))
    lab = tmp_path / "lab"
    lab.mkdir()
    (lab / "notes.md").symlink_to(elsewhere)
    result = _cli("build", lab, "--out", tmp_path / "site", "--cache-dir", tmp_path / "cache")
    assert result.returncode == 2, result.stderr
    assert f"{lab}/notes.md: is a link that leads outside the lab folder" in result.stderr
    assert not (tmp_path / "site").exists()


def test_named_pipes_in_a_lab_are_refused_instead_of_read_forever(tmp_path: Path) -> None:
    lab = write_lab(tmp_path, "lab", {"notes.md": NOTES})
    (lab / "demo").mkdir()
    os.mkfifo(lab / "deck.pdf")
    os.mkfifo(lab / "demo" / "Dockerfile")
    os.mkfifo(lab / "lab.yml")
    built = _cli("build", lab, "--out", tmp_path / "site", "--cache-dir", tmp_path / "cache")
    assert built.returncode == 0, built.stderr
    assert f"{lab}/deck.pdf: not a regular file; it is not read" in built.stderr
    assert f"{lab}/lab.yml: not a regular file; it is not read" in built.stderr
    checked = _cli("check", lab, "--cache-dir", tmp_path / "cache")
    assert f"{lab}/deck.pdf: warning: not a regular file; it is not read" in checked.stdout
    os.unlink(lab / "notes.md")
    os.mkfifo(lab / "notes.md")
    refused = _cli("build", lab, "--out", tmp_path / "site", "--cache-dir", tmp_path / "cache")
    assert refused.returncode == 2
    assert refused.stderr == f"{lab}/notes.md: not a regular file\n"


def test_links_out_of_the_demo_are_left_out_of_its_zip_by_name(tmp_path: Path) -> None:
    outside = _outside(tmp_path)
    lab = write_lab(
        tmp_path,
        "lab",
        {"notes.md": NOTES, "lab.yml": "demo:\n  zip: demo\n", "demo/run.sh": "echo hi\n"},
    )
    (lab / "demo" / "secret").symlink_to(outside / "passwd")
    (lab / "demo" / "notes-link").symlink_to(lab / "notes.md")  # inside: not a warning
    out = tmp_path / "site"
    built = build_site([lab], out, cache_dir=tmp_path / "cache")
    with zipfile.ZipFile(out / "lab-demo.zip") as archive:
        assert archive.namelist() == ["demo/run.sh"]
        assert all(SECRET not in archive.read(name) for name in archive.namelist())
    warned = [str(w) for w in built.labs[0].warnings if "leads outside" in str(w)]
    assert warned == [
        f"{lab}/demo/secret: is a link that leads outside the lab folder; it is not read"
    ]
