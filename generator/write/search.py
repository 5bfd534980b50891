"""Search that stays instant at any size: Pagefind indexes behind Material's search box.

Material's own search sends the whole site's text to every reader and indexes it in the
browser: with a hundred 50-minute talks, seconds before the first result. Pagefind splits
its index into small chunks and fetches only those a query needs. The theme's search box
and result list stay; the theme's search worker is replaced by one that asks Pagefind
(`static/search-worker.js`). From `file://`, where a page may not fetch files, the offline
build keeps the theme's own search.

Pagefind holds every word it indexes in memory (about half a kilobyte a word), so a large
catalog is indexed in shards of labs, one Pagefind run each: the site's own pages in
`pagefind/`, the labs in `pagefind/labs-N/`, which the worker merges. A lab stays in its
shard as the catalog grows (by a hash of its folder), so after an edit only the shards of
changed labs are indexed again; the others are taken from the previous site.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import posixpath
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.atomic import write_atomic
from generator.errors import GeneratorError

OUTPUT = "pagefind"
"""Folder of the index in the site."""
SHARDS_FILE = "shards.json"
SHARD_PREFIX = "labs-"
"""Folders of the lab shards under `pagefind/`."""
WORKER_URI = "assets/labsite/search-worker.js"
ROOT_SELECTOR = "article.md-content__inner"
"""The page's own content: the theme's header, navigation and footer are not indexed."""
EXCLUDE_SELECTORS = (
    ".headerlink",
    ".md-content__button",
    ".md-source-file",
    # A lab's pages: only the talk's words are indexed (titles, slide text, what is said).
    # The templates mark their own furniture `data-pagefind-ignore`; these are what Markdown
    # writes in them (its headings and admonition titles take no attributes), and the home
    # page's chapter times and lengths, and its slides again (each chapter's page has them).
    ".ls-stage > section > h2",
    ".ls-code > h2",
    ".ls-code .admonition-title",
    ".ls-chapters .ls-time",
    ".ls-length",
    ".ls-overview",
)
WORD_CHARACTERS = "/+#"
"""Marks that belong to the words they are in: technical talks name things "A/B", "CI/CD",
"C++", "C#". Split there, "A/B testing" would search for words starting "a" or "ab" (every
page has some) and "testing"; kept, "a/b" finds the pages that say it."""
WORDS_PER_SHARD = 250_000
"""Words a shard holds on average while there are few shards: an edit re-indexes that many."""
MAX_SHARDS = 16
"""Past this, shards grow instead: a query asks every shard (about 600,000 words, 300 MB of
Pagefind's memory, a shard at a thousand 50-minute talks)."""
NOT_PAGES = frozenset({"assets", "search", OUTPUT, "404.html"})
"""Top-level entries of a site that hold no page to index."""
TIMEOUT = 1800
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's own search interfaces: the theme's search box is the interface here."""
_THEME_CONFIG = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL
)
"""Material's documented settings block: the search worker's URL is its `search`."""


@dataclass(frozen=True)
class LabPages:
    """What the index needs to know of one lab of the site."""

    folder: str
    """The lab's folder in the site ("" when the site is that one lab)."""
    words: int
    """About how many words its pages hold."""
    keys: tuple[str | None, ...]
    """The keys of its pages (None: unknown), which say whether they changed."""


@dataclass(frozen=True)
class Shard:
    """One Pagefind run: the top-level entries of the site it indexes, and where it writes."""

    name: str
    """Folder under `pagefind/` ("" for the primary index, which has the site's own pages)."""
    paths: tuple[str, ...]
    key: str | None
    """What the shard is made from, when known: equal keys make equal indexes."""


@dataclass(frozen=True)
class SearchIndex:
    """What indexing a site made."""

    pages: int
    bytes: int
    """Size of the index folder, every shard, chunk and fragment included."""
    shards: int
    reused: int
    """Shards taken unchanged from the previous site."""


def use_index_worker(html: str, page: str) -> str:
    """Point a page's theme settings at the worker that searches the Pagefind index.

    Raise `GeneratorError` when the page has no settings block naming a search worker: the
    labs' pages, left out of the theme's own index, would silently vanish from search.
    """
    found = _THEME_CONFIG.search(html)
    settings = _settings(found.group(2)) if found else None
    if found is None or settings is None or "search" not in settings:
        raise GeneratorError(
            f'{page}: the theme wrote no <script id="__config"> block with a "search" worker, '
            "so search cannot use the Pagefind index (the theme must be Material for MkDocs 9, "
            "with its search plugin; or set the labsite plugin's `search: theme`)"
        )
    base = settings.get("base")
    settings["search"] = posixpath.join(base if isinstance(base, str) and base else ".", WORKER_URI)
    # As Jinja's `tojson` writes it: nothing in it can end the script element.
    text = json.dumps(settings, ensure_ascii=False)
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(char, code)
    return html[: found.start(2)] + text + html[found.end(2) :]


def _settings(text: str) -> dict[str, object] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def plan_shards(site_dir: Path, labs: Sequence[LabPages]) -> list[Shard]:
    """Split the site's pages into the primary index and shards of labs."""
    own = _own_paths(site_dir, {lab.folder for lab in labs if lab.folder})
    in_folders = [lab for lab in labs if lab.folder]
    primary = Shard("", tuple(own), _pages_key(site_dir, own))
    if not in_folders:  # one lab at the site's root: one index
        return [primary]
    words = sum(lab.words for lab in in_folders)
    wanted = 1 << max(0, math.ceil(math.log2(max(1, math.ceil(words / WORDS_PER_SHARD)))))
    count = min(MAX_SHARDS, wanted)
    groups: dict[int, list[LabPages]] = {}
    for lab in in_folders:
        groups.setdefault(_shard_of(lab.folder, count), []).append(lab)
    shards = [primary]
    for number in sorted(groups):
        members = sorted(groups[number], key=lambda lab: lab.folder)
        shards.append(
            Shard(
                f"{SHARD_PREFIX}{number}",
                tuple(lab.folder for lab in members),
                _shard_key(count, members),
            )
        )
    return shards


def _own_paths(site_dir: Path, folders: set[str]) -> list[str]:
    """Return the site's entries that hold its own pages: everything but the labs' folders.

    A folder that holds labs (`talks/` when they are guests in a site) is looked into.
    """
    found: list[str] = []

    def walk(folder: Path, prefix: str) -> None:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            path = prefix + entry.name
            if entry.name.startswith(".") or (not prefix and entry.name in NOT_PAGES):
                continue
            if path in folders:
                continue
            if entry.is_dir() and any(f.startswith(path + "/") for f in folders):
                walk(entry, path + "/")
            elif entry.is_dir() or entry.suffix == ".html":
                found.append(path)

    walk(site_dir, "")
    return found


def index_site(
    site_dir: Path,
    shards: Sequence[Shard],
    previous: Path | None = None,
    previous_keys: Mapping[str, str] | None = None,
) -> SearchIndex:
    """Write the Pagefind index of every shard, taking unchanged shards from `previous`.

    `previous_keys` are the keys of the shards of the previous site, by name.
    """
    folder = site_dir / OUTPUT
    reused = 0
    known = previous_keys or {}
    for shard in shards:
        target = folder / shard.name if shard.name else folder
        unchanged = shard.key is not None and known.get(shard.name) == shard.key
        if unchanged and previous is not None and _take(previous, shard, target):
            reused += 1
            continue
        _run(site_dir, shard)
    names = [shard.name for shard in shards if shard.name]
    write_atomic(folder / SHARDS_FILE, json.dumps(names).encode())
    for shard in shards:
        # Only the primary's script is loaded; a shard is merged into it as data.
        unused = UNUSED if not shard.name else (*UNUSED, "pagefind.js", "pagefind-worker.js")
        for name in unused:
            (folder / shard.name / name).unlink(missing_ok=True)
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    pages = len(list(folder.rglob("*.pf_fragment")))
    return SearchIndex(pages=pages, bytes=size, shards=len(shards), reused=reused)


def _shard_of(folder: str, count: int) -> int:
    """Return a lab's shard: stable while the number of shards stays the same."""
    return int(hashlib.sha256(folder.encode()).hexdigest()[:8], 16) % count


def _shard_key(count: int, members: Sequence[LabPages]) -> str | None:
    if any(key is None for lab in members for key in lab.keys):
        return None
    digest = hashlib.sha256(
        f"{count}\0{ROOT_SELECTOR}\0{EXCLUDE_SELECTORS}\0{WORD_CHARACTERS}\0".encode()
    )
    for lab in members:
        digest.update(f"{lab.folder}\0{','.join(k or '' for k in lab.keys)}\0".encode())
    return digest.hexdigest()


def _pages_key(site_dir: Path, paths: Sequence[str]) -> str:
    """Return a key of the pages under `paths` as written (a few: the site's own pages)."""
    digest = hashlib.sha256(f"{ROOT_SELECTOR}\0{EXCLUDE_SELECTORS}\0{WORD_CHARACTERS}\0".encode())
    for name in paths:
        entry = site_dir / name
        found = sorted(entry.rglob("*.html")) if entry.is_dir() else [entry]
        for page in found:
            content = hashlib.sha256(page.read_bytes()).hexdigest()
            digest.update(f"{page.relative_to(site_dir)}\0{content}\0".encode())
    return digest.hexdigest()


def _take(previous: Path, shard: Shard, target: Path) -> bool:
    """Link the previous site's copy of an unchanged shard into `target`."""
    source = previous / OUTPUT / shard.name
    try:
        if not source.is_dir() or not source.resolve().is_relative_to(previous.resolve()):
            return False
    except OSError:
        return False
    made: set[Path] = set()
    for path in source.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(source)
        # The primary's folder holds the shards too: they are taken (or made) on their own.
        if not shard.name and (
            relative.parts[0].startswith(SHARD_PREFIX) or relative.name == SHARDS_FILE
        ):
            continue
        copy = target / relative
        if copy.parent not in made:
            copy.parent.mkdir(parents=True, exist_ok=True)
            made.add(copy.parent)
        try:
            os.link(path, copy)
        except OSError:
            shutil.copyfile(path, copy)
    return True


def _run(site_dir: Path, shard: Shard) -> None:
    """Index one shard's pages with Pagefind."""
    if not shard.paths:
        return
    patterns = [p if p.endswith(".html") else f"{p}/**/*.html" for p in shard.paths]
    glob = patterns[0] if len(patterns) == 1 else "{" + ",".join(patterns) + "}"
    output = f"{OUTPUT}/{shard.name}" if shard.name else OUTPUT
    command = [
        str(_executable()),
        "--site",
        str(site_dir),
        "--glob",
        glob,
        "--output-subdir",
        output,
        "--root-selector",
        ROOT_SELECTOR,
        "--exclude-selectors",
        ", ".join(EXCLUDE_SELECTORS),
        "--include-characters",
        WORD_CHARACTERS,
        "--silent",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise GeneratorError(f"the search index could not be built: {err}") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise GeneratorError(
            "the search index could not be built: " + (detail[-1] if detail else "pagefind failed")
        )


def _executable() -> Path:
    """Return the Pagefind binary that the `pagefind-bin` package installs."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise GeneratorError("pagefind-bin is not installed: run `make setup`") from None
    try:
        return Path(get_executable())
    except FileNotFoundError as err:
        raise GeneratorError(f"the Pagefind binary is missing: {err}") from None
