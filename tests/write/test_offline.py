"""The offline build keeps every script local, or refuses to build: it never points elsewhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from labs import notes, write_lab
from paths import ROOT
from tools import require_shim

from bench.inputs import derive_config
from generator.build import build_site
from generator.errors import GeneratorError

# Anything a page loads by itself: scripts, styles, images, frames, media.
LOADED = re.compile(
    r'<(?:script|img|iframe|video|source|track|link)\b[^>]*?\s(?:src|href)="([^"]*)"'
)


def _lab(tmp_path: Path) -> Path:
    return write_lab(tmp_path, "lab", {"notes.md": notes("0:00 Start", "1:00 Middle")})


def _remote(site: Path) -> list[str]:
    found = []
    for page in site.rglob("*.html"):
        for url in LOADED.findall(page.read_text(encoding="utf-8")):
            if re.match(r"^(?:[a-z][a-z0-9+.-]*:)?//", url, re.I):
                found.append(f"{page.relative_to(site)}: {url}")
    return found


def test_the_offline_build_serves_the_shim_itself(tmp_path: Path) -> None:
    shim = require_shim()
    out = tmp_path / "site"
    build_site([_lab(tmp_path)], out, cache_dir=tmp_path / "c", offline=True)
    served = out / "assets" / "javascripts" / "iframe-worker-shim.js"
    assert served.read_bytes() == shim.read_bytes()
    home = (out / "index.html").read_text()
    assert '<script src="assets/javascripts/iframe-worker-shim.js">' in home
    assert _remote(out) == []


def test_an_offline_build_without_the_shim_fails_clearly_and_writes_nothing(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "no-npm" / "shim.js"
    config = derive_config(tmp_path / "mkdocs.yml", [], iframe_worker=str(missing))
    out = tmp_path / "site"
    with pytest.raises(GeneratorError, match="iframe-worker shim") as caught:
        build_site(
            [_lab(tmp_path)], out, config_file=config, cache_dir=tmp_path / "c", offline=True
        )
    message = str(caught.value)
    assert str(missing) in message and "apt-get install npm" in message and "\n" not in message
    assert not out.exists()
    # Only the cache of what was read (the lab) may exist: no site, no staging folder.
    assert sorted(p.name for p in tmp_path.iterdir()) in (
        ["lab", "mkdocs.yml"],
        ["c", "lab", "mkdocs.yml"],
    ), "no staging left"


def test_the_command_line_says_so_in_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "no-npm" / "shim.js"
    config = derive_config(tmp_path / "mkdocs.yml", [], iframe_worker=str(missing))
    out = tmp_path / "site"
    command = [sys.executable, "-m", "generator", "build", str(_lab(tmp_path)), "--offline"]
    command += ["--out", str(out), "--config", str(config), "--cache-dir", str(tmp_path / "c")]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ") and "iframe-worker shim" in line
    assert not out.exists()


def test_mkdocs_build_of_an_offline_site_without_the_shim_fails_too(tmp_path: Path) -> None:
    """`make offline` aside, `mkdocs build` with the offline switch on refuses as well."""
    lab = _lab(tmp_path)
    missing = tmp_path / "no-npm" / "shim.js"
    config = derive_config(tmp_path / "mkdocs.yml", [lab], iframe_worker=str(missing), offline=True)
    out = tmp_path / "site"
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run(
        [str(mkdocs), "build", "-q", "-f", str(config), "-d", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 1
    assert "iframe-worker shim" in result.stderr
    assert "unpkg" not in result.stderr
    assert not list(out.rglob("*.html"))
