"""Name the language of a code block or a file: for highlighting, tabs and checks."""

from __future__ import annotations

from pathlib import PurePosixPath

# Languages by file extension, for info strings that are file names and for demo files.
_EXTENSIONS = {
    ".go": "go",
    ".py": "python",
    ".sh": "bash",
    ".bash": "bash",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".toml": "toml",
    ".js": "javascript",
    ".ts": "typescript",
    ".java": "java",
    ".xml": "xml",
    ".md": "markdown",
    ".txt": "text",
    ".conf": "ini",
    ".ini": "ini",
    ".cfg": "ini",
    ".mod": "go",
    ".c": "c",
    ".h": "c",
}
_NAMES = {"dockerfile": "dockerfile", "makefile": "makefile", "containerfile": "dockerfile"}
_ALIASES = {"sh": "bash", "shell": "bash", "console": "bash", "zsh": "bash", "yml": "yaml"}


def language_of(info: str) -> tuple[str, str]:
    """Return (language, title) for a fence's info string or a file name."""
    word = info.strip().split()[0] if info.strip() else ""
    word = word.strip("{}").removeprefix(".") if word.startswith("{") else word
    name = PurePosixPath(word).name
    lowered = name.lower()
    if lowered in _NAMES:
        return _NAMES[lowered], ""
    if lowered.startswith(("dockerfile.", "containerfile.")) or lowered.endswith(".dockerfile"):
        return "dockerfile", name
    suffix = PurePosixPath(lowered).suffix
    if suffix and suffix in _EXTENSIONS and lowered != suffix:
        return _EXTENSIONS[suffix], name
    lang = lowered.lstrip(".")
    return _ALIASES.get(lang, lang), ""
