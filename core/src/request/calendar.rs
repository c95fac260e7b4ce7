//! The working-day calendar: weekends plus the State Council's published
//! holidays and make-up working days (调休上班), loaded from data so newer
//! years are added without a release. The 2025–2026 schedules are embedded.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::time::Day;
use crate::{Error, Location, Result};

/// The embedded schedules (a copy of the State Council notices, same format
/// as [`WorkCalendar::from_json`] reads).
pub const EMBEDDED_HOLIDAYS_JSON: &str = include_str!("../../data/holidays-cn.json");

/// The calendar file format (see docs/request.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "wasm", tsify(hashmap_as_object))]
pub struct HolidayFile {
    /// Where the schedule comes from.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub source: String,
    /// Year (`"2026"`) → that year's schedule.
    pub years: HashMap<String, YearSchedule>,
}

/// One year's schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
#[cfg_attr(feature = "wasm", tsify(hashmap_as_object))]
pub struct YearSchedule {
    /// Holiday name (`春节`) → days off, `YYYY-MM-DD`.
    pub holidays: HashMap<String, Vec<String>>,
    /// Weekend days that are working days.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub makeup_workdays: Vec<String>,
}

#[derive(Debug, Clone, Default)]
struct Year {
    off: HashSet<Day>,
    makeup: HashSet<Day>,
}

/// A loaded calendar. Years it does not cover count weekends only, and
/// the deadline code reports that with a `calendar_out_of_range` warning.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    years: BTreeMap<i64, Year>,
}

/// Whether a day is worked, and whether the calendar knew that year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DayKind {
    pub working: bool,
    pub in_range: bool,
}

/// The end of "within N working days" of a start date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DueDate {
    /// `YYYY-MM-DD`.
    pub due: String,
    /// False if a day counted was outside the loaded years (weekends-only there).
    pub in_range: bool,
}

impl WorkCalendar {
    /// The embedded 2025–2026 calendar.
    pub fn embedded() -> Self {
        // The embedded file is checked by tests; an empty calendar (weekends
        // only, with warnings) is the safe fallback should it ever not parse.
        Self::from_json(EMBEDDED_HOLIDAYS_JSON).unwrap_or_default()
    }

    /// Reads a calendar file.
    pub fn from_json(text: &str) -> Result<Self> {
        let mut cal = WorkCalendar::default();
        cal.add_json(text)?;
        Ok(cal)
    }

    /// Adds (or replaces) the years of another calendar file.
    pub fn add_json(&mut self, text: &str) -> Result<()> {
        crate::jcs::validate(text.as_bytes())?;
        let file: HolidayFile = serde_json::from_str(text).map_err(|e| crate::error::json_error(&e))?;
        let mut staged = Vec::new();
        for (key, sched) in &file.years {
            let base = format!("$.years[{key:?}]");
            let year: i64 = key
                .parse()
                .ok()
                .filter(|y| (1900..=9999).contains(y) && key.len() == 4)
                .ok_or_else(|| invalid(&base, "a year must be four digits"))?;
            let mut y = Year::default();
            let mut names: Vec<&String> = sched.holidays.keys().collect();
            names.sort();
            for name in names {
                for (i, d) in sched.holidays.get(name).into_iter().flatten().enumerate() {
                    let path = format!("{base}.holidays[{name:?}][{i}]");
                    y.off.insert(in_year(d, year, &path)?);
                }
            }
            for (i, d) in sched.makeup_workdays.iter().enumerate() {
                let path = format!("{base}.makeup_workdays[{i}]");
                let day = in_year(d, year, &path)?;
                if y.off.contains(&day) {
                    return Err(invalid(&path, "a day cannot be both a holiday and a make-up working day"));
                }
                y.makeup.insert(day);
            }
            staged.push((year, y));
        }
        self.years.extend(staged);
        Ok(())
    }

    /// The years the calendar covers, ascending.
    pub fn years(&self) -> Vec<u32> {
        self.years.keys().filter_map(|&y| u32::try_from(y).ok()).collect()
    }

    /// Whether `day` is a working day.
    pub fn day_kind(&self, day: Day) -> DayKind {
        match self.years.get(&day.year()) {
            Some(y) if y.makeup.contains(&day) => DayKind { working: true, in_range: true },
            Some(y) if y.off.contains(&day) => DayKind { working: false, in_range: true },
            Some(_) => DayKind { working: !day.is_weekend(), in_range: true },
            None => DayKind { working: !day.is_weekend(), in_range: false },
        }
    }

    /// Whether a `YYYY-MM-DD` date is a working day (and whether it was in range).
    pub fn is_working_day(&self, date: &str) -> Result<DayKind> {
        Ok(self.day_kind(Day::parse(date, "date")?))
    }

    /// [`Self::add_working_days`] on `YYYY-MM-DD` text.
    pub fn due_date(&self, start: &str, n: u32) -> Result<DueDate> {
        check_days(n, "days")?;
        let (due, in_range) = self.add_working_days(Day::parse(start, "start")?, n);
        Ok(DueDate { due: due.to_string(), in_range })
    }

    /// The N-th working day after `start` (start not counted); `n == 0`
    /// gives `start`. The flag is false if any day counted was outside the
    /// loaded years.
    pub fn add_working_days(&self, start: Day, n: u32) -> (Day, bool) {
        let mut day = start;
        let mut in_range = true;
        let mut left = n;
        while left > 0 {
            day = day.succ();
            let kind = self.day_kind(day);
            in_range &= kind.in_range;
            if kind.working {
                left -= 1;
            }
        }
        (day, in_range)
    }
}

impl WorkCalendar {
    /// Working days `d` with `after < d <= until` (how late a step is), or
    /// None when a day in between lies outside the loaded years.
    pub fn working_days_between(&self, after: Day, until: Day) -> Option<u32> {
        let mut day = after;
        let mut count = 0u32;
        while day < until {
            day = day.succ();
            let kind = self.day_kind(day);
            if !kind.in_range {
                return None;
            }
            count += u32::from(kind.working);
        }
        Some(count)
    }
}

/// Longest time limit accepted, in working days (about ten years).
pub const MAX_WORKING_DAYS: u32 = 2500;

/// Refuses limits beyond [`MAX_WORKING_DAYS`] (a typo, not a policy).
pub(crate) fn check_days(n: u32, name: &str) -> Result<()> {
    if n > MAX_WORKING_DAYS {
        return Err(Error::InvalidArgument {
            name: name.to_owned(),
            detail: format!("at most {MAX_WORKING_DAYS} working days"),
        });
    }
    Ok(())
}

fn invalid(path: &str, detail: &str) -> Error {
    Error::InvalidValue { location: Location::path(path), detail: detail.to_owned() }
}

fn in_year(text: &str, year: i64, path: &str) -> Result<Day> {
    let day = Day::parse(text, path)?;
    if day.year() != year {
        return Err(invalid(path, "the date is not in the year it is listed under"));
    }
    Ok(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        Day::parse(s, "$").expect("date")
    }

    #[test]
    fn embedded_calendar_loads_both_years() {
        let cal = WorkCalendar::embedded();
        assert_eq!(cal.years(), [2025, 2026]);
        assert!(cal.day_kind(d("2026-02-14")).working); // Saturday make-up day
        assert!(!cal.day_kind(d("2026-02-16")).working); // Monday, 春节
        assert!(!cal.day_kind(d("2027-01-02")).in_range);
    }

    #[test]
    fn rejects_inconsistent_files() {
        let clash =
            r#"{"years":{"2030":{"holidays":{"x":["2030-01-05"]},"makeup_workdays":["2030-01-05"]}}}"#;
        assert_eq!(WorkCalendar::from_json(clash).unwrap_err().code(), "invalid_value");
        let wrong_year = r#"{"years":{"2030":{"holidays":{"x":["2031-01-01"]}}}}"#;
        assert_eq!(WorkCalendar::from_json(wrong_year).unwrap_err().code(), "invalid_value");
        let unknown = r#"{"years":{},"extra":1}"#;
        assert_eq!(WorkCalendar::from_json(unknown).unwrap_err().code(), "invalid_value");
    }
}
