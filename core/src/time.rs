//! Dates and timestamps without a date crate: `YYYY-MM-DD` calendar dates,
//! RFC 3339 timestamps, and the China Standard Time (UTC+8) date of an
//! instant — deadlines and validity are counted in Beijing dates.

use crate::{Error, Location, Result};

/// A proleptic Gregorian date as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(pub i64);

/// China Standard Time offset, seconds.
const CST_OFFSET_S: i64 = 8 * 3600;

impl Day {
    /// Days since the epoch of a civil date (H. Hinnant's algorithm).
    pub fn from_ymd(y: i64, m: u32, d: u32) -> Day {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(m);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Day(era * 146_097 + doe - 719_468)
    }

    /// The civil date of a day.
    pub fn ymd(self) -> (i64, u32, u32) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        (y, m, d)
    }

    pub fn year(self) -> i64 {
        self.ymd().0
    }

    /// 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    pub fn weekday(self) -> u32 {
        (self.0 + 3).rem_euclid(7) as u32 + 1
    }

    pub fn is_weekend(self) -> bool {
        self.weekday() >= 6
    }

    pub fn succ(self) -> Day {
        Day(self.0 + 1)
    }

    /// Parses `YYYY-MM-DD` strictly; `path` names the field in errors.
    pub fn parse(text: &str, path: &str) -> Result<Day> {
        parse_date(text.as_bytes()).ok_or_else(|| Error::InvalidValue {
            location: Location::path(path),
            detail: "expected a date YYYY-MM-DD".into(),
        })
    }

    /// The China Standard Time date of a Unix time in milliseconds.
    pub fn of_instant_cst(unix_ms: i64) -> Day {
        Day((unix_ms.div_euclid(1000) + CST_OFFSET_S).div_euclid(86_400))
    }

    /// Midnight (00:00 CST) at the start of this day, as Unix milliseconds.
    pub fn start_cst_ms(self) -> i64 {
        (self.0 * 86_400 - CST_OFFSET_S) * 1000
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn num(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    b.iter().try_fold(0u32, |acc, &c| acc.checked_mul(10)?.checked_add(u32::from(c - b'0')))
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn parse_date(b: &[u8]) -> Option<Day> {
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let y = i64::from(num(b.get(0..4)?)?);
    let m = num(b.get(5..7)?)?;
    let d = num(b.get(8..10)?)?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    Some(Day::from_ymd(y, m, d))
}

/// Parses an RFC 3339 timestamp (`2026-02-13T09:30:00+08:00`, `…Z`, optional
/// fraction) into Unix milliseconds; `path` names the field in errors.
pub fn parse_timestamp(text: &str, path: &str) -> Result<i64> {
    parse_ts(text.as_bytes()).ok_or_else(|| Error::InvalidValue {
        location: Location::path(path),
        detail: "expected an RFC 3339 timestamp like 2026-02-13T09:30:00+08:00".into(),
    })
}

/// Writes a Unix time (seconds) as an RFC 3339 timestamp in China Standard
/// Time, `2026-02-13T09:30:00+08:00`: the form [`parse_timestamp`] reads
/// back to the same instant, and the zone the decree's days are counted in.
/// `invalid_argument` for an instant outside the years 0000–9999, which
/// RFC 3339 cannot write.
pub fn format_timestamp_cst(unix_seconds: i64) -> Result<String> {
    let out_of_range = || Error::InvalidArgument {
        name: "time".into(),
        detail: "outside the years 0000-9999 an RFC 3339 timestamp can name".into(),
    };
    let local = unix_seconds.checked_add(CST_OFFSET_S).ok_or_else(out_of_range)?;
    let (y, m, d) = Day(local.div_euclid(86_400)).ymd();
    if !(0..=9999).contains(&y) {
        return Err(out_of_range());
    }
    let t = local.rem_euclid(86_400);
    Ok(format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+08:00", t / 3600, t / 60 % 60, t % 60))
}

fn parse_ts(b: &[u8]) -> Option<i64> {
    let day = parse_date(b.get(0..10)?)?;
    if !matches!(b.get(10), Some(b'T' | b't')) || b.get(13) != Some(&b':') || b.get(16) != Some(&b':') {
        return None;
    }
    let h = num(b.get(11..13)?)?;
    let mi = num(b.get(14..16)?)?;
    let s = num(b.get(17..19)?)?;
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut i = 19;
    let mut ms = 0i64;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let from = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            if i - from < 3 {
                ms = ms * 10 + i64::from(b.get(i).copied().unwrap_or(b'0') - b'0');
            }
            i += 1;
        }
        if i == from {
            return None;
        }
        for _ in (i - from)..3 {
            ms *= 10;
        }
    }
    let offset_s: i64 = match b.get(i..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), rest @ ..] if rest.len() == 5 && rest.get(2) == Some(&b':') => {
            let oh = num(rest.get(0..2)?)?;
            let om = num(rest.get(3..5)?)?;
            if oh > 23 || om > 59 {
                return None;
            }
            let o = i64::from(oh * 3600 + om * 60);
            if *sign == b'-' {
                -o
            } else {
                o
            }
        }
        _ => return None,
    };
    let secs = day.0 * 86_400 + i64::from(h * 3600 + mi * 60 + s.min(59)) - offset_s;
    Some(secs * 1000 + ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_weekdays() {
        let d = Day::parse("2026-02-14", "$").expect("date");
        assert_eq!(d.to_string(), "2026-02-14");
        assert_eq!(d.weekday(), 6); // Saturday
        assert_eq!(Day::parse("2024-02-29", "$").expect("leap").succ().to_string(), "2024-03-01");
        assert!(Day::parse("2025-02-29", "$").is_err());
        assert!(Day::parse("2025-1-01", "$").is_err());
        assert_eq!(Day(0).to_string(), "1970-01-01");
    }

    #[test]
    fn timestamps() {
        assert_eq!(parse_timestamp("1970-01-01T00:00:00Z", "$").expect("ts"), 0);
        assert_eq!(parse_timestamp("1970-01-01T08:00:00.5+08:00", "$").expect("ts"), 500);
        let t = parse_timestamp("2026-02-13T23:30:00Z", "$").expect("ts");
        assert_eq!(Day::of_instant_cst(t).to_string(), "2026-02-14");
        assert!(parse_timestamp("2026-02-13 23:30:00Z", "$").is_err());
        assert!(parse_timestamp("2026-02-13T23:30:00", "$").is_err());
    }

    #[test]
    fn timestamps_are_written_in_cst_and_read_back() {
        assert_eq!(format_timestamp_cst(0).expect("epoch"), "1970-01-01T08:00:00+08:00");
        assert_eq!(format_timestamp_cst(-1).expect("before"), "1970-01-01T07:59:59+08:00");
        assert_eq!(format_timestamp_cst(1_781_000_000).expect("2026"), "2026-06-09T18:13:20+08:00");
        for secs in [0, -1, 1_781_000_000, -62_167_248_000, 253_402_271_999] {
            let text = format_timestamp_cst(secs).expect("in range");
            assert_eq!(parse_timestamp(&text, "$").expect("reads back"), secs * 1000, "{text}");
        }
        // 0000-01-01T00:00:00+08:00 is the first instant, 9999-12-31T23:59:59+08:00 the last.
        for secs in [-62_167_248_001, 253_402_272_000, i64::MAX, i64::MIN] {
            assert_eq!(format_timestamp_cst(secs).unwrap_err().code(), "invalid_argument", "{secs}");
        }
    }
}
