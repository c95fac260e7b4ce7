#!/usr/bin/env python3
"""Writes tests/vectors/catalog/published.json: published catalog indexes
(docs/catalog-format.md §8.1) made independently of govshare.

The section bytes are govshare's snapshot arrays (data/zhejiang-sections.json,
written by `govshare catalog publish`); everything else is computed here with
other implementations: block digests and roots with hashlib (SHA-256) and
gmssl (SM3), the manifest as RFC 8785 canonical JSON (json.dumps with sorted
keys: the manifest holds only strings and integers), the signatures with
cryptography (Ed25519) and gmssl (SM2 with SM3, default user id, r || s, a
fixed k). A runner must load the genuine indexes and refuse every other case
with the expected error code.

    python3 tests/vectors/catalog/make_published_vectors.py [--out DIR]
"""
import argparse
import base64
import hashlib
import json
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives import serialization
from gmssl import sm2, sm3

_args = argparse.ArgumentParser(description="Writes the published index vectors.")
_args.add_argument("--out", metavar="DIR", default="tests/vectors/catalog", help="where to write (default: %(default)s)")
ARGS = _args.parse_args()

HERE = Path(__file__).resolve().parent
FIXTURE = json.loads((HERE / "data" / "zhejiang-sections.json").read_text())
SECTIONS = {name: base64.b64decode(b) for name, b in FIXTURE["sections"].items()}
ORDER = ["meta", "texts", "resources", "items", "index"]
BLOCK = 4096
CATALOG = {"id": "zhejiang", "name": "浙江省公共数据目录", "published": "2025-09-15", "version": 7}
RESOURCES = 6
QUERY = {"sharing": "conditional"}
# The zhejiang catalog's conditional resources (catalog/snapshot.json, snapshot_round_trip_browse).
EXPECT = {"id": "zhejiang", "version": 7, "resources": RESOURCES, "total": 4,
          "codes": ["101001/00001", "330102/00002", "330301/00001", "330302/00001"]}


def b64(b):
    return base64.b64encode(b).decode()


def b64u(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def jcs(value):
    """RFC 8785 for values of strings, integers, lists and objects."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def digest(kind, data):
    if kind == "sha256":
        return hashlib.sha256(data).digest()
    return bytes.fromhex(sm3.sm3_hash(list(data)))


def block_list(kind, data, block=BLOCK):
    return b"".join(digest(kind, data[i:i + block]) for i in range(0, len(data), block))


# Element widths of the snapshot layout's arrays in order (docs/catalog-format.md §8), and the
# first array of each section.
WIDTHS = [1, 4, 1, 4, 2, 4, 1, 4, 1, 4] + [4] * 10 + [1] * 7 + [8, 4, 4, 4, 2, 2] + [2, 4, 4, 2, 4, 4, 1, 1, 2, 4] + \
    [8, 4, 1, 4, 4, 1, 4, 4, 4, 4, 4, 1, 4, 4, 4]
FIRST = {"meta": 0, "texts": 2, "resources": 6, "items": 33, "index": 43}
assert len(WIDTHS) == 58


def directory(name, data):
    """Each array's count and header offset, read by walking the section."""
    out, at = [], 0
    k = FIRST[name]
    while at < len(data):
        count = int.from_bytes(data[at:at + 8], "little")
        out.append({"count": count, "offset": at})
        at += 8 + count * WIDTHS[k]
        k += 1
    return out


def manifest(kind, signer, sections=None, block=BLOCK, catalog=None, resources=RESOURCES, format_version=2):
    sections = sections or SECTIONS
    out = []
    for name in ORDER:
        data = sections[name]
        out.append({
            "arrays": directory(name, data),
            "block_file": f"{name}.blocks", "blocks": -(-len(data) // block), "file": f"{name}.bin",
            "length": len(data), "name": name, "root": digest(kind, block_list(kind, data, block)).hex(),
        })
    return {
        "block_size": block, "catalog": dict(catalog or CATALOG), "format": "govshare-catalog-index",
        "format_version": format_version, "hash": kind, "layout": FIXTURE["layout"], "resources": resources,
        "sections": out, "signer": dict(signer),
    }


# ---------------------------------------------------------------- signers
ED_SEED = hashlib.sha256(b"govshare published index vectors ed25519").digest()
ED = Ed25519PrivateKey.from_private_bytes(ED_SEED)
ED_PUB = ED.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
ED_JWK = {"crv": "Ed25519", "kid": "platform-ed", "kty": "OKP", "x": b64u(ED_PUB)}
ED_SIGNER = {"alg": "ed25519", "keyid": "platform-ed"}

OTHER = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"another platform").digest())

SM2_N = int("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123", 16)


def scalar(label):
    return int.from_bytes(hashlib.sha256(label.encode()).digest(), "big") % (SM2_N - 1) + 1


def sm2_public(d):
    c = sm2.CryptSM2(private_key="%064x" % d, public_key="00" * 64)
    return bytes.fromhex(c._kg(d, sm2.default_ecc_table["g"]))


def sm2_key(label):
    while True:
        d = scalar(label)
        # gmssl strips leading '0'/'4' of a key starting "04": avoid such keys.
        if not sm2_public(d).hex().startswith("04"):
            return d
        label += "+"


SM2_D = sm2_key("govshare published index vectors sm2")
SM2_PUB = sm2_public(SM2_D)
SM2_JWK = {"crv": "SM2", "kid": "platform-sm2", "kty": "EC", "x": b64u(SM2_PUB[:32]), "y": b64u(SM2_PUB[32:])}
SM2_SIGNER = {"alg": "sm2-sm3", "keyid": "platform-sm2"}


def sign_ed(data, key=ED):
    return b64(key.sign(data))


def sign_sm2(data):
    c = sm2.CryptSM2(private_key="%064x" % SM2_D, public_key=SM2_PUB.hex())
    sig = c.sign_with_sm3(data, "%064x" % scalar("k " + hashlib.sha256(data).hexdigest()))
    assert c.verify_with_sm3(sig, data)
    return b64(bytes.fromhex(sig))


# ---------------------------------------------------------------- cases
cases = []


def lists(kind):
    """Every section's block list file (`<name>.blocks`), genuine."""
    return {f"{name}.blocks": block_list(kind, SECTIONS[name]) for name in ORDER}


def case(name, m_bytes, sig, jwk, *, files=None, expect=None, error=None, chunk=1000, expect_index=None, note=None,
         kind="sha256", drop=()):
    c = {"name": name, "op": "published_load", "sections": "data/zhejiang-sections.json",
         "files": {"manifest.json": {"base64": b64(m_bytes)}, "manifest.sig": {"text": sig}},
         "platform_key": json.dumps(jwk, sort_keys=True), "chunk": chunk, "query": QUERY}
    for f, data in lists(kind).items():
        if f not in drop:
            c["files"][f] = {"base64": b64(data)}
    if note:
        c["note"] = note
    for f, data in (files or {}).items():
        c["files"][f] = {"base64": b64(data)}
    if expect_index is not None:
        c["expect_index"] = expect_index
    if error:
        c["expect_error"] = error
    else:
        c["expect"] = expect or EXPECT
    cases.append(c)


ed_manifest = jcs(manifest("sha256", ED_SIGNER))
ed_sig = sign_ed(ed_manifest)
sm_manifest = jcs(manifest("sm3", SM2_SIGNER))
sm_sig = sign_sm2(sm_manifest)

case("ed25519_sha256_loads", ed_manifest, ed_sig, ED_JWK,
     expect_index={"catalog_id": "zhejiang", "min_version": 7})
case("ed25519_sha256_byte_by_byte", ed_manifest, ed_sig, ED_JWK, chunk=1)
case("sm2_sm3_loads", sm_manifest, sm_sig, SM2_JWK, kind="sm3")
case("pin_without_kid_loads", ed_manifest, ed_sig, {k: v for k, v in ED_JWK.items() if k != "kid"},
     note="a pin without kid requires no key id")

texts = bytearray(SECTIONS["texts"])
texts[len(texts) // 2] ^= 0x01
case("section_bit_flipped", ed_manifest, ed_sig, ED_JWK, files={"texts.bin": bytes(texts)}, error="index_section_mismatch")
case("section_truncated", ed_manifest, ed_sig, ED_JWK, files={"index.bin": SECTIONS["index"][:-1]},
     error="index_section_mismatch", note="a short range response")
case("section_extended", ed_manifest, ed_sig, ED_JWK, files={"items.bin": SECTIONS["items"] + b"\0"},
     error="index_section_mismatch")
case("sections_swapped", ed_manifest, ed_sig, ED_JWK,
     files={"meta.bin": SECTIONS["texts"], "texts.bin": SECTIONS["meta"]}, error="index_section_mismatch")
case("section_missing", ed_manifest, ed_sig, ED_JWK, files={"resources.bin": b""}, error="index_section_mismatch")

flipped = bytearray(ed_manifest)
flipped[len(flipped) // 2] ^= 0x20
case("manifest_changed_after_signing", bytes(flipped), ed_sig, ED_JWK, error="signature_invalid")
case("signed_by_another_key", ed_manifest, sign_ed(ed_manifest, OTHER), ED_JWK, error="signature_invalid")
case("signature_not_base64", ed_manifest, "***", ED_JWK, error="signature_invalid")
case("sm2_signature_under_an_ed25519_pin", sm_manifest, sm_sig, ED_JWK, error="signature_invalid", kind="sm3")
bad_list = bytearray(block_list("sha256", SECTIONS["items"]))
bad_list[5] ^= 0x01
case("block_list_tampered", ed_manifest, ed_sig, ED_JWK, files={"items.blocks": bytes(bad_list)},
     error="index_section_mismatch")
case("block_list_cut", ed_manifest, ed_sig, ED_JWK, files={"items.blocks": bytes(bad_list[:-32])},
     error="index_section_mismatch")
case("block_list_missing", ed_manifest, ed_sig, ED_JWK, drop=("index.blocks",), error="invalid_argument",
     note="a section's bytes are refused until its block list is added")
texts_list_for_other_bytes = bytearray(SECTIONS["texts"])
texts_list_for_other_bytes[0] ^= 0x01
case("first_block_tampered", ed_manifest, ed_sig, ED_JWK, files={"texts.bin": bytes(texts_list_for_other_bytes)},
     error="index_section_mismatch", chunk=1, note="refused at the end of its block, before it is decoded")


def resigned(name, edit, error, raw=None):
    m = manifest("sha256", ED_SIGNER)
    if edit:
        edit(m)
    data = raw(m) if raw else jcs(m)
    case(name, data, sign_ed(data), ED_JWK, error=error, note="signed with the platform key: an insider or a buggy publisher")


resigned("not_canonical_whitespace", None, "index_manifest_invalid",
         raw=lambda m: json.dumps(m, sort_keys=True, ensure_ascii=False).encode())
resigned("not_canonical_member_order", None, "index_manifest_invalid",
         raw=lambda m: json.dumps(dict(reversed(list(m.items()))), separators=(",", ":"), ensure_ascii=False).encode())
resigned("duplicate_member", None, "index_manifest_invalid",
         raw=lambda m: jcs(m).replace(b'{"block_size":', b'{"block_size":4096,"block_size":', 1))
resigned("file_outside_the_index", lambda m: m["sections"][1].update(file="../../etc/passwd"), "index_manifest_invalid")
resigned("unknown_member", lambda m: m.update(note="x"), "index_manifest_invalid")
resigned("unknown_hash", lambda m: m.update(hash="md5"), "index_manifest_invalid")
resigned("block_size_too_small", lambda m: m.update(block_size=16), "index_manifest_invalid")
resigned("other_layout", lambda m: m.update(layout=2), "snapshot_version")
resigned("future_format_version", lambda m: m.update(format_version=9), "unsupported_format")
resigned("names_another_version", lambda m: m["catalog"].update(version=8), "index_catalog_mismatch")
resigned("names_another_resource_count", lambda m: m.update(resources=5), "index_catalog_mismatch")
resigned("array_directory_not_tiling", lambda m: m["sections"][2]["arrays"][3].update(count=1), "index_manifest_invalid")
resigned("array_directory_missing_an_array", lambda m: m["sections"][0]["arrays"].pop(), "index_manifest_invalid")


def moved_four_bytes(m):
    strings, ends = m["sections"][2]["arrays"][0], m["sections"][2]["arrays"][1]
    strings["count"] += 4
    ends["count"] -= 1
    ends["offset"] += 4


resigned("array_directory_tiles_but_disagrees_with_the_headers", moved_four_bytes, "index_section_mismatch")
resigned("names_another_signer_key", lambda m: m["signer"].update(keyid="platform-old"), "index_catalog_mismatch")

case("expected_another_catalog", ed_manifest, ed_sig, ED_JWK, expect_index={"catalog_id": "national"},
     error="index_catalog_mismatch")
case("older_than_held", ed_manifest, ed_sig, ED_JWK, expect_index={"min_version": 8},
     error="index_catalog_mismatch", note="a replay of a superseded catalog")
case("pin_is_private", ed_manifest, ed_sig, dict(ED_JWK, d=b64u(ED_SEED)), error="invalid_key")
case("pin_is_a_secret", ed_manifest, ed_sig, {"k": b64u(b"secret"), "kty": "oct"}, error="invalid_key")
p256 = ec.derive_private_key(scalar("p256"), ec.SECP256R1()).public_key().public_numbers()
case("pin_is_p256", ed_manifest, ed_sig,
     {"crv": "P-256", "kty": "EC", "x": b64u(p256.x.to_bytes(32, "big")), "y": b64u(p256.y.to_bytes(32, "big"))},
     error="invalid_key", note="the catalog module verifies Ed25519 and SM2 only")

# ---------------------------------------------------------------- lazy search
# The hand-written search cases of search.json over data/national.json, asked
# lazily of its published index: a reader holding the manifest and the block
# lists fetches the ranges each search asks for (from `sections`, replaced by
# any in `files`) and must answer exactly as search.json expects.
NATIONAL_FIXTURE = json.loads((HERE / "data" / "national-sections.json").read_text())
NATIONAL = {name: base64.b64decode(b) for name, b in NATIONAL_FIXTURE["sections"].items()}
NATIONAL_DOC = json.loads((HERE / "data" / "national.json").read_text())
NATIONAL_CATALOG = {k: NATIONAL_DOC["catalog"][k] for k in ("id", "name", "published", "version") if k in NATIONAL_DOC["catalog"]}


def national_manifest(kind, signer, edit=None):
    m = manifest(kind, signer, sections=NATIONAL, catalog=NATIONAL_CATALOG,
                 resources=len(NATIONAL_DOC["resources"]), format_version=NATIONAL_DOC["format_version"])
    if edit:
        edit(m)
    return jcs(m)


def lazy_case(name, m_bytes, sig, jwk, query, *, expect=None, error=None, files=None, kind="sha256", note=None):
    c = {"name": name, "op": "published_lazy_search", "sections": "data/national-sections.json",
         "files": {"manifest.json": {"base64": b64(m_bytes)}, "manifest.sig": {"text": sig}},
         "platform_key": json.dumps(jwk, sort_keys=True), "query": query}
    for section in ORDER:
        c["files"][f"{section}.blocks"] = {"base64": b64(block_list(kind, NATIONAL[section]))}
    for f, data in (files or {}).items():
        c["files"][f] = {"base64": b64(data)}
    if note:
        c["note"] = note
    if error:
        c["expect_error"] = error
    else:
        c["expect"] = expect
    cases.append(c)


nat_ed = national_manifest("sha256", ED_SIGNER)
nat_sm = national_manifest("sm3", SM2_SIGNER)
SEARCH = json.loads((HERE / "search.json").read_text())
for i, sc in enumerate(SEARCH["cases"]):
    if sc["catalogs"] != ["data/national.json"]:
        continue
    use_sm2 = i % 2 == 1  # every other case under SM2 with SM3
    m, sig, jwk, kind = (nat_sm, sign_sm2(nat_sm), SM2_JWK, "sm3") if use_sm2 else (nat_ed, sign_ed(nat_ed), ED_JWK, "sha256")
    lazy_case(f"lazy_{sc['name']}", m, sig, jwk, sc["query"], expect=sc.get("expect"),
              error=sc.get("expect_error"), kind=kind, note=f"search.json {sc['name']}, asked lazily")
hit_query = {"text": "企业登记", "limit": 10}
for section in ORDER:
    flipped_section = bytearray(NATIONAL[section])
    flipped_section[len(flipped_section) // 2] ^= 0x01
    lazy_case(f"lazy_{section}_block_tampered", nat_ed, sign_ed(nat_ed), ED_JWK, hit_query,
              files={f"{section}.bin": bytes(flipped_section)}, error="index_section_mismatch",
              note="a range whose block does not match its digest is refused before it is read")
lazy_case("lazy_range_truncated", nat_ed, sign_ed(nat_ed), ED_JWK, hit_query,
          files={"index.bin": NATIONAL["index"][:-1]}, error="index_section_mismatch",
          note="the last range of a section served one byte short")
lazy_case("lazy_signed_by_another_key", nat_ed, sign_ed(nat_ed, OTHER), ED_JWK, hit_query, error="signature_invalid")
nat_moved = national_manifest("sha256", ED_SIGNER, moved_four_bytes)
lazy_case("lazy_array_directory_disagrees_with_the_headers", nat_moved, sign_ed(nat_moved), ED_JWK, hit_query,
          error="index_section_mismatch", note="signed, tiling, but not what the count headers say")

out = {
    "description": "Published catalog indexes (op published_load): a manifest, its signature, the block lists "
                   "(`<section>.blocks` in `files`, each added when present) and the sections (those of "
                   "`sections`, replaced by any in `files`), pushed in `chunk`-byte pieces with the pinned "
                   "`platform_key` and the optional `expect_index`; `expect` is the loaded catalog and its "
                   "search for `query`, `expect_error` the refusal. Op published_lazy_search: the same files, "
                   "searched lazily with `query`: the reader adds the block lists, then repeatedly searches and "
                   "adds the ranges it asks for (bytes `start..end` of the named file), until it answers; "
                   "`expect` is the search result (as op search in search.json), `expect_error` the refusal.",
    "source": "tests/vectors/catalog/make_published_vectors.py: hashlib (SHA-256), gmssl (SM3, SM2), cryptography "
              "(Ed25519); the section bytes from data/zhejiang-sections.json and data/national-sections.json; the lazy "
              "cases' expectations are search.json's, hand-written",
    "cases": cases,
}
Path(ARGS.out).mkdir(parents=True, exist_ok=True)
(Path(ARGS.out) / "published.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
