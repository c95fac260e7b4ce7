"""Builds uniffi records from JSON-like dicts using the records' own
signatures (as the vectors give inputs), and normalizes results for
comparison with JSON, where an absent member equals ``null``."""

import enum
import inspect
import sys
import typing

from plain import plain


def _resolve(ann, module):
    # The generated modules use `from __future__ import annotations`, so
    # annotations may be strings such as "typing.List[TransitionRecord]".
    namespace = {"typing": typing, **vars(sys.modules[module])}
    if isinstance(ann, str):
        return eval(ann, namespace)  # noqa: S307 (annotations of our own generated code)
    if isinstance(ann, typing.ForwardRef):
        return eval(ann.__forward_arg__, namespace)  # noqa: S307
    return ann


def _type_default(ann):
    origin = typing.get_origin(ann)
    if origin is typing.Union and type(None) in typing.get_args(ann):
        return None
    if origin in (list, typing.List):
        return []
    if origin in (dict, typing.Dict):
        return {}
    return {bool: False, int: 0, float: 0.0, bytes: b""}.get(ann)


def record(ann, value, module="govshare._native.govshare_core"):
    """The value of annotation `ann` described by the JSON-like `value`."""
    ann = _resolve(ann, module)
    origin, args = typing.get_origin(ann), typing.get_args(ann)
    if value is None:
        return None
    if origin is typing.Union:
        inner = [a for a in args if a is not type(None)]
        return record(inner[0], value, module)
    if origin in (list, typing.List):
        return [record(args[0], v, module) for v in value]
    if origin in (dict, typing.Dict):
        return {k: record(args[1], v, module) for k, v in value.items()}
    if isinstance(ann, type) and issubclass(ann, enum.Enum):
        return ann[value.upper()]
    if isinstance(ann, type) and ann.__module__.startswith("govshare."):
        params = inspect.signature(ann.__init__).parameters
        # uniffi renames fields that are Python keywords: `from` -> `_from`.
        value = {("_" + k if k not in params and "_" + k in params else k): v for k, v in value.items()}
        unknown = set(value) - set(params)
        assert not unknown, f"{ann.__name__}: unknown fields {unknown}"
        args = {k: record(params[k].annotation, v, ann.__module__) for k, v in value.items()}
        # A member the JSON leaves out takes serde's default (false, null, [], 0),
        # as the core reads the same JSON; uniffi constructors require it explicitly.
        for k, p in params.items():
            if k != "self" and k not in args and p.default is inspect.Parameter.empty:
                args[k] = _type_default(_resolve(p.annotation, ann.__module__))
        return ann(**args)
    return value


def norm(v):
    """`plain(v)` with null object members dropped (recursively)."""
    v = plain(v)
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items() if x is not None}
    return v
