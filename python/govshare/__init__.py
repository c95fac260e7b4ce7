"""govshare for Python: catalog search, sharing requests, signing and masking
for China's government data sharing regime (《政务数据共享条例》).

Everything here is the Rust core through uniffi bindings (``govshare._native``);
this file only re-exports it and gives the exception a readable message.

Errors are :class:`GovshareError` with a stable ``.code``, a ``.kind`` (``input``,
``state``, ``verdict``, ``limit``, ``platform``, ``internal``), ``.message``
(English), ``.message_zh`` and ``.location`` (JSON path, line, column)::

    try:
        cat = govshare.Catalog.from_json(b"{")
    except govshare.GovshareError as e:
        print(e.code)   # "malformed_json"
"""

import io
import os
from typing import BinaryIO, Callable, Optional, Union

from ._native import govshare_ffi as _ffi
from ._native.govshare_core import *  # noqa: F401,F403  (plain-data types of the core)
from ._native.govshare_ffi import *  # noqa: F401,F403  (functions and objects)

GovshareError = _ffi.GovshareError


def _error_str(self: "GovshareError") -> str:
    return f"[{self.code}] {self.message_en}"


# uniffi prints the fields' repr; show the message with its code instead.
# The English message is `message_en` across bindings (Kotlin's exceptions
# own `message`); Python users also get it as `.message`.
for _cls in (GovshareError, *GovshareError.__subclasses__()):
    _cls.__str__ = _error_str  # type: ignore[method-assign]
    if _cls is not GovshareError:
        _cls.message = property(lambda self: self.message_en)  # type: ignore[attr-defined]

__version__ = _ffi.version()

# Records print their fields (`print(report.facets.sharing)`), in lists too:
# uniffi's `__repr__` shows none, and its `__str__` shows every field, the
# IRS secrets included. Fields that carry received data, message contents or
# secrets are shown by size, never by value.
_REDACTED_FIELDS = {"rows_json", "output", "request_secret", "refresh_secret", "plaintext"}
_REDACTED_FIELDS_OF = {"SignedMessageView": {"message", "base"}, "XTifUserVerified": {"uinfo"}}


def _record_repr(self) -> str:
    hidden = _REDACTED_FIELDS | _REDACTED_FIELDS_OF.get(type(self).__name__, set())
    parts = []
    for name, value in vars(self).items():
        if name in hidden and isinstance(value, (str, bytes, bytearray)):
            parts.append(f"{name}=<{len(value)} redacted>")
        else:
            parts.append(f"{name}={value!r}")
    return f"{type(self).__name__}({', '.join(parts)})"


def _give_records_a_repr():
    from ._native import govshare_core as _core_module

    for module in (_core_module, _ffi):
        for obj in list(vars(module).values()):
            # uniffi's records are field-less dataclasses: their generated
            # `__repr__` prints no fields, so it is replaced too.
            if (isinstance(obj, type) and obj.__module__ == module.__name__ and "__str__" in vars(obj)
                    and "__init__" in vars(obj)
                    and not issubclass(obj, BaseException) and not hasattr(obj, "_uniffi_clone_handle")):
                obj.__repr__ = _record_repr
                obj.__str__ = _record_repr


_give_records_a_repr()

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
        if not is_catalog_snapshot(data[:16]):
            return Catalog.from_json(data)
        return _load_stream(io.BytesIO(data), progress)
    if isinstance(source, str) or hasattr(source, "__fspath__"):
        with open(source, "rb") as f:
            return _load_stream(f, progress)
    return _load_stream(source, progress)


def _load_stream(f: BinaryIO, progress: Optional[Callable[["LoadProgress"], None]]) -> "Catalog":
    first = f.read(_CHUNK)
    if is_catalog_snapshot(first[:16]):
        # Decoded into place chunk by chunk: the snapshot is never held whole.
        snapshot = SnapshotLoader()
        chunk = first
        while chunk:
            snapshot.push(chunk)
            chunk = f.read(_CHUNK)
        return snapshot.finish()
    loader = CatalogLoader()
    chunk = first
    while chunk:
        done = loader.push(chunk)
        if progress is not None:
            progress(done)
        chunk = f.read(_CHUNK)
    return loader.finish()


_MANIFEST_LIMIT = 64 * 1024


def load_published_index(
    source: Union[str, "os.PathLike[str]", Callable[[str], BinaryIO]],
    platform_key: str,
    expect: Optional["IndexExpectation"] = None,
    progress: Optional[Callable[[int, int], None]] = None,
) -> "Catalog":
    """Loads a published catalog index (``govshare catalog publish``).

    ``source`` is the index's directory, or a function opening a file of it
    by name (e.g. over HTTP). The platform's signature over ``manifest.json``
    is checked with ``platform_key`` (the pinned public Ed25519 or SM2 JWK,
    as JSON text) first; then every section streams into the core, which
    checks each block's digest. Anything that does not match raises
    ``GovshareError`` (``signature_invalid``, ``index_section_mismatch``,
    ``index_catalog_mismatch``…) and nothing is loaded. ``progress(read, total)``
    is called after each chunk::

        cat = govshare.load_published_index("index/", platform_key=pinned_jwk,
                                            expect=govshare.IndexExpectation(catalog_id="national", min_version=None))
    """
    if isinstance(source, str) or hasattr(source, "__fspath__"):
        root = os.fspath(source)

        def opener(name: str) -> BinaryIO:
            return open(os.path.join(root, name), "rb")
    else:
        opener = source
    with opener("manifest.json") as f:
        manifest = f.read(_MANIFEST_LIMIT + 1)
    with opener("manifest.sig") as f:
        signature = f.read(_MANIFEST_LIMIT + 1).decode("utf-8", "replace")
    loader = PublishedIndexLoader(manifest, signature, platform_key, expect)
    # The block lists first: every block is then checked before it is decoded.
    for section in loader.sections():
        with opener(section.block_file) as f:
            loader.add_block_list(section.name, f.read(32 * section.blocks + 1))
    for section in loader.sections():
        with opener(section.file) as f:
            chunk = f.read(_CHUNK)
            while chunk:
                loader.push(chunk)
                if progress is not None:
                    progress(loader.bytes_read(), loader.total_bytes())
                chunk = f.read(_CHUNK)
    return loader.finish()


_MAX_ROUNDS = 32


class LazyCatalog:
    """A published index searched lazily (see :func:`open_lazy_index`)."""

    def __init__(self, index: "LazyIndex", read: Callable[..., bytes]):
        self._index = index
        self._read = read
        self.manifest = index.manifest()
        self.bytes_fetched = 0

    def search(self, query: "SearchQuery") -> "SearchResult":
        """The same result as ``Catalog.search`` on the eagerly loaded index;
        fetches the blocks it needs first."""
        for _ in range(_MAX_ROUNDS + 1):
            step = self._index.search(query)
            if step.result is not None:
                return step.result
            self._add(step.need)
        raise RuntimeError(f"lazy search: no answer after {_MAX_ROUNDS} rounds of fetching")

    def resource(self, code: str) -> Optional["Resource"]:
        """The resource with ``code`` (as ``Catalog.resource``), or ``None``;
        reads the blocks it needs first (a code not on a recent page is found
        by binary search over the code order, a few rounds per halving)."""
        for _ in range(4 * _MAX_ROUNDS + 1):
            step = self._index.resource(code)
            if step.ready:
                return step.resource
            self._add(step.need)
        raise RuntimeError(f"lazy resource: no answer after {4 * _MAX_ROUNDS} rounds of reading")

    def _add(self, need) -> None:
        for r in need:
            data = self._read(r.file, r.start, r.end)[: r.end - r.start]
            self.bytes_fetched += len(data)
            self._index.add_range(r.section, r.start, data)

    def stats(self) -> "LazyIndexStats":
        """Blocks and bytes held, and the bytes of the whole index."""
        return self._index.stats()


def open_lazy_index(
    source: Union[str, "os.PathLike[str]", Callable[..., bytes]],
    platform_key: str,
    expect: Optional["IndexExpectation"] = None,
    max_held_bytes: int = 0,
) -> LazyCatalog:
    """Opens a published catalog index for lazy search.

    Only ``manifest.json`` (its signature checked with the pinned
    ``platform_key``), ``manifest.sig`` and the block lists are read now;
    each ``search`` then reads the byte ranges the core asks for, and the
    core checks every block against its digest before reading it. ``source``
    is the index's directory, or a function ``read(file, start=None,
    end=None) -> bytes`` (e.g. HTTP range requests; the whole file without
    ``start``). ``max_held_bytes`` bounds the memory of the blocks kept
    between searches (0: no bound; the least recently read go first)::

        lazy = govshare.open_lazy_index("index/", platform_key=pinned_jwk)
        page = lazy.search(govshare.SearchQuery(text="营业执照", limit=20))
    """
    if isinstance(source, str) or hasattr(source, "__fspath__"):
        root = os.fspath(source)

        # Searches read ranges only; the small files are read up to their
        # caps (a longer one is refused by the core from its first cap bytes,
        # the rest never read).
        def read(name: str, start: int, end: int) -> bytes:
            with open(os.path.join(root, name), "rb") as f:
                f.seek(start)
                return f.read(end - start)

        def read_capped(name: str, cap: int) -> bytes:
            return read(name, 0, cap)
    else:
        read = source

        def read_capped(name: str, cap: int) -> bytes:
            return read(name)[:cap]
    manifest = read_capped("manifest.json", _MANIFEST_LIMIT + 1)
    signature = read_capped("manifest.sig", _MANIFEST_LIMIT + 1).decode("utf-8", "replace")
    index = LazyIndex(manifest, signature, platform_key, expect)
    index.set_max_held_bytes(max_held_bytes)
    for section in index.manifest().sections:
        index.add_block_list(section.name, read_capped(section.block_file, 32 * section.blocks + 1))
    return LazyCatalog(index, read)


# ---------------------------------------------------------------- signing
# Conversions only: messages as dict or JSON str, names as the RFC 9421 /
# RFC 9530 registry strings ("ed25519", "sha-256"), data as str or bytes.
import json as _json

# The registry names come from core (`algorithm_name` / `algorithm_from_name`),
# so this table cannot drift from what Rust, JS and Kotlin accept.
ALGORITHMS = {_ffi.algorithm_name(a): a for a in Algorithm}
DIGEST_ALGORITHMS = {_ffi.digest_algorithm_name(a): a for a in DigestAlgorithm}
ALGORITHM_NAMES = {v: k for k, v in ALGORITHMS.items()}


def algorithm(name):
    """An :class:`Algorithm` from its registry name (or an Algorithm, unchanged);
    an unknown name is a ``GovshareError`` with code ``unknown_algorithm``."""
    if isinstance(name, Algorithm) or name is None:
        return name
    return _ffi.algorithm_from_name(name)


def digest_algorithm(name):
    """A :class:`DigestAlgorithm` from its RFC 9530 name (or one, unchanged); an
    unknown name is a ``GovshareError`` with code ``unsupported_digest``."""
    if isinstance(name, DigestAlgorithm) or name is None:
        return name
    return _ffi.digest_algorithm_from_name(name)


def _bytes(v):
    return v.encode() if isinstance(v, str) else bytes(v)


def _message(m):
    if m is None or isinstance(m, str):
        return m
    if isinstance(m, (bytes, bytearray)):
        return bytes(m).decode()
    return _json.dumps(m, ensure_ascii=False)


def signature_params(params=None, **kw):
    """A :class:`SignatureParams` from a dict / keywords (``alg`` and
    ``content_digest`` as names; ``content_digest`` defaults to sha-256)."""
    if isinstance(params, SignatureParams):
        return params
    d = dict(params or {}, **kw)
    d["content_digest"] = digest_algorithm(d.get("content_digest", "sha-256"))
    if "alg" in d:
        d["alg"] = algorithm(d["alg"])
    return SignatureParams(**d)


def verification_policy(policy=None, **kw):
    """A :class:`VerificationPolicy` from a dict / keywords (defaults as in core)."""
    if isinstance(policy, VerificationPolicy):
        return policy
    return VerificationPolicy(**dict(policy or {}, **kw))


def _prepared(p):
    if isinstance(p, PreparedSignature):
        return p
    d = dict(p)
    d["base"] = _bytes(d["base"])
    d["algorithm"] = algorithm(d.get("algorithm"))
    d.setdefault("content_digest", None)
    return PreparedSignature(**d)


def sign_message(message, key, params=None, request=None):
    """Signs (RFC 9421); returns a :class:`SignedMessageView` (``.message`` is JSON)."""
    return _ffi.sign_message(_message(message), key, signature_params(params), _message(request))


def verify_message(message, key, policy=None, now=None, nonces=None, request=None):
    """Verifies one signature at ``now`` (Unix seconds; required); pass a
    :class:`NonceStore` to refuse replayed nonces."""
    if now is None:
        raise ValueError("now (Unix seconds) is required")
    return _ffi.verify_message(_message(message), key, verification_policy(policy), now, nonces, _message(request))


def list_signatures(message):
    return _ffi.list_signatures(_message(message))


def request_binding_component(request, label=None):
    """The component binding a response to ``request``'s signature ``label``
    (its only one by default): ``signature;req;key="LABEL"`` (RFC 9421 §2.4)."""
    return _ffi.request_binding_component(_message(request), label)


def default_components(message, content_digest=True, request=None):
    """The components a signature covers by default; for a response to
    ``request`` also its ``;req`` method and target."""
    return _ffi.default_components(_message(message), content_digest, _message(request))


def signature_base(message, signature_input, label, request=None):
    return _ffi.signature_base(_message(message), signature_input, label, _message(request))


def prepare_signature(message, params=None, request=None):
    return _ffi.prepare_signature(_message(message), signature_params(params), _message(request))


def finish_signature(message, prepared, signature, request=None):
    return _ffi.finish_signature(_message(message), _prepared(prepared), bytes(signature), _message(request))


def content_digest(body, algorithm="sha-256"):
    return _ffi.content_digest(_bytes(body), digest_algorithm(algorithm))


def sm3(data):
    return _ffi.sm3(_bytes(data))


def sm2_digest(public_key, data, user_id="1234567812345678"):
    return _ffi.sm2_digest(bytes(public_key), _bytes(data), user_id)


def _gateway_name(value):
    """A core enum value by its name: "upper" for ``HexCase.UPPER``; strings (and None) as given,
    so the core reads every name (an unknown one is ``invalid_argument``)."""
    return value.name.lower() if hasattr(value, "name") and not isinstance(value, str) else value


def sign_xtif(message, paas_id, paas_token, timestamp, nonce, service_id=None, case=None, prefix=None):
    """Adds the x-tif gateway headers; returns the message JSON (str). ``case``:
    "upper" (default, most deployments) or "lower"; ``prefix``: "tif" (default)
    or "rio" (``x-rio-…``, test environments)."""
    return _ffi.sign_xtif(_message(message), paas_id, paas_token, timestamp, nonce, service_id,
                          _gateway_name(case), _gateway_name(prefix))


def verify_xtif(message, paas_token, now, prefix=None, window_seconds=None):
    """The receiving side of an x-tif gateway: checks the headers against the paasToken at
    ``now`` (Unix seconds) within ``window_seconds`` (default 180); returns ``XTifVerified``."""
    return _ffi.verify_xtif(_message(message), paas_token, now, _gateway_name(prefix), window_seconds)


def verify_xtif_user(message, token, now, prefix=None, window_seconds=None):
    """The backend check of a gateway-forwarded user (x-tif-uid/uinfo/ext); returns ``XTifUserVerified``."""
    return _ffi.verify_xtif_user(_message(message), token, now, _gateway_name(prefix), window_seconds)


def guangdong_body(request):
    """The Guangdong 政务大数据中心 body (JSON text) from its JSON form (a dict or JSON text)."""
    return _ffi.guangdong_body(request if isinstance(request, str) else _json.dumps(request, ensure_ascii=False))


def sign_irs(message, app_key, request_secret, request_time_ms, placement="query"):
    """Adds the Zhejiang IRS parameters (``placement`` "query" or "headers"); returns the message JSON."""
    if isinstance(placement, str):
        placement = IrsPlacement[placement.upper()]
    return _ffi.sign_irs(_message(message), app_key, request_secret, request_time_ms, placement)


# ----------------------------------------------------------------- request
# Type conversions only: `str` is accepted as UTF-8 wherever JSON bytes are
# taken, and HTTP messages are dicts in govshare's JSON form
# ({"method", "target", "headers": [[k, v]], "body" | "body_base64"} or
# {"status", ...}), carried to and from the core as JSON text.



def canonicalize(data) -> bytes:
    """RFC 8785 canonical form of a JSON document (``bytes`` or ``str``)."""
    return _ffi.canonicalize(_bytes(data))


def canonicalize_with(data, limits) -> bytes:
    """Like :func:`canonicalize`, with explicit ``JcsLimits``."""
    return _ffi.canonicalize_with(_bytes(data), limits)


def canonical_digests(data):
    """``CanonicalDigests(canonical, sha256, sm3)`` of a JSON document."""
    return _ffi.canonical_digests(_bytes(data))


def _message_text(msg):
    return msg if isinstance(msg, str) else _json.dumps(msg, ensure_ascii=False)


def _returns_message(method):
    def call(self, *args, **kwargs):
        return _json.loads(method(self, *args, **kwargs))

    call.__name__ = method.__name__
    call.__doc__ = (method.__doc__ or "") + "\n\nReturns the HTTP request as a dict (govshare's message JSON form)."
    return call


for _name in (
    "platform_key_request",
    "catalog_request",
    "catalog_delta_request",
    "submit_request",
    "resubmit_request",
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


def parse_platform_key_response(response):
    """The platform's published public key (a ``Key`` carrying its key id) from
    the answer to ``platform_key_request`` (dict or JSON text), strictly."""
    return _ffi.parse_platform_key_response(_message_text(response))


def parse_irs_refresh_response(response):
    """Parses an IRS secret refresh answer (``IrsSecrets``)."""
    return _ffi.parse_irs_refresh_response(_message_text(response))
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


def _streaming(options, callback):
    """``options`` with ``stream_all`` on when a callback wants every item."""
    if callback is None:
        return options
    options = options or StreamOptions()
    return StreamOptions(
        max_listed=options.max_listed,
        max_record_bytes=options.max_record_bytes,
        stream_all=True,
        sheet=options.sheet,
    )


def _pushing(obj, callback, drains):
    """``obj.push`` that hands every drained item to ``callback`` as it comes."""
    def push(chunk):
        obj.push(chunk)
        if callback is not None:
            for drain in drains:
                for item in drain():
                    callback(item)
    return push


def verify_file(source, policy, fmt, manifest=None, progress=None, options=None, on_violation=None):
    """Verifies a file (path or binary file object) against a policy (a
    ``MaskPolicy`` or its JSON) and, optionally, the provider's ``MaskManifest``
    (or its JSON). ``fmt``: ``"json"``, ``"ndjson"``, ``"csv"``, or a workbook:
    ``"xlsx"``, ``"xls"``, ``"ods"`` (read whole, the sheet ``options.sheet``
    or the first).
    ``progress(bytes_done)`` is called after each chunk; ``on_violation(v)``
    gets **every** violation as it is found (the report lists at most
    ``options.max_listed``). Returns a ``VerifyReport`` (``passed``,
    per-field counts, violations without raw values); input with no record
    never passes (the warning ``no_records``)."""
    if isinstance(manifest, (str, bytes)):
        manifest = MaskManifest.from_json(manifest if isinstance(manifest, str) else manifest.decode())
    v = MaskVerifier(_as_policy(policy), fmt, manifest, _streaming(options, on_violation))
    push = _pushing(v, on_violation, [v.drain_violations])
    _pump(source, push, progress)
    if on_violation is not None:
        v.end_input()
        push(b"")
    return v.finish()


def scan_file(source, fmt, progress=None, options=None, on_finding=None):
    """Finds identifiers in a file (path or binary file object); returns a ``ScanReport``.
    ``on_finding(f)`` gets **every** finding (and bad-record violation) as it is
    found; the report lists at most ``options.max_listed``."""
    s = Scanner(fmt, _streaming(options, on_finding))
    push = _pushing(s, on_finding, [s.drain_findings, s.drain_violations])
    _pump(source, push, progress)
    if on_finding is not None:
        s.end_input()
        push(b"")
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


def deid_file(source, options, fmt, progress=None):
    """The de-identification check over a file (path or binary file object),
    streamed: ``options`` is a ``DeidOptions`` (e.g. ``policy.deid_options()``
    with ``k``/``l`` set); ``fmt``: ``"json"``, ``"ndjson"`` or ``"csv"``.
    ``progress(bytes_done)`` is called after each chunk. Returns a
    ``DeidReport`` (column names and counts, never a value)."""
    c = DeidChecker(fmt, options)
    _pump(source, c.push, progress)
    return c.finish()


# pyarrow type names -> ArrowKind: the layouts core reads; other types are
# cast to strings by pyarrow first (see check_deid_frame).
_ARROW_KINDS = {
    "string": "UTF8", "large_string": "LARGE_UTF8",
    "int8": "INT8", "int16": "INT16", "int32": "INT32", "int64": "INT64",
    "uint8": "U_INT8", "uint16": "U_INT16", "uint32": "U_INT32", "uint64": "U_INT64",
    "float": "FLOAT32", "double": "FLOAT64", "bool": "BOOL", "null": "NULL",
}


def _arrow_columns(batch):
    """The columns of a pyarrow RecordBatch as ``ArrowColumn`` records: each
    buffer copied once into bytes, no per-value work in Python."""
    import pyarrow as pa

    out = []
    for name, arr in zip(batch.schema.names, batch.columns):
        if pa.types.is_dictionary(arr.type):
            arr = arr.dictionary_decode()
        if arr.offset != 0:
            # A batch sliced from a larger chunk shares the chunk's buffers:
            # compact it, so each batch copies its own rows only.
            arr = pa.concat_arrays([arr])
        kind_name = _ARROW_KINDS.get(str(arr.type))
        if kind_name is None:
            arr = arr.cast(pa.string())
            kind_name = "UTF8"
        kind = getattr(ArrowKind, kind_name)
        bufs = arr.buffers()
        validity = None if bufs[0] is None else bytes(bufs[0])
        offsets, data = b"", b""
        if kind in (ArrowKind.UTF8, ArrowKind.LARGE_UTF8):
            offsets = bytes(bufs[1])
            data = b"" if bufs[2] is None else bytes(bufs[2])
        elif kind != ArrowKind.NULL:
            data = bytes(bufs[1])
        out.append(ArrowColumn(name=str(name), kind=kind, length=len(arr), offset=arr.offset,
                               validity=validity, offsets=offsets, data=data))
    return out


def check_deid_frame(frame, options, batch_rows=65536, progress=None):
    """The de-identification check over a pandas ``DataFrame``, a pyarrow
    ``Table`` or ``RecordBatch``, without writing a file (needs ``pyarrow``).

    The columns travel in Arrow's layout, a batch of ``batch_rows`` rows at a
    time, and go through the same code as a CSV file with those columns
    (docs/masking.md §9): strings as they are, integers in decimal, floats
    as canonical JSON numbers (``30.0`` is ``30``; NaN is missing), booleans
    ``true``/``false``, nulls missing; other types (dates, decimals…) as
    pyarrow casts them to strings. The index is not a column. A pandas
    object column of mixed types is refused by pyarrow: convert it first.
    Only the columns ``options`` names are converted.
    ``progress(rows_done)`` is called after each batch. Returns a
    ``DeidReport``."""
    import pyarrow as pa

    # Only the columns the check reads cross (all of them when none is
    # there, so that the checker names the missing one).
    named = set(options.quasi) | set(options.sensitive) | set(options.direct)
    present = [c for c in frame.column_names if c in named] if isinstance(frame, (pa.Table, pa.RecordBatch)) \
        else [c for c in frame.columns if str(c) in named]
    if present:
        frame = frame.select(present) if isinstance(frame, (pa.Table, pa.RecordBatch)) else frame[present]
    if isinstance(frame, pa.RecordBatch):
        batches = [frame]
    else:
        table = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(frame, preserve_index=False)
        batches = table.to_batches(max_chunksize=batch_rows)
    checker = DeidChecker("csv", options)
    writer = ColumnsCsv()
    done = 0
    for batch in batches:
        checker.push(writer.batch(_arrow_columns(batch)))
        done += batch.num_rows
        if progress is not None:
            progress(done)
    return checker.finish()


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


# ---------------------------------------------------------------- audit
# Conversions only: logs as str or bytes, events and receipts as dicts (or
# the generated records), carried to the core as JSON where that is simpler.


def _audit_append(method_json, method_record):
    def append(self, event, signer=None):
        """Appends an event (a dict, JSON text or an ``AuditEvent``), signed when
        ``signer`` (a ``Key``) is given; returns the line to write (no newline)."""
        if isinstance(event, AuditEvent):
            return method_record(self, event, signer)
        if not isinstance(event, (str, bytes, bytearray)):
            event = _json.dumps(event, ensure_ascii=False)
        return method_json(self, _bytes(event).decode("utf-8"), signer)

    return append


AuditLog.append = _audit_append(_ffi.AuditLog.append_json, _ffi.AuditLog.append)
_audit_resume = _ffi.AuditLog.resume
_audit_verify = _ffi.AuditVerifier.verify


def _resume(cls, log):
    """Continues a log from its text (str or bytes): appends after its last entry."""
    return _audit_resume(_bytes(log))


def _verify(self, log):
    """Verifies a whole log (str or bytes); problems are reported, not raised."""
    return _audit_verify(self, _bytes(log))


AuditLog.resume = classmethod(_resume)
AuditVerifier.verify = _verify


_audit_verify_archive = _ffi.AuditVerifier.verify_archive


def _verify_archive(self, archive):
    """Verifies an archive made by ``audit_archive`` (str or bytes); problems are reported."""
    return _audit_verify_archive(self, _bytes(archive))


AuditVerifier.verify_archive = _verify_archive


def audit_archive(log, before: str, now: str, retention_years: int, verifier, key=None):
    """Art. 29: moves the entries of ``log`` (str or bytes) dated before ``before`` into a
    sealed archive (refused for entries younger than ``retention_years``, at least 3).
    Store ``.archive`` first, then ``.remaining`` as the log."""
    return _ffi.audit_archive(_bytes(log), before, now, retention_years, verifier, key)


def audit_export(log, provider_code, verifier, key) -> str:
    """Art. 29: an export for inspection of ``log`` (all entries, or ``provider_code``'s own),
    a new chain signed by ``key`` carrying the original entry hashes."""
    return _ffi.audit_export(_bytes(log), provider_code, verifier, key)


def verify_audit_export(export, log, provider_code, export_verifier, log_verifier):
    """Checks an export against the full log; problems are reported, not raised."""
    return _ffi.verify_audit_export(_bytes(export), _bytes(log), provider_code, export_verifier, log_verifier)


def audit_digest(data) -> str:
    """``sha256:<hex>`` of ``str`` (UTF-8) or ``bytes``: the form of event digests."""
    return _ffi.audit_digest(_bytes(data))


def audit_usage_report(log, now: str):
    """Usage report of a log (str or bytes) at ``now`` (RFC 3339)."""
    return _ffi.audit_usage_report(_bytes(log), now)


def destruction_receipt(request, log_head: str, key):
    """A signed receipt; ``request`` is a ``DestructionRequest`` or a dict of its fields."""
    if isinstance(request, dict):
        request = DestructionRequest(**request)
    return _ffi.destruction_receipt(request, log_head, key)


def _record_dict(v):
    """A generated record (and the records and lists in it) as plain dicts."""
    if isinstance(v, list):
        return [_record_dict(x) for x in v]
    if hasattr(v, "__dict__") and not isinstance(v, type):
        return {k: _record_dict(x) for k, x in vars(v).items()}
    return v


def verify_destruction_receipt(receipt, key):
    """Checks a receipt given as a dict, JSON text/bytes or a ``DestructionReceipt``."""
    if isinstance(receipt, DestructionReceipt):
        receipt = _record_dict(receipt)
    if not isinstance(receipt, (str, bytes, bytearray)):
        receipt = _json.dumps(receipt, ensure_ascii=False)
    return _ffi.verify_destruction_receipt(_bytes(receipt), key)


# ---------------------------------------------------------------- platform profile
# How requests to a sharing platform are signed and its answers checked
# (docs/sandbox.md); messages as dicts or JSON text, as for signing above.


def platform_request_params(message, key_id, created, nonce):
    """The ``SignatureParams`` of a platform request (for an external signer)."""
    return _ffi.platform_request_params(_message(message), key_id, created, nonce)


def sign_platform_request(message, key, created, nonce):
    """Signs a platform request; returns a ``SignedMessageView`` (``.message`` is JSON)."""
    return _ffi.sign_platform_request(_message(message), key, created, nonce)


def verify_platform_response(response, request, platform_key, now):
    """Verifies a platform's answer to ``request`` at ``now`` (Unix seconds)."""
    return _ffi.verify_platform_response(_message(response), _message(request), platform_key, now)


def verify_masked_page(page, resource, approval, platform_key):
    """Checks a ``DataPage``: the platform's signed masking manifest, then every value
    against the manifest and the ``resource``'s grades (``approval``: stricter rules, or None)."""
    return _ffi.verify_masked_page(page, resource, approval, platform_key)
