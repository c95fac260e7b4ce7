"""Python runner of the micro-benchmark: govshare's Python binding (uniffi)
beside the PyPI peers, on the inputs of data.mjs.

  #3 RFC 8785: govshare.canonicalize(str) vs rfc8785.dumps(json.loads(str))
     (and rfc8785 on an already parsed object)
  #4 raw sign/verify: govshare Key vs ``cryptography`` (the native reference)
     and ``gmssl`` (SM2, pure Python); full RFC 9421 request (Ed25519 + sha-256
     Content-Digest): govshare sign_message/verify_message vs
     ``http-message-signatures`` on ``cryptography`` (digest made and checked
     by the library: ``body=``).

Usage: python bench/micro/python_bench.py --data DIR [--round-ms 250] [--rounds 5]
"""

import argparse
import datetime
import hashlib
import json
import os
import time
from importlib.metadata import version

import gmssl.func
import gmssl.sm2
import rfc8785
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from http_message_signatures import HTTPMessageSigner, HTTPMessageVerifier, HTTPSignatureKeyResolver, algorithms

import govshare

CREATED = 1795000000


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--round-ms", type=float, default=250)
    p.add_argument("--rounds", type=int, default=5)
    a = p.parse_args()
    round_s = a.round_ms / 1000
    results = []

    def timed(op):
        t0 = time.perf_counter()
        n = 0
        while time.perf_counter() - t0 < round_s or n < 2:
            op()
            n += 1
        count = max(1, -(-round_s // ((time.perf_counter() - t0) / n)))
        count = int(count)
        rounds = []
        for _ in range(a.rounds):
            c0, w0 = time.process_time(), time.perf_counter()
            for _ in range(count):
                op()
            rounds.append({"wall_s": time.perf_counter() - w0, "cpu_s": time.process_time() - c0})
        return {"count": count, "rounds": rounds}

    def push(task, impl, timing, **extra):
        results.append({"task": task, "impl": impl, **extra, "timing": timing})

    def read(name):
        with open(os.path.join(a.data, name), "rb") as f:
            return f.read()

    # The cost of one binding call that does almost nothing (SM3 of no bytes):
    # the floor under every per-call figure below.
    push("call-floor", "govshare-python", timed(lambda: govshare.sm3(b"")), mode="sm3(b'')")
    push("call-floor", "hashlib", timed(lambda: hashlib.sha256(b"").digest()), mode="sha256(b'')")

    # ---------------------------------------------------------------- #3 JCS
    for task, name in [("jcs-10k", "doc-10k.json"), ("jcs-1m", "doc-1m.json"), ("jcs-app", "app-2k.json")]:
        raw = read(name)
        text = raw.decode()
        obj = json.loads(text)
        sha = lambda b: hashlib.sha256(b).hexdigest()  # noqa: E731
        push(task, "govshare-python", timed(lambda: govshare.canonicalize(text)),
             bytes=len(raw), input="str", output_sha256=sha(govshare.canonicalize(text)))
        push(task, "govshare-python-bytes", timed(lambda: govshare.canonicalize(raw)),
             bytes=len(raw), input="bytes", output_sha256=sha(govshare.canonicalize(raw)))
        push(task, "rfc8785", timed(lambda: rfc8785.dumps(json.loads(text))),
             bytes=len(raw), input="str (json.loads + dumps)", output_sha256=sha(rfc8785.dumps(json.loads(text))))
        push(task, "rfc8785-object", timed(lambda: rfc8785.dumps(obj)),
             bytes=len(raw), input="parsed object", output_sha256=sha(rfc8785.dumps(obj)))

    # ------------------------------------------------------ #4 raw sign/verify
    data = read("sign-data.bin")
    secret = bytes([7]) * 32
    for name, alg in [("ed25519", govshare.Algorithm.ED25519), ("ecdsa-p256-sha256", govshare.Algorithm.ECDSA_P256_SHA256),
                      ("hmac-sha256", govshare.Algorithm.HMAC_SHA256), ("sm2-sm3", govshare.Algorithm.SM2_SM3)]:
        key = govshare.Key.from_hmac_secret(secret) if name == "hmac-sha256" else govshare.Key.generate(alg)
        pub = key if name == "hmac-sha256" else key.public_key()
        sig = key.sign(data)
        pub.verify(data, sig)
        push(f"sign-{name}", "govshare-python", timed(lambda: key.sign(data)))
        push(f"verify-{name}", "govshare-python", timed(lambda: pub.verify(data, sig)))

    sk = ed25519.Ed25519PrivateKey.generate()
    pk = sk.public_key()
    sig = sk.sign(data)
    push("sign-ed25519", "cryptography", timed(lambda: sk.sign(data)))
    push("verify-ed25519", "cryptography", timed(lambda: pk.verify(sig, data)))
    esk = ec.generate_private_key(ec.SECP256R1())
    epk = esk.public_key()
    esig = esk.sign(data, ec.ECDSA(hashes.SHA256()))
    push("sign-ecdsa-p256-sha256", "cryptography", timed(lambda: esk.sign(data, ec.ECDSA(hashes.SHA256()))), mode="DER")
    push("verify-ecdsa-p256-sha256", "cryptography", timed(lambda: epk.verify(esig, data, ec.ECDSA(hashes.SHA256()))), mode="DER")

    def mac():
        h = hmac.HMAC(secret, hashes.SHA256())
        h.update(data)
        return h.finalize()

    tag = mac()

    def mac_verify():
        h = hmac.HMAC(secret, hashes.SHA256())
        h.update(data)
        h.verify(tag)

    push("sign-hmac-sha256", "cryptography", timed(mac))
    push("verify-hmac-sha256", "cryptography", timed(mac_verify))

    # gmssl: same key as a govshare key so the timed operations interoperate.
    gkey = govshare.Key.generate(govshare.Algorithm.SM2_SM3)
    d = json.loads(gkey.to_jwk(True))["d"]
    import base64

    d_hex = base64.urlsafe_b64decode(d + "=" * (-len(d) % 4)).hex()
    point = gkey.public_key_bytes()
    gm = gmssl.sm2.CryptSM2(private_key=d_hex, public_key=point[1:].hex())
    gsig = gm.sign_with_sm3(data, gmssl.func.random_hex(gm.para_len))
    gkey.public_key().verify(data, bytes.fromhex(gsig))
    assert gm.verify_with_sm3(gkey.sign(data).hex(), data)
    push("sign-sm2-sm3", "gmssl", timed(lambda: gm.sign_with_sm3(data, gmssl.func.random_hex(gm.para_len))))
    push("verify-sm2-sm3", "gmssl", timed(lambda: gm.verify_with_sm3(gsig, data)))

    # --------------------------------------------- #4 full RFC 9421 request
    request = json.loads(read("request.json"))
    key = govshare.Key.generate(govshare.Algorithm.ED25519)
    pub = key.public_key()
    params = {"components": ["@method", "@target-uri", "content-type"], "created": CREATED, "keyid": "bench-key", "alg": "ed25519"}
    signed = govshare.sign_message(request, key, params)
    assert govshare.verify_message(signed.message, pub, None, CREATED).content_digest_checked
    push("request-sign-ed25519", "govshare-python", timed(lambda: govshare.sign_message(request, key, params)), input="dict")
    push("request-verify-ed25519", "govshare-python", timed(lambda: govshare.verify_message(signed.message, pub, None, CREATED)),
         input="message JSON str")

    class Req:
        def __init__(self):
            self.method = request["method"]
            self.url = request["target"]
            self.headers = {n: v for n, v in request["headers"]}

    class Keys(HTTPSignatureKeyResolver):
        def resolve_private_key(self, key_id):
            return sk

        def resolve_public_key(self, key_id):
            return pk

    body = request["body"].encode()
    signer = HTTPMessageSigner(signature_algorithm=algorithms.ED25519, key_resolver=Keys())
    verifier = HTTPMessageVerifier(signature_algorithm=algorithms.ED25519, key_resolver=Keys())
    created = datetime.datetime.now()

    def sign():
        r = Req()
        signer.sign(r, key_id="bench-key", label="sig1", created=created,
                    covered_component_ids=("@method", "@target-uri", "content-type"), body=body)
        return r

    signed_req = sign()
    assert verifier.verify(signed_req, body=body)[0].body == body
    push("request-sign-ed25519", "http-message-signatures", timed(sign), mode="body= (Content-Digest by the library)")
    push("request-verify-ed25519", "http-message-signatures", timed(lambda: verifier.verify(signed_req, body=body)),
         mode="body= (Content-Digest checked by the library)")

    print(json.dumps({
        "runner": "python",
        "versions": {
            "python": ".".join(map(str, __import__("sys").version_info[:3])),
            "govshare": govshare.__version__,
            **{n: version(n) for n in ("rfc8785", "cryptography", "http-message-signatures", "gmssl")},
        },
        "results": results,
    }))


if __name__ == "__main__":
    main()
