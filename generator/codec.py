"""Turn the model's frozen dataclasses into JSON data and back, checking every type on the way in.

The cache keeps loaded labs as this JSON: a data format that reading cannot turn into code
(a pickle can run any code it names), so a cache restored from somewhere else, or tampered
with, can at worst hold wrong data of the right shape — and a wrong shape is refused.
"""

from __future__ import annotations

import dataclasses
import datetime
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class DecodeError(ValueError):
    """Data that does not have the shape of the type it should become."""


def to_data(value: object) -> Any:
    """Return `value` (dataclasses, tuples, mappings, paths, dates, scalars) as JSON data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    if isinstance(value, Mapping):
        return [[to_data(key), to_data(item)] for key, item in value.items()]
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot store {type(value).__name__} as data")


def from_data(kind: type[T], data: Any) -> T:
    """Return the `kind` that `data` describes; raise `DecodeError` when its shape is wrong."""
    value: T = _decode(kind, data, "$")
    return value


def _decode(kind: Any, data: Any, where: str) -> Any:
    origin = typing.get_origin(kind)
    if kind is Any:
        raise DecodeError(f"{where}: untyped value")
    if origin is typing.Union or origin is types.UnionType:
        return _union(typing.get_args(kind), data, where)
    if origin is typing.Literal:
        if data in typing.get_args(kind) and type(data) is not bool:
            return data
        raise DecodeError(f"{where}: {data!r} is not one of {typing.get_args(kind)}")
    if origin is tuple:
        return _tuple(typing.get_args(kind), data, where)
    if origin in (dict, Mapping, typing.Mapping):
        key_kind, value_kind = typing.get_args(kind)
        pairs = _list(data, where)
        out = {}
        for number, pair in enumerate(pairs):
            if not isinstance(pair, list) or len(pair) != 2:
                raise DecodeError(f"{where}[{number}]: not a key and a value")
            key = _decode(key_kind, pair[0], f"{where}[{number}]")
            out[key] = _decode(value_kind, pair[1], f"{where}[{key!r}]")
        return out
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass(kind, data, where)
    return _scalar(kind, data, where)


def _union(options: tuple[Any, ...], data: Any, where: str) -> Any:
    if data is None and type(None) in options:
        return None
    errors = []
    for option in options:
        if option is type(None):
            continue
        try:
            return _decode(option, data, where)
        except DecodeError as err:
            errors.append(str(err))
    raise DecodeError(errors[0] if len(errors) == 1 else f"{where}: matches no type of the union")


def _tuple(args: tuple[Any, ...], data: Any, where: str) -> tuple[Any, ...]:
    items = _list(data, where)
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_decode(args[0], item, f"{where}[{n}]") for n, item in enumerate(items))
    if len(items) != len(args):
        raise DecodeError(f"{where}: {len(items)} items where {len(args)} belong")
    return tuple(
        _decode(a, item, f"{where}[{n}]")
        for n, (a, item) in enumerate(zip(args, items, strict=True))
    )


def _list(data: Any, where: str) -> list[Any]:
    if not isinstance(data, list):
        raise DecodeError(f"{where}: not a list")
    return data


def _dataclass(kind: type[Any], data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise DecodeError(f"{where}: not an object")
    hints = _hints(kind)
    fields = {f.name: f for f in dataclasses.fields(kind) if f.init}
    unknown = set(data) - set(fields)
    if unknown:
        raise DecodeError(f"{where}: unknown field {sorted(unknown)[0]!r}")
    values = {}
    for name, field in fields.items():
        if name not in data:
            missing = field.default is dataclasses.MISSING
            if missing and field.default_factory is dataclasses.MISSING:
                raise DecodeError(f"{where}: no {name!r}")
            continue
        values[name] = _decode(hints[name], data[name], f"{where}.{name}")
    return kind(**values)


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(kind: type[Any]) -> dict[str, Any]:
    """Return the resolved field types of a dataclass, worked out once per class."""
    if kind not in _HINTS:
        _HINTS[kind] = typing.get_type_hints(kind)
    return _HINTS[kind]


def _scalar(kind: Any, data: Any, where: str) -> Any:
    if kind is type(None):
        if data is None:
            return None
    elif kind is bool:
        if isinstance(data, bool):
            return data
    elif kind is int:
        if isinstance(data, int) and not isinstance(data, bool):
            return data
    elif kind is float:
        if isinstance(data, int | float) and not isinstance(data, bool):
            return float(data)
    elif kind is str:
        if isinstance(data, str):
            return data
    elif kind is Path:
        if isinstance(data, str):
            return Path(data)
    elif kind is datetime.date:
        if isinstance(data, str):
            try:
                return datetime.date.fromisoformat(data)
            except ValueError:
                pass
    else:
        raise DecodeError(f"{where}: cannot read a {kind!r}")
    name = getattr(kind, "__name__", str(kind))
    raise DecodeError(f"{where}: {type(data).__name__} where a {name} belongs")
