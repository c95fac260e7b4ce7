"""Interop: govshare's SM4 against PyPI ``gmssl`` (an independent pure-Python
SM4), both directions, ECB and CBC with PKCS#7 (issue #13).

govshare encrypts → gmssl decrypts, and gmssl encrypts → govshare decrypts,
on random keys, IVs and plaintexts of every length 0..100. One difference is
pinned down on purpose: gmssl strips a PKCS#7 padding without checking it,
so a corrupt ciphertext decrypts there to something; govshare refuses it
(``bad_padding``) and returns nothing.

gmssl is pinned in python/requirements-dev.txt; a missing peer fails the run
rather than skipping it.
"""

import os
import random

import pytest
from gmssl import sm4 as gm_sm4

import govshare

ECB = govshare.sm4_mode_from_name("ecb")
CBC = govshare.sm4_mode_from_name("cbc")
STD_KEY = bytes.fromhex("0123456789abcdeffedcba9876543210")


def gm(key, decrypt=False):
    c = gm_sm4.CryptSM4(padding_mode=gm_sm4.PKCS7)
    c.set_key(key, gm_sm4.SM4_DECRYPT if decrypt else gm_sm4.SM4_ENCRYPT)
    return c


@pytest.mark.parametrize("mode_name", ["ecb", "cbc"])
def test_both_ways_on_every_length(mode_name):
    mode = govshare.sm4_mode_from_name(mode_name)
    rng = random.Random(13)
    ran = 0
    for n in list(range(0, 101)) + [rng.randrange(0, 101) for _ in range(50)]:
        key, data = os.urandom(16), os.urandom(n)
        iv = os.urandom(16) if mode_name == "cbc" else b""
        ours = govshare.sm4_encrypt(mode, key, iv, data)
        if mode_name == "ecb":
            theirs = gm(key).crypt_ecb(data)
            assert gm(key, decrypt=True).crypt_ecb(ours) == data
        else:
            theirs = gm(key).crypt_cbc(iv, data)
            assert gm(key, decrypt=True).crypt_cbc(iv, ours) == data
        assert ours == theirs, f"{mode_name} {n} bytes: the ciphertexts differ"
        assert govshare.sm4_decrypt(mode, key, iv, theirs) == data
        ran += 1
    assert ran == 151


def test_standard_example_agrees():
    c = gm(STD_KEY).crypt_ecb(STD_KEY)
    assert c[:16].hex() == "681edf34d206965e86b3e94f536e4246"
    assert govshare.sm4_encrypt(ECB, STD_KEY, b"", STD_KEY) == c


def test_gmssl_ciphertext_tampered_is_refused_not_guessed():
    # The bare standard block decrypts to a plaintext ending in 0x10, which
    # is no valid PKCS#7 padding: gmssl strips it anyway, govshare refuses.
    block = bytes.fromhex("681edf34d206965e86b3e94f536e4246")
    assert gm(STD_KEY, decrypt=True).crypt_ecb(block) == b""
    with pytest.raises(govshare.GovshareError) as e:
        govshare.sm4_decrypt(ECB, STD_KEY, b"", block)
    assert e.value.code == "bad_padding" and e.value.kind == "verdict"
    # A gmssl CBC ciphertext with its last byte changed (the padding length 4
    # becomes 0x5e, more than a block): refused.
    key, iv = os.urandom(16), os.urandom(16)
    theirs = bytearray(gm(key).crypt_cbc(iv, b"record 42: transfer approved"))
    theirs[-1] ^= 0x5A
    with pytest.raises(govshare.GovshareError) as e:
        govshare.sm4_decrypt(CBC, key, iv, bytes(theirs))
    assert e.value.code == "bad_padding"
