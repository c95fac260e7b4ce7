"""Identifier detection that survives evasion, checked against Python's own
Unicode database (the standard library's `unicodedata`) through the wheel."""

import sys
import unicodedata

import govshare


def found(text, kind, span):
    raw = text.encode()
    return any(d.kind == kind and raw[d.start:d.end].decode() == span for d in govshare.detect_identifiers(text))


def chars(category):
    return [chr(cp) for cp in range(0x80, sys.maxunicode + 1)
            if not 0xD800 <= cp <= 0xDFFF and unicodedata.category(chr(cp)) == category]


def test_a_mobile_number_in_every_decimal_digit_script_is_found():
    zeros = [c for c in chars("Nd") if unicodedata.decimal(c) == 0]
    assert len(zeros) >= 60
    missed = []
    for zero in zeros:
        shown = "".join(chr(ord(zero) + int(d)) for d in "13812345678")
        if not found(f"电话{shown}。", "cn_mobile", shown):
            missed.append(hex(ord(zero)))
    assert missed == []


def test_every_format_character_inside_an_id_is_ignored():
    missed = [hex(ord(f)) for f in chars("Cf")
              if not found(f"身份证110105{f}19491231{f}002X，", "cn_resident_id", f"110105{f}19491231{f}002X")]
    assert missed == []


def test_every_space_and_dash_separates_groups():
    missed = [hex(ord(s)) for s in chars("Zs") + chars("Pd") + ["\u2212"]
              if not found(f"电话138{s}1234{s}5678。", "cn_mobile", f"138{s}1234{s}5678")]
    assert missed == []


def test_identifiers_in_keys_and_header_cells_are_found():
    report = govshare.mask_scan("csv", b"name,13812345678\n", None)
    # The name is shown redacted, like any value.
    assert [(f.field, f.kind, f.in_name) for f in report.findings] == [("1*********8", "cn_mobile", True)]
