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


# ---------------------------------------------------------------- masking
# Glue only: moves file chunks into the core's streaming Scanner / Masker /
# MaskVerifier, so files of any size are processed in bounded memory.


def _open_binary(source):
    if isinstance(source, (str, bytes)) or hasattr(source, "__fspath__"):
        return open(source, "rb"), True
    return source, False


def _as_policy(policy):
    return policy if isinstance(policy, MaskPolicy) else MaskPolicy.from_json(policy)


def _pump(source, push, progress):
    f, close = _open_binary(source)
    try:
        done = 0
        while True:
            chunk = f.read(_CHUNK)
            if not chunk:
                break
            push(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done)
    finally:
        if close:
            f.close()


def verify_file(source, policy, fmt, manifest=None, progress=None, options=None):
    """Verifies a file (path or binary file object) against a policy (a
    ``MaskPolicy`` or its JSON) and, optionally, the provider's ``MaskManifest``
    (or its JSON). ``fmt``: ``"json"``, ``"ndjson"`` or ``"csv"``.
    ``progress(bytes_done)`` is called after each chunk. Returns a
    ``VerifyReport`` (``passed``, per-field counts, violations without raw values)."""
    if isinstance(manifest, (str, bytes)):
        manifest = MaskManifest.from_json(manifest if isinstance(manifest, str) else manifest.decode())
    v = MaskVerifier(_as_policy(policy), fmt, manifest, options)
    _pump(source, v.push, progress)
    return v.finish()


def scan_file(source, fmt, progress=None, options=None):
    """Finds identifiers in a file (path or binary file object); returns a ``ScanReport``."""
    s = Scanner(fmt, options)
    _pump(source, s.push, progress)
    return s.finish()


def apply_file(source, out, policy, fmt, hash_key=None, progress=None, options=None):
    """Masks a file into ``out`` (a path or a binary file object) with a policy;
    ``hash_key`` (bytes) keys ``hash`` rules. Returns ``(ApplyReport, MaskManifest)``."""
    m = Masker(_as_policy(policy), fmt, hash_key, options)
    manifest = m.manifest()
    dst, close = (open(out, "wb"), True) if isinstance(out, (str, bytes)) or hasattr(out, "__fspath__") else (out, False)
    try:
        _pump(source, lambda chunk: dst.write(m.push(chunk)), progress)
        fin = m.finish()
        dst.write(fin.output)
    finally:
        if close:
            dst.close()
    return fin.report, manifest


def derive_mask_policy(resources, options=None):
    """Derives a ``MaskPolicy`` from a catalog document or a list of resources,
    given as JSON text/bytes or as parsed JSON (dicts and lists); ``options``
    is ``DeriveOptions`` as a dict or JSON text."""
    import json

    if not isinstance(resources, (str, bytes, bytearray)):
        resources = json.dumps(resources, ensure_ascii=False)
    if isinstance(resources, str):
        resources = resources.encode()
    if options is None:
        options = "{}"
    elif not isinstance(options, str):
        options = json.dumps(options, ensure_ascii=False)
    return MaskPolicy.derive_json(bytes(resources), options)
