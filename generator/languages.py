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


# Languages as their speakers name them: what a reader looks for in a list of transcripts.
_ENDONYMS = {
    "ar": "العربية", "cs": "Čeština", "da": "Dansk", "de": "Deutsch", "el": "Ελληνικά",
    "en": "English", "es": "Español", "fi": "Suomi", "fr": "Français", "he": "עברית",
    "hi": "हिन्दी", "hu": "Magyar", "id": "Bahasa Indonesia", "it": "Italiano", "ja": "日本語",
    "ko": "한국어", "nb": "Norsk bokmål", "nl": "Nederlands", "no": "Norsk", "pl": "Polski",
    "pt": "Português", "ro": "Română", "ru": "Русский", "sk": "Slovenčina", "sv": "Svenska",
    "th": "ไทย", "tr": "Türkçe", "uk": "Українська", "vi": "Tiếng Việt", "zh": "中文",
}  # fmt: skip


def language_name(code: str) -> str:
    """Return a captions language's name in that language (`de`: Deutsch, `pt-BR`: Português
    (BR)); the code itself for a language this list does not know."""
    base, _, region = code.replace("_", "-").partition("-")
    name = _ENDONYMS.get(base.lower())
    if name is None:
        return code
    return f"{name} ({region})" if region and region.lower() != "orig" else name


def html_language(code: str) -> str:
    """Return a captions language as an HTML `lang` value (`en-orig`: `en`, `pt_BR`: `pt-BR`)."""
    base, _, region = code.replace("_", "-").partition("-")
    return base.lower() if not region or region.lower() == "orig" else f"{base.lower()}-{region}"
