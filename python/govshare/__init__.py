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
