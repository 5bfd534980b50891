"""Split a catalog's build across machines: each builds one shard of the labs into a part,
and the parts are joined into the site one build of them all would make.

A lab's shard is set by a hash of its folder's name, so adding a lab moves no other. A part
is a site of its shard's labs, named and laid out as the whole catalog, with a part file
that says which shard it is, the catalog it belongs to, what settings it was built with,
and its loaded labs: joining the parts needs neither the lab folders nor a cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator import codec
from generator.atomic import write_atomic
from generator.cache import code_version
from generator.errors import InputError
from generator.model import HeldLab
from generator.pagecache import settings_key
from generator.write.reuse import FORMAT as MANIFEST_FORMAT
from generator.write.reuse import MANIFEST

PART_FILE = ".labsite-part.json"
FORMAT = 2


@dataclass(frozen=True)
class Shard:
    """Shard `number` (from 1) of `count`."""

    number: int
    count: int

    def __str__(self) -> str:
        return f"{self.number}/{self.count}"

    def holds(self, lab_dir: Path) -> bool:
        """Tell whether the lab in `lab_dir` falls in this shard."""
        return shard_number(lab_dir.name, self.count) == self.number


def shard_number(folder_name: str, count: int) -> int:
    """Return the shard (from 1) of `count` that the lab folder `folder_name` falls in."""
    digest = hashlib.sha256(folder_name.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def parse_shard(text: str) -> Shard:
    """Read `K/N` (shard K of N, 1 ≤ K ≤ N); raise ValueError saying what is wrong."""
    number, slash, count = text.partition("/")
    if not slash or not number.isdigit() or not count.isdigit():
        raise ValueError(f"{text!r} is not K/N (shard K of N, as 2/4)")
    shard = Shard(int(number), int(count))
    if not 1 <= shard.number <= shard.count:
        raise ValueError(f"{text!r}: K must be from 1 to N")
    return shard


def build_settings(config_file: Path, *, offline: bool) -> str:
    """Return what parts must agree on to be joined: settings, versions, code, offline."""
    return settings_key(str(config_file), offline=offline, code=code_version())


@dataclass(frozen=True)
class PartLab:
    """A lab of a part and its folder in the site."""

    folder: str
    lab: HeldLab
    """The lab's outline: its pages are in the part."""


@dataclass(frozen=True)
class Part:
    """What a part file says: the shard, the whole catalog, the settings and its labs."""

    shard: Shard
    catalog: tuple[str, ...]
    """The folder names of every lab of the site, in the order they were given."""
    settings: str
    offline: bool
    labs: tuple[PartLab, ...]


def write_part(site: Path, part: Part) -> None:
    """Write the part file of the part built in `site`."""
    data = {"format": FORMAT, "part": codec.to_data(part)}
    write_atomic(site / PART_FILE, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def read_part(folder: Path) -> Part:
    """Read the part in `folder`; raise InputError naming it when it is not a whole part."""
    path = folder / PART_FILE
    if not folder.is_dir():
        raise InputError(folder, 0, "no such folder: a part is what `build --shard` wrote")
    if not path.is_file() or path.is_symlink():
        raise InputError(
            folder,
            0,
            f"not a built part (it has no {PART_FILE}): the build of its shard failed or did "
            "not run",
        )
    try:
        data = json.loads(path.read_bytes())
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise codec.DecodeError("written by another version of the generator")
        part = codec.from_data(Part, data["part"])
    except (OSError, ValueError, KeyError, RecursionError) as err:
        raise InputError(path, 0, f"unreadable part file ({err})") from None
    if not 1 <= part.shard.number <= part.shard.count:
        raise InputError(path, 0, f"no such shard: {part.shard}")
    return part


def check_parts(parts: Sequence[tuple[Path, Part]], settings: str) -> list[PartLab]:
    """Return the labs of the parts in the catalog's order, once every shard is there once,
    of one catalog and one set of settings; raise InputError naming the part that is not."""
    first_folder, first = parts[0]
    numbers: dict[int, Path] = {}
    for folder, part in parts:
        if (part.shard.count, part.catalog) != (first.shard.count, first.catalog):
            raise InputError(
                folder, 0, f"a part of another build than {first_folder} (other labs or shards)"
            )
        if part.settings != settings or part.offline != first.offline:
            raise InputError(
                folder,
                0,
                "built with other settings than this merge: every shard and the merge need "
                "the same mkdocs.yml, generator and package versions, and --offline or not",
            )
        if part.shard.number in numbers:
            raise InputError(
                folder, 0, f"shard {part.shard} again (also {numbers[part.shard.number]})"
            )
        numbers[part.shard.number] = folder
    missing = [n for n in range(1, first.shard.count + 1) if n not in numbers]
    if missing:
        names = ", ".join(f"{n}/{first.shard.count}" for n in missing)
        raise InputError(first_folder, 0, f"the parts of shard {names} are missing")
    by_name: dict[str, PartLab] = {}
    catalog = set(first.catalog)
    for folder, part in parts:
        for held in part.labs:
            name = Path(held.lab.outline.directory).name
            wrong = shard_number(name, part.shard.count) != part.shard.number
            if wrong or name in by_name or name not in catalog:
                raise InputError(folder, 0, f"lab {name!r} is not of shard {part.shard}")
            by_name[name] = held
    absent = [name for name in first.catalog if name not in by_name]
    if absent:
        raise InputError(first_folder, 0, f"no part holds the lab {absent[0]!r}")
    return [by_name[name] for name in first.catalog]


def join_parts(parts: Sequence[tuple[Path, Part]], joined: Path) -> None:
    """Link every lab folder of the parts into `joined`, with a manifest of their pages."""
    pages: dict[str, object] = {}
    for folder, part in parts:
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            listed = manifest["pages"] if manifest.get("format") == MANIFEST_FORMAT else {}
        except (OSError, ValueError, KeyError, AttributeError):
            listed = {}
        for held in part.labs:
            _link_tree(folder / held.folder, joined / held.folder)
            inside = f"{held.folder}/" if held.folder else ""
            pages.update({uri: r for uri, r in listed.items() if str(uri).startswith(inside)})
    data = {"format": MANIFEST_FORMAT, "pages": pages, "shards": {}}
    write_atomic(joined / MANIFEST, json.dumps(data, sort_keys=True).encode("utf-8"))


def _link_tree(source: Path, target: Path) -> None:
    """Link the files of `source` into `target` (links in a part are not followed)."""
    if source.is_symlink() or not source.is_dir():
        return
    for root, dirs, names in os.walk(source):
        here = Path(root)
        dirs[:] = [d for d in dirs if not (here / d).is_symlink()]
        place = target / here.relative_to(source)
        place.mkdir(parents=True, exist_ok=True)
        for name in names:
            file = here / name
            if file.is_symlink() or not file.is_file():
                continue
            try:
                os.link(file, place / name)
            except OSError:  # another file system: a copy does as well
                shutil.copyfile(file, place / name)
