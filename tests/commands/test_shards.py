"""A catalog built in shards on several machines and merged is the site one build makes.

Every shard is built with a cache of its own, as on a machine of its own; the parts are
joined by `merge`, through the command line, as a CI workflow runs them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from paths import ROOT
from pdfs import write_pdf

from bench.catalog import make_catalog
from bench.inputs import copy_default_lab
from generator.shards import PART_FILE, parse_shard, shard_number
from generator.write.reuse import MANIFEST

NOT_COMPARED = {MANIFEST}
"""The record of what each page was made from: cache keys, which name a machine's files
(their times and inodes), so that its next build can tell what changed."""


def generator(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )


def files(site: Path) -> dict[str, str]:
    """Every file of a site and a hash of its bytes."""
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file() and p.relative_to(site).as_posix() not in NOT_COMPARED
    }


def differences(one: Path, other: Path) -> list[str]:
    a, b = files(one), files(other)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


@pytest.fixture(scope="module")
def catalog(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Six real lab pages with long transcripts, one with a deck, and the default lab."""
    parent = tmp_path_factory.mktemp("catalog")
    labs = make_catalog(shared, parent, 6)
    write_pdf(labs[1] / "deck.pdf", [[("The first slide", 40)], [("The second slide", 40)]])
    return [*labs, copy_default_lab(parent)]


@pytest.fixture(scope="module")
def one_build(catalog: list[Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("one")
    done = generator(
        "build", *catalog, "--out", base / "site", "--cache-dir", base / "cache", cwd=base
    )
    assert done.returncode == 0, done.stderr
    return base / "site"


def build_parts(catalog: list[Path], base: Path, count: int) -> list[Path]:
    base.mkdir(parents=True, exist_ok=True)
    parts = []
    for number in range(1, count + 1):
        part, cache = base / f"part-{number}", base / f"cache-{number}"
        done = generator(
            "build", *catalog, "--shard", f"{number}/{count}", "--out", part, "--cache-dir", cache,
            cwd=base,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert f"shard {number}/{count}" in done.stderr
        parts.append(part)
    return parts


@pytest.mark.parametrize("count", [3, 8])
def test_merged_shards_are_the_one_machine_build(
    catalog: list[Path], one_build: Path, tmp_path: Path, count: int
) -> None:
    parts = build_parts(catalog, tmp_path, count)
    # Eight shards of seven labs: one at least is empty, and still a part.
    held = {shard_number(lab.name, count) for lab in catalog}
    assert len(held) < count or count <= len(catalog)
    done = generator(
        "merge", *parts, "--out", tmp_path / "site", "--cache-dir", tmp_path / "cache-merge",
        cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"merged {count} parts" in done.stderr
    assert differences(one_build, tmp_path / "site") == []
    # What is compared is the whole site: pages, slides, downloads, search, listings.
    names = files(tmp_path / "site")
    assert any(n.startswith("pagefind/") for n in names)
    assert any(n.endswith(".webp") for n in names)
    assert "ll202509-demo.zip" in {Path(n).name for n in names}
    assert not (tmp_path / "site" / PART_FILE).exists()


def test_a_part_holds_only_its_shards_labs(catalog: list[Path], tmp_path: Path) -> None:
    parts = build_parts(catalog, tmp_path / "two", 2)
    for number, part in enumerate(parts, 1):
        mine = {lab.name for lab in catalog if shard_number(lab.name, 2) == number}
        others = {lab.name for lab in catalog} - mine
        assert all((part / name / "index.html").is_file() for name in mine)
        assert not any((part / name).exists() for name in others)


def test_a_shard_of_one_lab_is_laid_out_as_the_catalog(catalog: list[Path], tmp_path: Path) -> None:
    labs = catalog[:2]
    number = shard_number(labs[0].name, 64)
    assert shard_number(labs[1].name, 64) != number
    done = generator(
        "build", *labs, "--shard", f"{number}/64", "--out", tmp_path / "part",
        "--cache-dir", tmp_path / "cache", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "part" / labs[0].name / "index.html").is_file()


def test_a_lab_keeps_its_shard_when_others_come(tmp_path: Path) -> None:
    names = [f"talk-{n:04d}" for n in range(400)]
    before = {name: shard_number(name, 4) for name in names}
    # Computed in another process: the shard is the same on every machine.
    script = (
        f"from generator.shards import shard_number\nprint([shard_number(n, 4) for n in {names!r}])"
    )
    other = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert other.stdout.strip() == str([before[n] for n in names])
    # Spread evenly: each of four shards holds about a quarter.
    counts = Counter(before.values())
    assert set(counts) == {1, 2, 3, 4}
    assert all(70 <= c <= 130 for c in counts.values()), counts


@pytest.mark.parametrize("text", ["0/3", "4/3", "3", "a/b", "2/0", "-1/2"])
def test_a_shard_that_is_not_k_of_n_is_refused(text: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        parse_shard(text)
    done = generator("build", tmp_path, "--shard", text, "--out", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 2
    assert "--shard" in done.stderr and "Traceback" not in done.stderr


def test_parse_shard_reads_k_of_n() -> None:
    shard = parse_shard("2/5")
    assert (shard.number, shard.count, str(shard)) == (2, 5, "2/5")


def test_a_failed_or_missing_shard_stops_the_merge_and_keeps_the_site(
    catalog: list[Path], one_build: Path, tmp_path: Path
) -> None:
    parts = build_parts(catalog, tmp_path, 3)
    site = tmp_path / "site"
    assert generator("merge", *parts, "--out", site, cwd=tmp_path).returncode == 0
    before = files(site)

    def refused(*args: Path, naming: str) -> str:
        done = generator("merge", *args, "--out", site, cwd=tmp_path)
        assert done.returncode != 0
        assert "Traceback" not in done.stderr
        assert naming in done.stderr, done.stderr
        assert files(site) == before
        return done.stderr

    # A shard whose build failed left no part: the merge names the folder.
    failed = tmp_path / "part-failed"
    failed.mkdir()
    refused(parts[0], failed, parts[2], naming=str(failed))
    # A shard left out: the merge says which.
    assert "2/3" in refused(parts[0], parts[2], naming="missing")
    # The same shard twice.
    refused(parts[0], parts[1], parts[1], parts[2], naming=str(parts[1]))
    # A part of another split of the labs.
    (other,) = build_parts(catalog, tmp_path / "other", 1)
    refused(parts[0], parts[1], other, naming=str(other))
    # A damaged part file.
    (parts[2] / PART_FILE).write_text("{not json", encoding="utf-8")
    refused(*parts, naming=str(parts[2] / PART_FILE))


def test_parts_built_with_other_settings_are_not_joined(
    catalog: list[Path], tmp_path: Path
) -> None:
    labs = catalog[:3]
    online = tmp_path / "online"
    offline = tmp_path / "offline"
    for folder, extra in ((online, []), (offline, ["--offline"])):
        for number in (1, 2):
            done = generator(
                "build", *labs, "--shard", f"{number}/2", *extra, "--out", folder / str(number),
                "--cache-dir", tmp_path / "cache", cwd=tmp_path,
            )  # fmt: skip
            assert done.returncode == 0, done.stderr
    done = generator("merge", online / "1", offline / "2", "--out", tmp_path / "site", cwd=tmp_path)
    assert done.returncode != 0
    assert "other settings" in done.stderr and str(offline / "2") in done.stderr
    assert not (tmp_path / "site").exists()


WORKFLOW = ROOT / "examples" / "github-actions" / "site.yml"
SETUP_STEPS = {"Install the generator"}
"""Steps that install the generator and its tools on a CI machine: here they are installed."""


def _commands(job: dict[str, Any], values: dict[str, str]) -> list[str]:
    """The shell commands of a job's steps, with the workflow's expressions filled in."""
    found = []
    for step in job["steps"]:
        if "run" not in step or step.get("name") in SETUP_STEPS:
            continue
        command = step["run"]
        for expression, value in values.items():
            command = command.replace("${{ " + expression + " }}", value)
        assert "${{" not in command, command
        found.append(command)
    return found


def test_the_example_workflow_run_locally_is_the_one_machine_build(
    catalog: list[Path], one_build: Path, tmp_path: Path
) -> None:
    """The shipped GitHub Actions workflow, each matrix job a process of its own."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    jobs = workflow["jobs"]
    shards = [str(n) for n in jobs["shard"]["strategy"]["matrix"]["shard"]]
    assert jobs["merge"]["needs"] == "shard"
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    (tools / "python").chmod(0o755)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PATH": f"{tools}:{os.environ['PATH']}"}

    def run_job(job: dict[str, Any], values: dict[str, str], where: Path) -> subprocess.Popen[str]:
        script = "set -eu\n" + "\n".join(_commands(job, values))
        return subprocess.Popen(
            ["bash", "-c", script], cwd=where, env=env, stderr=subprocess.PIPE, text=True
        )

    # The checkout: the lab folders under labs/; every machine a folder (and a cache) of its own.
    running = []
    for shard in shards:
        machine = tmp_path / f"machine-{shard}"
        machine.mkdir()
        (machine / "labs").symlink_to(catalog[0].parent)
        env_values = {"matrix.shard": shard, "strategy.job-total": str(len(shards))}
        process = run_job(jobs["shard"], env_values, machine)
        running.append((machine, shard, process))
    merging = tmp_path / "machine-merge"
    for machine, shard, process in running:
        _, errors = process.communicate(timeout=900)
        assert process.returncode == 0, errors
        # upload-artifact / download-artifact: each part in a folder named after it.
        shutil.copytree(machine / "part", merging / "parts" / f"part-{shard}")
    process = run_job(jobs["merge"], {}, merging)
    _, errors = process.communicate(timeout=900)
    assert process.returncode == 0, errors
    assert differences(one_build, merging / "site") == []
