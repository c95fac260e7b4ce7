"""Envelopes and the sealed store from Python (issue #13): seal → open, the
external-decryptor path, a store on disk written page by page, a writer
killed mid-page, and disposal by the grant's method with its receipt."""

import json
import os

import pytest

import govshare

DIGEST = "sha256:" + "a" * 64
HEAD = "3" * 64


def ctx(**over):
    values = dict(_from="11100000000000000A", to="11100000000000001B", about="grant-7/page-0", created=1764900000)
    values.update(over)
    return govshare.EnvelopeContext(**values)


def code(fn):
    with pytest.raises(govshare.GovshareError) as e:
        fn()
    return e.value.code


def test_envelope_round_trip_and_refusals():
    dept = govshare.Key.generate(govshare.algorithm("sm2-sm3"))
    sealed = govshare.seal_envelope(b"rows", dept.public_key(), ctx())
    opened = govshare.open_envelope(sealed, dept)
    assert opened.plaintext == b"rows"
    assert opened.info.context.about == "grant-7/page-0"
    assert "rows" not in repr(opened), "received data never shows in a repr"
    expect = govshare.EnvelopeExpectation(_from=None, to=None, about="grant-7/page-1")
    assert code(lambda: govshare.open_envelope(sealed, dept, expect)) == "envelope_context_mismatch"
    other = govshare.Key.generate(govshare.algorithm("sm2-sm3"))
    assert code(lambda: govshare.open_envelope(sealed, other)) == "envelope_wrong_recipient"
    doc = json.loads(sealed)
    for member, value in [("from", "X"), ("to", "Y"), ("about", "Z"), ("created", 1764900001)]:
        altered = json.dumps({**doc, member: value}).encode()
        assert code(lambda: govshare.open_envelope(altered, dept)) == "tag_mismatch", member


def test_a_device_unwraps_the_data_key():
    dept = govshare.Key.generate(govshare.algorithm("sm2-sm3"))
    sealed = govshare.seal_envelope(b"rows", dept, ctx())
    opening = govshare.EnvelopeOpening.parse(sealed)
    fmt = govshare.Sm2CiphertextFormat(order=govshare.sm2_ciphertext_order_from_name("c1c3c2"), point_prefix=True)
    data_key = govshare.sm2_decrypt(dept, opening.wrapped_key(), fmt)
    assert opening.finish(data_key) == b"rows"
    assert code(lambda: opening.finish(bytes(16))) == "tag_mismatch"
    kek = bytes([7]) * 16
    k = govshare.seal_envelope_with_kek(b"k", kek, "kms/1", ctx())
    assert govshare.open_envelope_with_kek(k, kek, "kms/1").plaintext == b"k"


def test_store_on_disk_torn_write_and_disposal(tmp_path):
    dept = govshare.Key.generate(govshare.algorithm("sm2-sm3"))
    me = govshare.StoreKey.sm2(dept)
    path = tmp_path / "received.gsstore"
    w = govshare.StoreWriter.create("app-1", "RES-1", 1764900000, govshare.StoreKey.sm2(dept.public_key()))
    big = os.urandom(150_000)
    with open(path, "ab") as f:
        f.write(w.header())
        f.write(w.put_page(0, DIGEST, b"page zero"))
        f.write(w.put_page(1, DIGEST, big))
    data = path.read_bytes()
    summary = govshare.verify_store(data)
    assert [p.chunks for p in summary.pages] == [1, 3] and not summary.torn_tail
    assert govshare.StoreReader.open(data, me).read_page(1) == big
    # A writer killed mid-line: the torn line is never read; page 1 is refused whole.
    torn = data[:-5]
    assert govshare.verify_store(torn).torn_tail
    assert code(lambda: govshare.StoreReader.open(torn, me).read_page(1)) == "store_page_unavailable"
    assert code(lambda: govshare.StoreWriter.resume(torn, me)) == "store_corrupt"
    resumed = govshare.StoreWriter.resume(torn[: govshare.verify_store(torn).intact_len], me)
    assert resumed.put_page(2, DIGEST, b"again")

    grant = govshare.Grant(
        application_id="app-1",
        requester_credit_code="11100000000000001B",
        resource_code="RES-1",
        items=["name"],
        valid_from="2026-01-01",
        valid_until="2026-12-31",
        state=govshare.ApplicationState.DISPOSAL_DUE,
        disposal_method=govshare.DisposalMethod.SEAL,
    )
    custodian = govshare.Key.generate(govshare.algorithm("sm2-sm3"))

    def request(method):
        return govshare.DisposalRequest(method=method, disposed_at="2027-01-05T10:00:00+08:00", actor="11100000000000001B")

    refused = lambda: govshare.dispose_store(data, grant, request(govshare.DisposalMethod.DELETE), me, HEAD, dept)
    assert code(refused) == "disposal_method_mismatch"
    d = govshare.dispose_store(data, grant, request(govshare.DisposalMethod.SEAL), me, HEAD, dept, custodian.public_key())
    assert d.receipt.method == govshare.DisposalMethod.SEAL
    assert d.receipt.store_digest == summary.digest
    assert govshare.StoreReader.open(d.store, govshare.StoreKey.sm2(custodian)).read_page(1) == big
    assert code(lambda: govshare.StoreReader.open(d.store, me)) == "envelope_wrong_recipient"
    assert govshare.disposal_receipt_event(d.receipt).action == govshare.AuditAction.DESTROY
