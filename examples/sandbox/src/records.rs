//! Generated records for a resource: deterministic, synthetic values shaped
//! like the real thing (valid check digits, plausible addresses), so clients
//! can exercise masking and its verification. No real person is described.

use govshare_core::catalog::{DataItem, ItemType, Resource};
use govshare_core::mask::detect::{resident_id_check_char, uscc_check_char};
use serde_json::Value;

/// Rows each resource has in the sandbox.
pub const ROWS_PER_RESOURCE: u64 = 50;

const SURNAMES: [&str; 10] = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const GIVEN: [&str; 10] = ["伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军"];
const PLACES: [(&str, &str, &str); 4] = [
    ("浙江省", "杭州市", "西湖区"),
    ("北京市", "北京市", "东城区"),
    ("广东省", "深圳市", "南山区"),
    ("四川省", "成都市", "武侯区"),
];
const STREETS: [&str; 4] = ["文三路", "建国路", "科技园路", "人民南路"];

/// A small deterministic mixer (SplitMix64) so every run serves the same data.
fn mix(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn seed_of(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

fn digits(r: u64, n: usize) -> String {
    let mut x = r;
    (0..n)
        .map(|_| {
            let d = (x % 10) as u8;
            x = mix(x);
            char::from(b'0' + d)
        })
        .collect()
}

fn pick<'a>(list: &[&'a str], r: u64) -> &'a str {
    list.get((r % list.len() as u64) as usize).copied().unwrap_or("")
}

fn resident_id(r: u64) -> String {
    let year = 1960 + r % 45;
    let month = 1 + (r >> 8) % 12;
    let day = 1 + (r >> 16) % 28;
    let first17 = format!("330106{year:04}{month:02}{day:02}{}", digits(r >> 24, 3));
    let check = resident_id_check_char(first17.as_bytes()).map(char::from).unwrap_or('0');
    format!("{first17}{check}")
}

fn luhn_complete(prefix: &str) -> String {
    let sum: u32 = prefix
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let dd = d * 2;
                if dd > 9 {
                    dd - 9
                } else {
                    dd
                }
            } else {
                d
            }
        })
        .sum();
    format!("{prefix}{}", (10 - sum % 10) % 10)
}

fn credit_code(r: u64) -> String {
    let first17 = format!("91330106MA{}", digits(r, 7));
    let check = uscc_check_char(first17.as_bytes()).map(char::from).unwrap_or('0');
    format!("{first17}{check}")
}

fn value(item: &DataItem, r: u64, row: u64) -> Value {
    let s = |t: String| Value::String(t);
    match item.pi_kind.as_deref() {
        Some("cn_resident_id") => return s(resident_id(r)),
        Some("cn_mobile") => return s(format!("13{}", digits(r, 9))),
        Some("cn_landline") => return s(format!("0571-8{}", digits(r, 7))),
        Some("name") => return s(format!("{}{}", pick(&SURNAMES, r), pick(&GIVEN, r >> 7))),
        Some("address") => {
            let (p, c, d) = PLACES.get((r % PLACES.len() as u64) as usize).copied().unwrap_or(PLACES[0]);
            return s(format!("{p}{c}{d}{}{}号", pick(&STREETS, r >> 5), 1 + (r >> 9) % 300));
        }
        Some("email") => return s(format!("user{}@example.com", 1000 + row)),
        Some("birth_date") => {
            return s(format!("{:04}-{:02}-{:02}", 1960 + r % 45, 1 + (r >> 8) % 12, 1 + (r >> 16) % 28))
        }
        Some("bank_card") => return s(luhn_complete(&format!("622202{}", digits(r, 12)))),
        Some("cn_uscc") => return s(credit_code(r)),
        Some("cn_plate") => return s(format!("浙A{}", digits(r, 5))),
        Some("cn_passport") => return s(format!("E{}", digits(r, 8))),
        Some(_) => return s(format!("{}（样例{}）", item.name, row + 1)),
        None => {}
    }
    match item.data_type {
        ItemType::D => s(format!("20{:02}-{:02}-{:02}", 15 + r % 10, 1 + (r >> 8) % 12, 1 + (r >> 16) % 28)),
        ItemType::T => s(format!(
            "20{:02}-{:02}-{:02}T{:02}:{:02}:00+08:00",
            15 + r % 10,
            1 + (r >> 8) % 12,
            1 + (r >> 16) % 28,
            (r >> 20) % 24,
            (r >> 26) % 60
        )),
        ItemType::N => Value::from(r % 1000),
        ItemType::Y => Value::from(((r % 100_000) as f64) / 100.0),
        ItemType::L => Value::Bool(r & 1 == 0),
        ItemType::I | ItemType::B | ItemType::F => s(format!("file-{:08x}.bin", r as u32)),
        ItemType::C | ItemType::M | ItemType::G => s(format!("{}（样例{}）", item.name, row + 1)),
    }
}

/// The generated record `row` (0-based) of `resource`, with the named items
/// in order (items the resource does not have are absent).
pub fn record(resource: &Resource, items: &[String], row: u64) -> Vec<(String, Value)> {
    let base = seed_of(&resource.code);
    items
        .iter()
        .filter_map(|name| {
            let item = resource.items.iter().find(|i| &i.name == name)?;
            let r = mix(base ^ seed_of(name) ^ mix(row));
            Some((name.clone(), value(item, r, row)))
        })
        .collect()
}
