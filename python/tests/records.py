"""Builds uniffi records from JSON-like dicts using the records' own
signatures (as the vectors give inputs), and normalizes results for
comparison with JSON, where an absent member equals ``null``."""

import enum
import inspect
import sys
import typing

from plain import plain


def _resolve(ann, module):
    if isinstance(ann, str):
        return getattr(sys.modules[module], ann)
    if isinstance(ann, typing.ForwardRef):
        return getattr(sys.modules[module], ann.__forward_arg__)
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
    if isinstance(ann, type) and ann.__module__.startswith("govshare."):
        params = inspect.signature(ann.__init__).parameters
        unknown = set(value) - set(params)
        assert not unknown, f"{ann.__name__}: unknown fields {unknown}"
        return ann(**{k: record(params[k].annotation, v, ann.__module__) for k, v in value.items()})
    return value


def norm(v):
    """`plain(v)` with null object members dropped (recursively)."""
    v = plain(v)
    if isinstance(v, list):
        return [norm(x) for x in v]
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items() if x is not None}
    return v
