"""Python runner of the encryption benchmark (bench/crypto): govshare's
Python binding (uniffi) beside PyPI ``gmssl`` (pure Python; SM4 ECB and CBC,
SM2) and ``cryptography`` (its bundled OpenSSL: SM4 ECB, CBC, GCM; no SM2),
on the tasks of bench/native/src/crypto.rs: SM4 encrypt/decrypt of 64 B,
4 KiB, 1 MiB, SM2 encrypt/decrypt of 32 bytes. Every timed operation is
first checked to interoperate with govshare. Also the binding's per-call
floor (``govshare.sm3(b"")``).

Usage: python bench/crypto/python_bench.py [--round-ms 200] [--rounds 5]
"""

import argparse
import base64
import json
import sys
import time
from importlib.metadata import version

import gmssl.sm2
import gmssl.sm4
from cryptography.hazmat.backends.openssl import backend as ossl
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

import govshare

SIZES = [(64, "64"), (4096, "4k"), (1 << 20, "1m")]


def filler(n, seed):
    x = (seed * 2654435761 + 1) & 0xFFFFFFFF
    out = bytearray(n)
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0xFFFFFFFF
        out[i] = x >> 24
    return bytes(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--round-ms", type=float, default=200)
    p.add_argument("--rounds", type=int, default=5)
    a = p.parse_args()
    round_s = a.round_ms / 1000
    results = []

    def timed(op):
        t0 = time.perf_counter()
        n = 0
        while time.perf_counter() - t0 < round_s or n < 1:
            op()
            n += 1
        count = max(1, int(-(-round_s // ((time.perf_counter() - t0) / n))))
        rounds = []
        for _ in range(a.rounds):
            c0, w0 = time.process_time(), time.perf_counter()
            for _ in range(count):
                op()
            rounds.append({"wall_s": time.perf_counter() - w0, "cpu_s": time.process_time() - c0})
        return {"count": count, "rounds": rounds}

    def push(task, impl, nbytes, timing, mode=None):
        results.append({"task": task, "impl": impl, "bytes": nbytes, **({"mode": mode} if mode else {}), "timing": timing})

    push("call-floor", "govshare-python", 0, timed(lambda: govshare.sm3(b"")), "sm3(b'')")

    key = filler(16, 1)
    for name, iv_len in [("ecb", 0), ("cbc", 16), ("gcm", 12)]:
        mode = govshare.sm4_mode_from_name(name)
        iv = filler(iv_len, 2)
        for size, label in SIZES:
            pt = filler(size, 3)
            ct = govshare.sm4_encrypt(mode, key, iv, pt)
            assert govshare.sm4_decrypt(mode, key, iv, ct) == pt
            enc, dec = f"sm4-{name}-enc-{label}", f"sm4-{name}-dec-{label}"
            push(enc, "govshare-python", size, timed(lambda: govshare.sm4_encrypt(mode, key, iv, pt)))
            push(dec, "govshare-python", size, timed(lambda: govshare.sm4_decrypt(mode, key, iv, ct)))

            # cryptography (OpenSSL): a Cipher per call, PKCS#7 by its padding module.
            if name == "gcm":
                def c_enc():
                    e = Cipher(algorithms.SM4(key), modes.GCM(iv)).encryptor()
                    return e.update(pt) + e.finalize() + e.tag

                def c_dec():
                    d = Cipher(algorithms.SM4(key), modes.GCM(iv, ct[-16:])).decryptor()
                    return d.update(ct[:-16]) + d.finalize()
            else:
                m = (lambda: modes.ECB()) if name == "ecb" else (lambda: modes.CBC(iv))

                def c_enc():
                    pad = padding.PKCS7(128).padder()
                    e = Cipher(algorithms.SM4(key), m()).encryptor()
                    return e.update(pad.update(pt) + pad.finalize()) + e.finalize()

                def c_dec():
                    d = Cipher(algorithms.SM4(key), m()).decryptor()
                    un = padding.PKCS7(128).unpadder()
                    return un.update(d.update(ct) + d.finalize()) + un.finalize()
            assert c_enc() == ct and c_dec() == pt, f"cryptography {name} = govshare"
            push(enc, "cryptography", size, timed(c_enc), "Cipher per call")
            push(dec, "cryptography", size, timed(c_dec), "Cipher per call")

            if name == "gcm":
                continue  # gmssl has no GCM

            # gmssl: a CryptSM4 with its key schedule per call (as govshare does).
            def g_enc():
                c = gmssl.sm4.CryptSM4()
                c.set_key(key, gmssl.sm4.SM4_ENCRYPT)
                return c.crypt_ecb(pt) if name == "ecb" else c.crypt_cbc(iv, pt)

            def g_dec():
                c = gmssl.sm4.CryptSM4()
                c.set_key(key, gmssl.sm4.SM4_DECRYPT)
                return c.crypt_ecb(ct) if name == "ecb" else c.crypt_cbc(iv, ct)
            assert g_enc() == ct and g_dec() == pt, f"gmssl {name} = govshare"
            push(enc, "gmssl", size, timed(g_enc), "CryptSM4 + set_key per call")
            push(dec, "gmssl", size, timed(g_dec), "CryptSM4 + set_key per call")

    # SM2 encryption of a 32-byte data key, C1C3C2 (gmssl mode=1, no 04).
    msg = filler(32, 4)
    sk = govshare.Key.generate(govshare.Algorithm.SM2_SM3)
    pk = sk.public_key()
    fmt = govshare.Sm2CiphertextFormat(order=govshare.sm2_ciphertext_order_from_name("c1c3c2"), point_prefix=True)
    bare = govshare.Sm2CiphertextFormat(order=govshare.sm2_ciphertext_order_from_name("c1c3c2"), point_prefix=False)
    ct = govshare.sm2_encrypt(pk, msg, fmt)
    assert govshare.sm2_decrypt(sk, ct, fmt) == msg
    push("sm2-encrypt", "govshare-python", 32, timed(lambda: govshare.sm2_encrypt(pk, msg, fmt)))
    push("sm2-decrypt", "govshare-python", 32, timed(lambda: govshare.sm2_decrypt(sk, ct, fmt)))

    d = json.loads(sk.to_jwk(True))["d"]
    d_hex = base64.urlsafe_b64decode(d + "=" * (-len(d) % 4)).hex()
    gm = gmssl.sm2.CryptSM2(private_key=d_hex, public_key=sk.public_key_bytes()[1:].hex(), mode=1)
    theirs = gm.encrypt(msg)
    assert govshare.sm2_decrypt(sk, theirs, bare) == msg, "govshare decrypts gmssl"
    assert gm.decrypt(govshare.sm2_encrypt(pk, msg, bare)) == msg, "gmssl decrypts govshare"
    push("sm2-encrypt", "gmssl", 32, timed(lambda: gm.encrypt(msg)), "mode=1")
    push("sm2-decrypt", "gmssl", 32, timed(lambda: gm.decrypt(theirs)), "mode=1")

    print(json.dumps({
        "runner": "python",
        "versions": {
            "python": ".".join(map(str, sys.version_info[:3])),
            "govshare": govshare.__version__,
            "gmssl": version("gmssl"),
            "cryptography": version("cryptography"),
            "cryptography-openssl": ossl.openssl_version_text(),
        },
        "results": results,
    }))


if __name__ == "__main__":
    main()
