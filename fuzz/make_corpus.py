#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/<target>/ from tests/vectors.

Each directory gets at most 30 small files (<= 64 KiB); names are the
vector case names, so a seed can be traced back to its source. Snapshot
seeds are written by the catalog_snapshot target's own data (see
docs/fuzzing.md: `govshare catalog snapshot`), not here.
Run from the repository root: python3 fuzz/make_corpus.py
"""
import base64, hashlib, json, os, re, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
V = os.path.join(ROOT, "tests", "vectors")
OUT = os.path.join(ROOT, "fuzz", "corpus")
MAX_FILES, MAX_BYTES = 30, 64 * 1024


def cases(path):
    with open(os.path.join(V, path), encoding="utf-8") as f:
        return json.load(f)["cases"]


def text_of(x, base):
    """A vector input: inline text, {"text"}, {"base64"} or {"file"}."""
    if isinstance(x, str):
        return x.encode()
    if isinstance(x, dict):
        if "text" in x:
            return x["text"].encode()
        if "base64" in x:
            return base64.b64decode(x["base64"])
        if "file" in x:
            with open(os.path.join(V, base, x["file"]), "rb") as f:
                return f.read()
        return json.dumps(x, ensure_ascii=False).encode()
    return json.dumps(x, ensure_ascii=False).encode()


def write(target, seeds):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    n = 0
    for name, data in seeds:
        if n >= MAX_FILES or len(data) > MAX_BYTES:
            continue
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[:60] or hashlib.sha1(data).hexdigest()[:12]
        with open(os.path.join(d, safe), "wb") as f:
            f.write(data)
        n += 1
    print(f"{target}: {n} seeds")


def catalogs():
    out = []
    for f in ["zhejiang.json", "national.json", "lint-sample.json"]:
        with open(os.path.join(V, "catalog", "data", f), "rb") as fh:
            out.append((f, fh.read()))
    for c in cases("catalog/load.json"):
        out.append((c["name"], text_of(c["input"], "catalog")))
    return out


def main():
    cats = catalogs()
    write("catalog_json", cats)
    # One count byte, then chunk sizes (each byte + 1), then the document.
    write("catalog_chunked", [(n, bytes([3, 0, 6, 200]) + d) for n, d in cats[:12]]
          + [(n + "_whole", bytes([0]) + d) for n, d in cats[:6]])

    zj = json.load(open(os.path.join(V, "catalog", "data", "zhejiang.json"), encoding="utf-8"))
    zcodes = [r["code"] for r in zj["resources"]]
    deltas = []
    for i, c in enumerate(cases("catalog/delta.json")):
        d = c["delta"]
        if isinstance(d, dict) and "changes" in d:
            d = dict(d, catalog="zhejiang", base_version=zj["catalog"]["version"],
                     new_version=zj["catalog"]["version"] + 1)
            # Point replace/withdraw at codes the Zhejiang catalog has.
            for j, ch in enumerate(d["changes"]):
                if ch.get("op") == "withdraw":
                    ch["code"] = zcodes[j % len(zcodes)]
                elif ch.get("op") == "replace":
                    ch["resource"]["code"] = zcodes[(j + 1) % len(zcodes)]
            deltas.append((c["name"], json.dumps(d, ensure_ascii=False).encode()))
        else:
            deltas.append((c["name"], text_of(d, "catalog")))
    write("catalog_delta", deltas)

    queries = [(c["name"], json.dumps(c["query"], ensure_ascii=False).encode())
               for c in cases("catalog/search.json") if "query" in c]
    write("catalog_search", queries)

    jcs = []
    for f in ["jcs/strict.json", "jcs/official.json"]:
        jcs += [(c["name"], c["input"].encode()) for c in cases(f) if isinstance(c.get("input"), str)]
    jcs += [(c["name"], c["input"].encode()) for c in cases("jcs/numbers.json")[::60]]
    write("jcs_canonicalize", jcs[:12] + jcs[-18:])

    write("request_application", [(c["name"], c["application_json"].encode())
                                  for c in cases("request/applications.json") if "application_json" in c])

    sign = []
    for f in ["sign/rfc9421.json", "sign/http_signatures.json"]:
        for c in cases(f):
            m = c.get("message")
            if not isinstance(m, dict):
                continue
            h = {k.lower(): v for k, v in m.get("headers", [])}
            if "signature-input" not in h:
                continue
            mode = 1 if "status" in m else 0
            text = "\n".join([h["signature-input"], h.get("signature", ""), h.get("date", ""), m.get("body", "")])
            sign.append((c["name"], bytes([mode]) + text.encode()))
    for c in cases("sign/rfc9421.json"):
        if c["op"] == "signature_base":
            sign.append((c["name"], bytes([1 if c["message"] == "test-response" else 0])
                         + (c["signature_input"] + "\n\n\n").encode()))
    write("sign_structured_fields", sign)

    write("mask_detect", [(c["name"], c["text"].encode()) for c in cases("mask/detect.json")][::2])
    write("mask_policy", [(c["name"], json.dumps(c["policy"], ensure_ascii=False).encode())
                          for c in cases("mask/policy.json") if "policy" in c])
    # detect_evasion: the first byte picks the identifier's kind, the rest disguise it.
    write("detect_evasion", [(c["name"], c["text"].encode()) for c in cases("mask/detect.json")][1::3])
    # mask_stream: one selector byte (format, and where the input is cut), then the data.
    fmt_byte = {"ndjson": 0, "csv": 1, "json_array": 2}
    stream = []
    for f in ["mask/scan.json", "mask/verify.json"]:
        for c in cases(f):
            if isinstance(c.get("data"), str) and c.get("format") in fmt_byte:
                sel = fmt_byte[c["format"]] + 3 * (len(c["name"]) % 80)
                stream.append((c["name"], bytes([sel]) + c["data"].encode()))
    write("mask_stream", stream[::2])

    msgs = []
    for f in ["sign/http_signatures.json", "request/http.json", "sign/rfc9421.json"]:
        for c in cases(f):
            for k in ["message", "response", "expect"]:
                m = c.get(k)
                if isinstance(m, dict) and ("method" in m or "status" in m) and "headers" in m:
                    msgs.append((c["name"] + "_" + k, json.dumps(m, ensure_ascii=False).encode()))
    write("http_message", msgs[::2])

    # The key loader: a selector byte (which algorithm is named, the last one
    # none), then the key text — the sign vectors' key forms.
    keys = []
    doc = json.load(open(os.path.join(V, "sign", "http_signatures.json"), encoding="utf-8"))
    algs = ["ed25519", "ecdsa-p256-sha256", "hmac-sha256", "rsa-pss-sha512", "rsa-v1_5-sha256", "sm2-sm3"]
    for name, forms in sorted(doc["keys"].items()):
        for form, value in sorted(forms.items()):
            if form in ("alg",) or not isinstance(value, (str, dict)):
                continue
            text = value if isinstance(value, str) else json.dumps(value)
            sel = algs.index(forms["alg"]) if forms.get("alg") in algs else len(algs)
            keys.append((f"{name}_{form}", bytes([sel]) + text.encode()))
    write("key_text", keys)

    # The decree's process: lifecycle and event (and schedule inputs) per line.
    process = []
    for c in cases("request/lifecycle.json")[::10]:
        process.append((c["name"], (json.dumps(c["lifecycle"], ensure_ascii=False) + "\n"
                                    + json.dumps(c["event"], ensure_ascii=False) + "\n" + c["now"]).encode()))
    for c in cases("request/deadlines.json"):
        if c["op"] == "schedule" and "expect" in c:
            process.append((c["name"], (json.dumps(c["input"], ensure_ascii=False) + "\n{}\n" + c["now"]).encode()))
    write("request_process", process[:30])

    write("sm4_decrypt", sm4_seeds())
    write("sm2_decrypt", sm2_seeds())
    write("envelope_open", envelope_seeds())
    write("deid_check", deid_seeds())
    write("sheet_read", sheet_seeds())
    write("store_read", [(c["name"], c["store"].encode()) for c in cases("crypto/store.json")][::2])


def sm4_seeds():
    """SM4 decrypt vectors as the target reads them: selector, key, IV, ciphertext."""
    modes = ["ecb", "cbc", "ctr", "gcm"]
    ivlen = {"ecb": 0, "cbc": 16, "ctr": 16, "gcm": 12}
    seeds = []
    for c in cases("crypto/sm4.json"):
        key, iv = bytes.fromhex(c["key_hex"]), bytes.fromhex(c["iv_hex"])
        if c["op"] != "sm4_decrypt" or len(key) != 16 or len(iv) != ivlen[c["mode"]]:
            continue
        if c.get("aad_hex"):
            continue  # the target's associated data is fixed; these would only refuse
        seeds.append((c["name"], bytes([modes.index(c["mode"])]) + key + iv + bytes.fromhex(c["ciphertext_hex"])))
    return seeds[::3]


def sm2_seeds():
    """SM2 decrypt vectors as the target reads them: a selector (the form
    read in the low nibble, a form to convert to in the high one), then the
    ciphertext."""
    forms = [("c1c3c2", True), ("c1c3c2", False), ("c1c2c3", True), ("c1c2c3", False), ("asn1", True)]
    seeds = []
    for i, c in enumerate(cases("crypto/sm2.json")):
        if c["op"] != "sm2_decrypt" or (c["format"]["order"], c["format"]["point_prefix"]) not in forms:
            continue
        frm = forms.index((c["format"]["order"], c["format"]["point_prefix"]))
        seeds.append((c["name"], bytes([frm | ((i % 5) << 4)]) + bytes.fromhex(c["ciphertext_hex"])))
    return seeds[::2]


def deid_seeds():
    """Small datasets with the target's columns a, b (quasi), c (sensitive),
    d (direct), in each format (the selector's low bits), k in the high nibble."""
    rows = [("1", "x", "flu", "110***********1234"), ("1", "x", "cold", ""), ("2", "y", "flu", None),
            ("2", " y ", "肺炎", "110101199003074477"), ("3", "z", "flu", "13800138000")]
    def selector(n, i):  # the format is selector % 3; k is selector >> 4
        base = (n << 4) & 0xF0
        return base - base % 3 + i + (3 if base - base % 3 + i < base else 0)

    seeds = []
    for n in (1, 3, 5):
        part = rows[:n]
        csv = "a,b,c,d\n" + "".join(",".join(v or "" for v in r) + "\n" for r in part)
        recs = [dict(zip("abcd", r)) for r in part]
        nd = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
        arr = json.dumps(recs, ensure_ascii=False)
        for i, text in enumerate((csv, nd, arr)):
            seeds.append((f"deid_{n}_rows_{['csv', 'ndjson', 'json'][i]}", bytes([selector(n, i)]) + text.encode()))
    return seeds


def sheet_seeds():
    """The workbooks of mask/sheets.json as the target reads them: the
    format in the selector's low bits (0 xlsx, 1 xls, 2 ods), bit 2 asks for
    the sheet "data"."""
    fmt = {"xlsx": 0, "xls": 1, "ods": 2}
    return [(c["name"], bytes([fmt[c["format"]] | (4 if c.get("options", {}).get("sheet") == "data" else 0)])
             + base64.b64decode(c["data_b64"]))
            for c in cases("mask/sheets.json")]


def envelope_seeds():
    """Envelopes (selector bit 0 clear) and bodies (bit 0 set; the other bits
    pick the profile as the target reads them: bit 1 ecb, bits 2-3 the signed
    content, bit 4 der, bit 5 uppercase hex)."""
    seeds = []
    for c in cases("crypto/envelope.json"):
        if "envelope" in c:
            seeds.append((c["name"], b"\x00" + c["envelope"].encode()))
        elif "body" in c:
            p = c["profile"]
            sel = 1 | (2 if p["mode"] == "ecb" else 0)
            sel |= ["plaintext", "enc_data", "fields"].index(p["signed_content"]) << 2
            sel |= (16 if p["signature_encoding"] == "der" else 0) | (32 if p["uppercase_hex"] else 0)
            seeds.append((c["name"], bytes([sel]) + c["body"].encode()))
    return seeds[::4]


if __name__ == "__main__":
    sys.exit(main())
