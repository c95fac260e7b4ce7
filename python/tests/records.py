"""Builds uniffi records from JSON-like dicts using the records' own
signatures (as the vectors give inputs), and normalizes results for
comparison with JSON, where an absent member equals ``null``."""

import enum
import keyword
import inspect
import sys
import typing

from plain import plain


def _resolve(ann, module):
    # uniffi writes some annotations as strings ("int", "typing.List[Grant]").
    if isinstance(ann, typing.ForwardRef):
        ann = ann.__forward_arg__
    if isinstance(ann, str):
        return eval(ann, vars(sys.modules[module]))  # noqa: S307 (generated annotation text)
    return ann


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
    # A uniffi enum with fields, tagged in JSON (`{"event": "refuse", ...}`):
    # its variant class, built from the other members.
    tag = value.get("event") if isinstance(value, dict) else None
    takes_event = isinstance(ann, type) and "event" in inspect.signature(ann.__init__).parameters
    if isinstance(ann, type) and isinstance(tag, str) and not takes_event:
        variant = getattr(ann, tag.upper(), None)
        assert isinstance(variant, type), f"{ann.__name__}: unknown variant {tag}"
        return record(variant, {k: v for k, v in value.items() if k != "event"}, module)
    if isinstance(ann, type) and ann.__module__.startswith("govshare."):
        params = inspect.signature(ann.__init__).parameters
        # uniffi renames fields that are Python keywords: `from` → `_from`.
        names = {k: k if k in params else f"_{k}" for k in value}
        unknown = {k for k, n in names.items() if n not in params}
        assert not unknown, f"{ann.__name__}: unknown fields {unknown}"
        return ann(**{names[k]: record(params[names[k]].annotation, v, ann.__module__) for k, v in value.items()})
    return value


def norm(v):
    """JSON-like form of a result: enums in snake_case, records as dicts
    (uniffi's `_from` back to `from`), null and empty-list members dropped."""
    if isinstance(v, enum.Enum) or isinstance(v, (bytes, bytearray)):
        return plain(v)
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    if not isinstance(v, dict) and hasattr(v, "__dict__") and not isinstance(v, type):
        v = vars(v)
    if isinstance(v, dict):
        # Rust leaves out empty lists (skip_serializing_if) where a uniffi
        # record always has the member: an empty list equals an absent one.
        return {k[1:] if keyword.iskeyword(k[1:]) else k: norm(x) for k, x in v.items() if x is not None and not (isinstance(x, list) and not x)}
    return v
