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


def load_catalog(source, progress=None):
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
    if isinstance(source, (str, bytes)) or hasattr(source, "__fspath__"):
        with open(source, "rb") as f:
            return _load_stream(f, progress)
    return _load_stream(source, progress)


def _load_stream(f, progress):
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


# ----------------------------------------------------------------- request
# Type conversions only: `str` is accepted as UTF-8 wherever JSON bytes are
# taken, and HTTP messages are dicts in govshare's JSON form
# ({"method", "target", "headers": [[k, v]], "body" | "body_base64"} or
# {"status", ...}), carried to and from the core as JSON text.
import json as _json


def _utf8(data):
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def canonicalize(data) -> bytes:
    """RFC 8785 canonical form of a JSON document (``bytes`` or ``str``)."""
    return _ffi.canonicalize(_utf8(data))


def canonicalize_with(data, limits) -> bytes:
    """Like :func:`canonicalize`, with explicit ``JcsLimits``."""
    return _ffi.canonicalize_with(_utf8(data), limits)


def canonical_digests(data):
    """``CanonicalDigests(canonical, sha256, sm3)`` of a JSON document."""
    return _ffi.canonical_digests(_utf8(data))


def _message_text(msg):
    return msg if isinstance(msg, str) else _json.dumps(msg, ensure_ascii=False)


def _returns_message(method):
    def call(self, *args, **kwargs):
        return _json.loads(method(self, *args, **kwargs))

    call.__name__ = method.__name__
    call.__doc__ = (method.__doc__ or "") + "\n\nReturns the HTTP request as a dict (govshare's message JSON form)."
    return call


for _name in (
    "catalog_request",
    "catalog_delta_request",
    "submit_request",
    "status_request",
    "withdraw_request",
    "data_request",
    "irs_refresh_by_key_request",
    "irs_refresh_by_secret_request",
):
    setattr(PlatformClient, _name, _returns_message(getattr(_ffi.PlatformClient, _name)))


def parse_application_response(response):
    """Parses a submit/status/withdraw answer (dict or JSON text) into ``ApplicationStatus``."""
    return _ffi.parse_application_response(_message_text(response))


def parse_catalog_response(response) -> dict:
    """Parses a catalog answer; the catalog document as a dict."""
    return _json.loads(_ffi.parse_catalog_response(_message_text(response)))


def parse_catalog_delta_response(response) -> dict:
    """Parses a catalog delta answer; the delta document as a dict."""
    return _json.loads(_ffi.parse_catalog_delta_response(_message_text(response)))


def parse_data_response(response, query):
    """Parses a data page (``DataPage``), refusing data that was not asked for."""
    return _ffi.parse_data_response(_message_text(response), query)


def parse_irs_refresh_response(response):
    """Parses an IRS secret refresh answer (``IrsSecrets``)."""
    return _ffi.parse_irs_refresh_response(_message_text(response))
