//! Generalization of dates, addresses and ages.
//!
//! Addresses are cut by heuristics (there is no public parsing rule):
//! 1. Province: the address starts with one of the 34 province-level names
//!    (北京 … 澳门), optionally followed by 省, 市, 自治区 (with its ethnic
//!    prefix, e.g. 壮族自治区) or 特别行政区.
//! 2. City: after the province, the first 市, 州, 盟 or 地区 within 10
//!    characters (`X州市` counts as one: 苏州市, not 苏州). For the four
//!    municipalities (北京/天津/上海/重庆) the city level is the province.
//! 3. County: after the city (or the province when no city was found), the
//!    first 区, 县, 旗 or 市 (county-level city) within 10 characters.
//!
//! A value is cut at the requested level; when that level is not found, at
//! the deepest level found above it (coarser, so still compliant). A value in
//! which no level up to the requested one is found cannot be generalized.

/// Date generalization levels (coarser first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateLevel {
    Year,
    YearMonth,
}

/// Address generalization levels (coarser first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum AddrLevel {
    Province,
    City,
    County,
}

const PROVINCES: [&str; 34] = [
    "黑龙江",
    "内蒙古",
    "北京",
    "天津",
    "上海",
    "重庆",
    "河北",
    "山西",
    "辽宁",
    "吉林",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "海南",
    "四川",
    "贵州",
    "云南",
    "陕西",
    "甘肃",
    "青海",
    "台湾",
    "广西",
    "西藏",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
];
const MUNICIPALITIES: [&str; 4] = ["北京", "天津", "上海", "重庆"];
const PROVINCE_SUFFIXES: [&str; 8] =
    ["维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市", ""];
/// How far (in characters) a level marker may be from the previous level.
const WINDOW: usize = 10;

/// Byte offset right after the first marker within `WINDOW` characters of
/// `rest` (at least one character before the marker).
fn cut_after(rest: &str, markers: &[char], city: bool) -> Option<usize> {
    let mut chars = rest.char_indices().enumerate().peekable();
    while let Some((k, (pos, c))) = chars.next() {
        if k >= WINDOW {
            return None;
        }
        if k == 0 {
            continue;
        }
        if markers.contains(&c) {
            let mut end = pos + c.len_utf8();
            if city && c == '州' {
                if let Some((_, (p2, '市'))) = chars.peek() {
                    end = p2 + '市'.len_utf8();
                }
            }
            return Some(end);
        }
        if city && c == '地' && rest.get(pos..).is_some_and(|r| r.starts_with("地区")) {
            return Some(pos + "地区".len());
        }
    }
    None
}

/// The address cut at `level`, or `None` when no level up to it is found.
pub fn address(value: &str, level: AddrLevel) -> Option<&str> {
    let mut province_end = None;
    let mut muni = false;
    if let Some(p) = PROVINCES.iter().find(|p| value.starts_with(**p)) {
        let rest = value.get(p.len()..).unwrap_or("");
        let suffix = PROVINCE_SUFFIXES.iter().find(|s| rest.starts_with(**s)).map_or(0, |s| s.len());
        province_end = Some(p.len() + suffix);
        muni = MUNICIPALITIES.contains(p);
    }
    let base = province_end.unwrap_or(0);
    let city_end = if muni {
        province_end
    } else {
        value.get(base..).and_then(|r| cut_after(r, &['市', '州', '盟'], true)).map(|e| base + e)
    };
    let county_base = city_end.or(province_end).unwrap_or(0);
    let county_end = value
        .get(county_base..)
        .and_then(|r| cut_after(r, &['区', '县', '旗', '市'], false))
        .map(|e| county_base + e);
    let end = match level {
        AddrLevel::Province => province_end,
        AddrLevel::City => city_end.or(province_end),
        AddrLevel::County => county_end.or(city_end).or(province_end),
    }?;
    value.get(..end)
}

fn digits(s: &str, n: usize) -> Option<u32> {
    let t = s.get(..n)?;
    if t.bytes().all(|b| b.is_ascii_digit()) {
        t.parse().ok()
    } else {
        None
    }
}

/// Year and (when present) month of a date or date-time: `YYYY-MM-DD`,
/// `YYYY/MM/DD`, `YYYY.MM.DD`, `YYYYMMDD`, `YYYY年M月D日`, `YYYY-MM`, `YYYY`,
/// with anything after the day ignored (a time).
fn parse_date(v: &str) -> Option<(u32, Option<u32>)> {
    let year = digits(v, 4)?;
    let rest = v.get(4..)?;
    if rest.is_empty() {
        return Some((year, None));
    }
    let (month, after) =
        if let Some(m) = digits(rest, 2).filter(|_| rest.len() >= 4 && digits(rest, 4).is_some()) {
            (m, rest.get(2..)?)
        } else {
            let sep = rest.chars().next()?;
            if !matches!(sep, '-' | '/' | '.' | '年') {
                return None;
            }
            let r = rest.get(sep.len_utf8()..)?;
            let n = r.bytes().take_while(u8::is_ascii_digit).count();
            if !(1..=2).contains(&n) {
                return None;
            }
            (digits(r, n)?, r.get(n..)?)
        };
    if !(1..=12).contains(&month) {
        return None;
    }
    let _ = after;
    Some((year, Some(month)))
}

/// The date generalized to `level` (`YYYY` or `YYYY-MM`).
pub fn date(value: &str, level: DateLevel) -> Option<String> {
    let (y, m) = parse_date(value.trim())?;
    Some(match (level, m) {
        (DateLevel::YearMonth, Some(m)) => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}"),
    })
}

/// `YYYY`, or for `year_month` also `YYYY-MM`.
pub fn is_generalized_date(v: &str, level: DateLevel) -> bool {
    if v.len() == 4 && digits(v, 4).is_some() {
        return true;
    }
    level == DateLevel::YearMonth
        && v.len() == 7
        && digits(v, 4).is_some()
        && v.as_bytes().get(4) == Some(&b'-')
        && v.get(5..).and_then(|m| digits(m, 2)).is_some_and(|m| (1..=12).contains(&m))
}

/// An age (`35`, `35岁`) as a band `lo-hi` of `width` years.
pub fn age(value: &str, width: u32) -> Option<String> {
    let v = value.trim();
    let v = v.strip_suffix('岁').unwrap_or(v);
    if v.is_empty() || v.len() > 3 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let a: u32 = v.parse().ok()?;
    let lo = a / width * width;
    Some(format!("{lo}-{}", lo.saturating_add(width - 1)))
}

/// `lo-hi` covering at least `width` years.
pub fn is_age_band(v: &str, width: u32) -> bool {
    let Some((lo, hi)) = v.split_once('-') else { return false };
    let num = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    match (num(lo), num(hi)) {
        (Some(lo), Some(hi)) => hi >= lo && hi - lo + 1 >= width,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses() {
        let a = "浙江省杭州市西湖区文三路100号";
        assert_eq!(address(a, AddrLevel::Province), Some("浙江省"));
        assert_eq!(address(a, AddrLevel::City), Some("浙江省杭州市"));
        assert_eq!(address(a, AddrLevel::County), Some("浙江省杭州市西湖区"));
        assert_eq!(address("北京市海淀区中关村大街1号", AddrLevel::City), Some("北京市"));
        assert_eq!(address("北京市海淀区中关村大街1号", AddrLevel::County), Some("北京市海淀区"));
        assert_eq!(address("江苏省苏州市姑苏区", AddrLevel::City), Some("江苏省苏州市"));
        assert_eq!(address("广西壮族自治区南宁市青秀区", AddrLevel::Province), Some("广西壮族自治区"));
        assert_eq!(
            address("内蒙古自治区锡林郭勒盟锡林浩特市", AddrLevel::County),
            Some("内蒙古自治区锡林郭勒盟锡林浩特市")
        );
        assert_eq!(address("杭州市西湖区", AddrLevel::Province), None);
        assert_eq!(address("杭州市", AddrLevel::County), Some("杭州市"));
    }

    #[test]
    fn dates_and_ages() {
        assert_eq!(date("1985-03-02", DateLevel::Year).as_deref(), Some("1985"));
        assert_eq!(date("19850302", DateLevel::YearMonth).as_deref(), Some("1985-03"));
        assert_eq!(date("1985年3月2日", DateLevel::YearMonth).as_deref(), Some("1985-03"));
        assert_eq!(date("March 1985", DateLevel::Year), None);
        assert!(!is_generalized_date("1985-03-02", DateLevel::Year));
        assert!(is_generalized_date("1985-03", DateLevel::YearMonth));
        assert_eq!(age("35", 10).as_deref(), Some("30-39"));
        assert!(is_age_band("30-39", 10) && !is_age_band("30-34", 10));
    }
}
