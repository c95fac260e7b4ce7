//! Working-day deadlines of an application's answer steps.
//!
//! Steps run one after another. "Within N working days" ends on the N-th
//! working day after the day the step starts (the start day is not
//! counted). A step starts on the day the previous one completed, or — if
//! it has not completed — on the day it was due. Days are Beijing dates.

use serde::{Deserialize, Serialize};

use super::calendar::WorkCalendar;
use super::finding::{Finding, Severity};
use super::time::{parse_timestamp, Day};
use crate::Result;

/// Time limits in working days. The decree's own numbers were not public
/// when this was written; the defaults follow a published 2024 local rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DeadlinePolicy {
    /// Coordinating department's compliance review (default 2).
    #[cfg_attr(feature = "uniffi", uniffi(default = 2))]
    pub compliance_review_days: u32,
    /// Provider's answer when the data is already on the platform (default 5).
    #[cfg_attr(feature = "uniffi", uniffi(default = 5))]
    pub answer_days_on_platform: u32,
    /// Provider's answer otherwise, and for data needs (default 10).
    #[cfg_attr(feature = "uniffi", uniffi(default = 10))]
    pub answer_days_not_on_platform: u32,
}

impl Default for DeadlinePolicy {
    fn default() -> Self {
        DeadlinePolicy {
            compliance_review_days: 2,
            answer_days_on_platform: 5,
            answer_days_not_on_platform: 10,
        }
    }
}

/// Which answer path an application takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Track {
    /// 无条件共享: authorized directly after the compliance review.
    Unconditional,
    /// 有条件共享: the provider reviews and answers.
    Conditional,
    /// 不予共享: refused at the compliance review.
    NotShared,
    /// 需求清单: data not in the catalog; the longer answer limit applies.
    DataNeed,
}

/// What the schedule is computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ScheduleInput {
    /// RFC 3339 time of submission.
    pub submitted_at: String,
    pub track: Track,
    /// The requested data is already published on the platform (conditional track).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub data_on_platform: bool,
    /// RFC 3339 time the compliance review completed, if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub review_completed_at: Option<String>,
    /// RFC 3339 time the provider answered, if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub answered_at: Option<String>,
}

/// A step of the answer process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum StepKind {
    ComplianceReview,
    ProviderAnswer,
}

/// One step with its due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct StepDeadline {
    pub step: StepKind,
    /// Beijing date the step started (not counted).
    pub starts: String,
    pub working_days: u32,
    /// Last Beijing date on which the step is on time.
    pub due: String,
    /// Beijing date it completed, if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub completed: Option<String>,
    /// Completed after `due`, or not completed and `now` is past `due`.
    pub overdue: bool,
}

/// The steps, and warnings such as `calendar_out_of_range`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Schedule {
    pub steps: Vec<StepDeadline>,
    pub findings: Vec<Finding>,
}

/// Computes each step's due date and whether it is overdue at `now` (RFC 3339).
pub fn schedule(
    calendar: &WorkCalendar,
    policy: &DeadlinePolicy,
    input: &ScheduleInput,
    now: &str,
) -> Result<Schedule> {
    super::calendar::check_days(policy.compliance_review_days, "compliance_review_days")?;
    super::calendar::check_days(policy.answer_days_on_platform, "answer_days_on_platform")?;
    super::calendar::check_days(policy.answer_days_not_on_platform, "answer_days_not_on_platform")?;
    let now_day = Day::of_instant_cst(parse_timestamp(now, "now")?);
    let submitted = Day::of_instant_cst(parse_timestamp(&input.submitted_at, "$.submitted_at")?);
    let review_done = match &input.review_completed_at {
        Some(t) => Some(Day::of_instant_cst(parse_timestamp(t, "$.review_completed_at")?)),
        None => None,
    };
    let answered = match &input.answered_at {
        Some(t) => Some(Day::of_instant_cst(parse_timestamp(t, "$.answered_at")?)),
        None => None,
    };
    let mut plan = vec![(StepKind::ComplianceReview, policy.compliance_review_days, review_done)];
    let answer_days = match input.track {
        Track::Conditional if input.data_on_platform => Some(policy.answer_days_on_platform),
        Track::Conditional | Track::DataNeed => Some(policy.answer_days_not_on_platform),
        Track::Unconditional | Track::NotShared => None,
    };
    if let Some(days) = answer_days {
        plan.push((StepKind::ProviderAnswer, days, answered));
    }
    let mut steps = Vec::new();
    let mut out_of_range = false;
    let mut start = submitted;
    for (step, days, completed) in plan {
        let (due, in_range) = calendar.add_working_days(start, days);
        out_of_range |= !in_range;
        let overdue = match completed {
            Some(c) => c > due,
            None => now_day > due,
        };
        steps.push(StepDeadline {
            step,
            starts: start.to_string(),
            working_days: days,
            due: due.to_string(),
            completed: completed.map(|c| c.to_string()),
            overdue,
        });
        start = completed.unwrap_or(due);
    }
    let mut findings = Vec::new();
    if out_of_range {
        let years = calendar.years();
        let known = match (years.first(), years.last()) {
            (Some(a), Some(b)) => format!("{a}–{b}"),
            _ => "none".to_owned(),
        };
        findings.push(Finding::new(
            "calendar_out_of_range",
            Severity::Warning,
            "$",
            format!("a deadline runs past the loaded holiday calendar (years {known}); those days were counted as weekdays-only working days — load the newer schedule"),
            format!("期限超出已加载的节假日安排（{known} 年），超出部分仅按周末计算非工作日——请加载新年度安排"),
        ));
    }
    Ok(Schedule { steps, findings })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(track: Track, at: &str, on_platform: bool) -> Schedule {
        let input = ScheduleInput {
            submitted_at: at.into(),
            track,
            data_on_platform: on_platform,
            review_completed_at: None,
            answered_at: None,
        };
        schedule(&WorkCalendar::embedded(), &DeadlinePolicy::default(), &input, "2026-03-05T09:00:00+08:00")
            .expect("schedule")
    }

    #[test]
    fn spring_festival_2026() {
        // Fri 02-13 → Sat 02-14 (make-up) is day 1; 02-15..23 off; Tue 02-24 day 2.
        let s = run(Track::Conditional, "2026-02-13T10:00:00+08:00", true);
        assert_eq!(s.steps[0].due, "2026-02-24");
        // From 02-24: 25, 26, 27, Sat 28 (make-up), Mon 03-02.
        assert_eq!(s.steps[1].due, "2026-03-02");
        assert!(s.steps[1].overdue);
        assert!(s.findings.is_empty());
    }

    #[test]
    fn out_of_range_warns() {
        let s = run(Track::DataNeed, "2026-12-28T10:00:00+08:00", false);
        assert_eq!(s.findings[0].code, "calendar_out_of_range");
        assert_eq!(s.steps[0].due, "2026-12-30");
        // 12-31, then 2027 weekdays only: 01-01 (Fri) … counted as working.
        assert_eq!(s.steps[1].due, "2027-01-13");
    }
}
