"""govshare for Python: catalog search, sharing requests, signing and masking
for China's government data sharing regime (《政务数据共享条例》).

Everything here is the Rust core through uniffi bindings (``govshare._native``);
this file only re-exports it and gives the exception a readable message.

Errors are :class:`GovshareError` with a stable ``.code``, ``.message``
(English), ``.message_zh`` and ``.location`` (JSON path, line, column)::

    try:
        cat = govshare.Catalog.from_json(b"{")
    except govshare.GovshareError as e:
        print(e.code)   # "malformed_json"
"""

import os
from typing import BinaryIO, Callable, Optional, Union

from ._native import govshare_ffi as _ffi
from ._native.govshare_core import *  # noqa: F401,F403  (plain-data types of the core)
from ._native.govshare_ffi import *  # noqa: F401,F403  (functions and objects)

GovshareError = _ffi.GovshareError


def _error_str(self: "GovshareError") -> str:
    return f"[{self.code}] {self.message}"


# uniffi prints the fields' repr; show the message with its code instead.
for _cls in (GovshareError, *GovshareError.__subclasses__()):
    _cls.__str__ = _error_str  # type: ignore[method-assign]

__version__ = _ffi.version()

_CHUNK = 1 << 20


CatalogSource = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, BinaryIO]


def load_catalog(source: CatalogSource, progress: Optional[Callable[["LoadProgress"], None]] = None) -> "Catalog":
    """Loads a catalog from a path, a binary file object, or bytes.

    JSON documents stream into the core chunk by chunk (bounded memory, so
    catalogs of any size load); binary snapshots are recognized by their magic
    bytes. ``progress``, if given, is called with a ``LoadProgress`` after
    each chunk (``bytes_read``, ``resources_loaded``)::

        cat = govshare.load_catalog("catalog.json")
        cat.search(govshare.SearchQuery(text="统一社会信用代码", ...))
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        return Catalog.from_snapshot(data) if is_catalog_snapshot(data[:16]) else Catalog.from_json(data)
    if isinstance(source, str) or hasattr(source, "__fspath__"):
        with open(source, "rb") as f:
            return _load_stream(f, progress)
    return _load_stream(source, progress)


def _load_stream(f: BinaryIO, progress: Optional[Callable[["LoadProgress"], None]]) -> "Catalog":
    first = f.read(_CHUNK)
    if is_catalog_snapshot(first[:16]):
        return Catalog.from_snapshot(first + f.read())
    loader = CatalogLoader()
    chunk = first
    while chunk:
        done = loader.push(chunk)
        if progress is not None:
            progress(done)
        chunk = f.read(_CHUNK)
    return loader.finish()
