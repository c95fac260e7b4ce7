"""tests/vectors/crypto through the installed wheel: SM4 in every mode
(sm4_encrypt / sm4_decrypt on bytes), SM2 encryption (sm2_decrypt,
sm2_encrypt, sm2_convert_ciphertext with a Sm2CiphertextFormat), envelopes
(open_envelope, open_envelope_with_kek, EnvelopeOpening, open_body_envelope)
and the sealed store (verify_store, StoreReader), judged as
core/tests/vectors_crypto.rs judges them (the hex of the output, the
envelope info or store summary as JSON, or the error code)."""

import pytest

import govshare
from conftest import vector_cases
from plain import plain
from records import record

# Inputs whose bytes no error message may show.
SECRET_FIELDS = ("key_hex", "iv_hex", "plaintext_hex", "ciphertext_hex", "kek_hex", "data_key_hex", "sm4_key_hex")


def b(case, field):
    return bytes.fromhex(case.get(field, ""))


def fmt(f):
    return govshare.Sm2CiphertextFormat(
        order=govshare.sm2_ciphertext_order_from_name(f["order"]), point_prefix=f["point_prefix"]
    )


def sm2_key(case):
    return govshare.Key.from_raw(govshare.algorithm(case["key_algorithm"]), b(case, "key_hex"), case["key_private"])


def utf8(case, field):
    return case[field].encode("utf-8")


def wrap_name(wrap):
    """EnvelopeWrap as the vectors name it (sm2, sm4-gcm-kek)."""
    return plain(wrap).replace("_", "-")


def info(i):
    out = plain(i)
    out["wrap"] = wrap_name(i.wrap)
    return out


def expected(case):
    return None if "expected" not in case else record(govshare.EnvelopeExpectation, case["expected"])


def summary(s):
    out = plain(s)
    if s.key is not None:
        out["key"]["wrap"] = wrap_name(s.key.wrap)
    return out


def store_key(case):
    if "kek_hex" in case:
        return govshare.StoreKey.kek(b(case, "kek_hex"), case["kek_id"])
    if "data_key_hex" in case:
        return govshare.StoreKey.data_key(b(case, "data_key_hex"))
    return govshare.StoreKey.sm2(sm2_key(case))


def run_sealed(case, op):
    """The envelope, body and store ops (envelope.json, store.json); None for another op."""
    if op == "envelope_open":
        o = govshare.open_envelope(utf8(case, "envelope"), sm2_key(case), expected(case))
        return {"info": info(o.info), "plaintext_hex": o.plaintext.hex()}
    if op == "envelope_open_kek":
        o = govshare.open_envelope_with_kek(utf8(case, "envelope"), b(case, "kek_hex"), case["kek_id"], expected(case))
        return {"info": info(o.info), "plaintext_hex": o.plaintext.hex()}
    if op == "envelope_finish":
        opening = govshare.EnvelopeOpening.parse(utf8(case, "envelope"))
        if "expected" in case:
            opening.check_expected(expected(case))
        plaintext = opening.finish(b(case, "data_key_hex"))
        return {"info": info(opening.info()), "wrapped_key_hex": opening.wrapped_key().hex(), "plaintext_hex": plaintext.hex()}
    if op == "body_open":
        profile = record(govshare.BodyEnvelopeProfile, case["profile"])
        o = govshare.open_body_envelope(profile, utf8(case, "body"), b(case, "sm4_key_hex"), sm2_key(case))
        return {"plaintext_hex": o.plaintext.hex()}
    if op == "store_verify":
        return summary(govshare.verify_store(utf8(case, "store")))
    if op == "store_read":
        reader = govshare.StoreReader.open(utf8(case, "store"), store_key(case))
        return {"plaintext_hex": reader.read_page(case["page"]).hex()}
    return None


def run(case):
    op = case["op"]
    sealed = run_sealed(case, op)
    if sealed is not None:
        return sealed
    if op == "sm2_decrypt":
        return {"plaintext_hex": govshare.sm2_decrypt(sm2_key(case), b(case, "ciphertext_hex"), fmt(case["format"])).hex()}
    if op == "sm2_encrypt":
        return {"ciphertext_len": len(govshare.sm2_encrypt(sm2_key(case), b(case, "plaintext_hex"), fmt(case["format"])))}
    if op == "sm2_convert":
        out = govshare.sm2_convert_ciphertext(b(case, "ciphertext_hex"), fmt(case["from"]), fmt(case["to"]))
        return {"ciphertext_hex": out.hex()}
    mode = govshare.sm4_mode_from_name(case["mode"])
    key, iv, aad = b(case, "key_hex"), b(case, "iv_hex"), b(case, "aad_hex")
    if op == "sm4_encrypt":
        return {"ciphertext_hex": govshare.sm4_encrypt(mode, key, iv, b(case, "plaintext_hex"), aad).hex()}
    if op == "sm4_decrypt":
        return {"plaintext_hex": govshare.sm4_decrypt(mode, key, iv, b(case, "ciphertext_hex"), aad).hex()}
    raise AssertionError(f"no runner for crypto op {op}")


@pytest.mark.parametrize("data,case", vector_cases("crypto"))
def test_crypto_vector(data, case):
    if "expect_error" in case:
        with pytest.raises(govshare.GovshareError) as e:
            run(case)
        assert e.value.code == case["expect_error"]
        shown = f"{e.value} {e.value.message_zh}"
        for field in SECRET_FIELDS:
            value = case.get(field, "")
            if len(value) >= 8:
                assert value[:8] not in shown, f"the error echoes {field}"
    else:
        assert run(case) == case["expect"]


def test_mode_names():
    for name in ("ecb", "cbc", "ctr", "gcm"):
        assert govshare.sm4_mode_name(govshare.sm4_mode_from_name(name)) == name
    with pytest.raises(govshare.GovshareError) as e:
        govshare.sm4_mode_from_name("CBC")
    assert e.value.code == "invalid_argument"
