//! Identifier classes (GB/T 37964-2019 §3.6) in the catalog: stated or
//! derived, kept through every form a catalog takes, and carried into a
//! derived masking policy and the de-identification columns.

use govshare_core::catalog::{Catalog, IdentifierClass};
use govshare_core::mask::MaskPolicy;

const DOC: &str = r#"{"format": "govshare-catalog", "format_version": 2,
 "catalog": {"id": "t", "name": "测试", "version": 1},
 "resources": [{"code": "101001/00001", "name": "就诊登记信息", "provider": "某市卫生健康委员会",
  "sharing": {"type": "unconditional"},
  "items": [
   {"name": "姓名", "type": "C", "grade": 2, "pi_kind": "name"},
   {"name": "出生日期", "type": "D", "grade": 2, "pi_kind": "birth_date", "authoritative": true},
   {"name": "诊断", "type": "C", "grade": 3, "identifier_class": "sensitive"},
   {"name": "区县", "type": "C", "grade": 2, "identifier_class": "准标识符"},
   {"name": "电话", "type": "C", "grade": 2, "pi_kind": "cn_mobile", "identifier_class": "other", "authoritative": true},
   {"name": "备注", "type": "M", "grade": 1, "identifier_class": "direct"}
  ]}]}"#;

fn classes(c: &Catalog) -> Vec<Option<IdentifierClass>> {
    c.resource("101001/00001").unwrap().items.iter().map(|i| i.identifier_class).collect()
}

#[test]
fn stated_classes_survive_json_and_snapshot() {
    use IdentifierClass::*;
    let c = Catalog::from_json(DOC.as_bytes()).unwrap();
    let want = vec![None, None, Some(Sensitive), Some(Quasi), Some(Other), Some(Direct)];
    assert_eq!(classes(&c), want);
    // The flag byte also holds the type and `authoritative`: neither is disturbed.
    let items = c.resource("101001/00001").unwrap().items;
    assert!(items[1].authoritative && items[4].authoritative && !items[5].authoritative);
    let again = Catalog::from_json(&c.to_json()).unwrap();
    assert_eq!(classes(&again), want);
    let snap = Catalog::from_snapshot(&c.to_snapshot()).unwrap();
    assert_eq!(classes(&snap), want);
    assert_eq!(snap.resource("101001/00001"), c.resource("101001/00001"));
}

#[test]
fn effective_class_is_stated_else_derived_from_pi_kind() {
    use IdentifierClass::*;
    let c = Catalog::from_json(DOC.as_bytes()).unwrap();
    let eff: Vec<_> =
        c.resource("101001/00001").unwrap().items.iter().map(|i| i.effective_identifier_class()).collect();
    assert_eq!(eff, vec![Direct, Quasi, Sensitive, Quasi, Other, Direct]);
    assert_eq!(IdentifierClass::default_for(None), Other);
    assert_eq!(IdentifierClass::default_for(Some("cn_uscc")), Other);
    assert_eq!(IdentifierClass::default_for(Some("cn_resident_id")), Direct);
    // Fail closed: a personal kind this build does not know counts in k.
    assert_eq!(IdentifierClass::default_for(Some("vaccination_record")), Quasi);
}

#[test]
fn a_forged_class_in_a_snapshot_is_refused_not_misread() {
    let c = Catalog::from_json(DOC.as_bytes()).unwrap();
    let snap = c.to_snapshot();
    // The item flags array: count 6, then type | (class + 1) << 4 | authoritative << 7.
    let flags = [6, 0, 0, 0, 0, 0, 0, 0, 0x00, 0x83, 0x30, 0x20, 0xC0, 0x16];
    let at = snap.windows(flags.len()).position(|w| w == flags).expect("the flags array") + 8;
    let forge = |byte: u8| {
        let mut f = snap.clone();
        f[at + 2] = byte;
        let crc = crc32fast::hash(&f[24..]);
        f[20..24].copy_from_slice(&crc.to_le_bytes());
        Catalog::from_snapshot(&f)
    };
    // In range: another class is read as that class (the checksum is not a signature).
    let other = forge(0x40).unwrap();
    assert_eq!(
        other.resource("101001/00001").unwrap().items[2].identifier_class,
        Some(IdentifierClass::Other)
    );
    // Out of range (5, 6, 7): refused, never read as "no class".
    for class in [0x50, 0x60, 0x70] {
        let e = forge(class).map(|_| ()).unwrap_err();
        assert_eq!(e.code(), "snapshot_invalid");
    }
    // An out-of-range item type in the low bits too.
    assert_eq!(forge(0x0F).map(|_| ()).unwrap_err().code(), "snapshot_invalid");
}

#[test]
fn derived_policies_carry_the_classes_into_deid_options() {
    let policy = MaskPolicy::derive_json(DOC, r#"{"map": {"姓名": "name", "出生日期": "birth", "诊断": "dx", "区县": "district", "电话": "phone", "备注": "note"}}"#).unwrap();
    let o = policy.deid_options().unwrap();
    assert_eq!(o.quasi, vec!["birth", "district"]);
    assert_eq!(o.sensitive, vec!["dx"]);
    assert_eq!(o.direct, vec!["name", "note"]);
    assert_eq!((o.k, o.l), (5, 2));
}
