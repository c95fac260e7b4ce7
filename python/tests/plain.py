"""Converts uniffi records and enums to JSON-like values, as the vectors
describe results (enum values in snake_case, records as dicts)."""

import enum
import keyword


def plain(v):
    if isinstance(v, enum.Enum):
        return v.name.lower()
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, (bytes, bytearray)):
        return bytes(v)
    if hasattr(v, "__dict__") and not isinstance(v, type):
        # uniffi renames fields that are Python keywords (`from` -> `_from`).
        return {
            (k[1:] if keyword.iskeyword(k[1:]) else k): plain(x)
            for k, x in vars(v).items()
            if not k.startswith("_") or keyword.iskeyword(k[1:])
        }
    return v


def subset_failures(name, expect, actual, nested=("facets", "matched_items", "search", "outcome")):
    """Keys of `expect` must equal `actual`'s (recursing into `nested` keys)."""
    fails = []
    if isinstance(expect, dict):
        for k, v in expect.items():
            a = actual.get(k) if isinstance(actual, dict) else None
            if k in nested:
                fails += subset_failures(f"{name}.{k}", v, a, nested)
            elif a != v:
                fails.append(f"{name}: `{k}` is {a!r}, expected {v!r}")
    elif actual != expect:
        fails.append(f"{name}: got {actual!r}, expected {expect!r}")
    return fails
