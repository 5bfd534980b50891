"""YAML and text from a lab: aliases, deep nesting and bad bytes get a FILE:LINE message."""

from __future__ import annotations

import resource
import subprocess
from pathlib import Path

from labs import write_lab
from tools import run_cli

from generator.load import NO_DECK_NOTICE
from generator.talkfiles import NO_CAPTIONS_NOTICE

MEMORY = 2 * 1024**3
"""Address space each command below may use: far more than any of them needs."""
BODY = "\n## Sections\n\n- [0:00](https://youtu.be/abcdefghijk) Start\n"
VIDEO_NOTES = f"---\ntitle: Lab\n---\n{{{{< youtube abcdefghijk >}}}}\n{BODY}"
# Nine levels of nine aliases: 9**9 strings once expanded.
BOMB = "".join(
    f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}" if level else '"lol"'] * 9) + "]\n"
    for level in range(9)
)


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """Run the command line with bounded memory."""
    return run_cli(*args, timeout=300, preexec_fn=_limited)


def _lab(tmp_path: Path, notes: str | bytes) -> Path:
    return write_lab(tmp_path, "lab", {"notes.md": notes})


def test_an_alias_bomb_in_the_front_matter_is_refused_at_its_line(tmp_path: Path) -> None:
    lab = _lab(tmp_path, f"---\ntitle: Bomb\n{BOMB}tags: *l8\n---\n{BODY}")
    result = _cli("inspect", lab / "notes.md")
    assert result.returncode == 2, result.stderr[-2000:]
    # The first alias is on the second line of the bomb, the file's fourth.
    assert result.stderr == (
        f"{lab}/notes.md:4: front matter: aliases (*l0) are not allowed: write the value out\n"
    )


def test_an_alias_in_lab_yml_is_refused_at_its_line(tmp_path: Path) -> None:
    lab = _lab(tmp_path, f"---\ntitle: Lab\n---\n{BODY}")
    (lab / "lab.yml").write_text("site: &s https://example.com\npresenter: *s\n")
    result = _cli("build", lab, "--out", tmp_path / "site", "--cache-dir", tmp_path / "c")
    assert result.returncode == 2
    assert result.stderr == (
        f"{lab}/lab.yml:2: aliases (*s) are not allowed: write the value out\n"
    )


def test_yaml_nested_too_deep_is_refused_without_a_traceback(tmp_path: Path) -> None:
    lab = _lab(tmp_path, "---\ntitle: Deep\ntags: " + "[" * 5000 + "]" * 5000 + f"\n---\n{BODY}")
    result = _cli("inspect", lab / "notes.md")
    assert result.returncode == 2
    assert result.stderr == f"{lab}/notes.md:3: front matter: nested deeper than 64 levels\n"


def test_check_reads_an_alias_bomb_in_a_yaml_snippet_without_expanding_it(
    tmp_path: Path,
) -> None:
    # Aliases are fine in a YAML snippet (compose files have many): check parses, never expands.
    lab = _lab(tmp_path, f"---\ntitle: Snippet\n---\n{BODY}\n### Config\n\n```yaml\n{BOMB}```\n")
    result = _cli("check", lab, "--cache-dir", tmp_path / "c")
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 0, result.stdout
    assert result.stderr.endswith(": 0 error(s), 2 warning(s)\n"), result.stderr
    assert [line.split(": warning: ")[1] for line in result.stdout.splitlines()] == [
        NO_CAPTIONS_NOTICE,
        NO_DECK_NOTICE,
    ]


def test_a_bad_byte_in_the_notes_is_located_by_line_and_value(tmp_path: Path) -> None:
    lab = _lab(tmp_path, f"---\ntitle: Caf\xe9\n---\n{BODY}".encode("latin-1"))
    result = _cli("inspect", lab / "notes.md")
    assert result.returncode == 2
    assert result.stderr == f"{lab}/notes.md:2: not UTF-8 text (byte 0xE9)\n"


def test_a_bad_byte_in_lab_yml_is_located_by_line_and_value(tmp_path: Path) -> None:
    lab = _lab(tmp_path, f"---\ntitle: Lab\n---\n{BODY}")
    (lab / "lab.yml").write_bytes(b"site: https://example.com\npresenter: Jos\xe9\n")
    result = _cli("build", lab, "--out", tmp_path / "site", "--cache-dir", tmp_path / "c")
    assert result.returncode == 2
    assert result.stderr == f"{lab}/lab.yml:2: not UTF-8 text (byte 0xE9)\n"


def test_a_bad_byte_in_the_video_info_costs_its_metadata_with_a_located_warning(
    tmp_path: Path,
) -> None:
    latin1 = b'{"id": "abcdefghijk",\n "title": "Caf\xe9",\n "duration": 60}\n'
    lab = write_lab(
        tmp_path, "lab", {"notes.md": VIDEO_NOTES, "video/abcdefghijk.info.json": latin1}
    )
    result = _cli("build", lab, "--out", tmp_path / "site", "--cache-dir", tmp_path / "c")
    assert result.returncode == 0, result.stderr
    info = lab / "video" / "abcdefghijk.info.json"
    assert f"{info}:2: not UTF-8 text (byte 0xE9)" in result.stderr


def test_deeply_nested_json_in_the_video_info_is_a_located_warning(tmp_path: Path) -> None:
    nested = "[" * 100_000 + "]" * 100_000
    lab = write_lab(
        tmp_path, "lab", {"notes.md": VIDEO_NOTES, "video/abcdefghijk.info.json": nested}
    )
    result = _cli("build", lab, "--out", tmp_path / "site", "--cache-dir", tmp_path / "c")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "info.json:1: JSON nested too deeply" in result.stderr


def test_thousands_of_open_brackets_in_the_intro_do_not_hang_the_build(tmp_path: Path) -> None:
    # Parsers that look for the end of a link from every `[` take hours on this.
    intro = "[x](" * 20_000 + "\n\n" + "[" * 60_000 + "y"
    lab = _lab(tmp_path, f"---\ntitle: Brackets\n---\n\n{intro}\n{BODY}")
    result = _cli("build", lab, "--out", tmp_path / "site", "--cache-dir", tmp_path / "c")
    assert result.returncode == 0, result.stderr[-2000:]
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "[x](" * 3 in home


def test_a_text_file_too_large_to_be_notes_is_refused_unread(tmp_path: Path) -> None:
    lab = _lab(tmp_path, f"---\ntitle: Huge\n---\n{BODY}")
    with (lab / "notes.md").open("r+b") as notes:
        notes.truncate(3 * 1024**3)  # sparse: three gigabytes that take no disk
    result = _cli("inspect", lab / "notes.md")
    assert result.returncode == 2
    assert result.stderr == f"{lab}/notes.md: larger than 64 MB: not read\n"
