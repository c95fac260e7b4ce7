//! Working-day time limits of the sharing process, as 《政务数据共享条例》
//! (Decree No. 809) sets them, and a schedule that says for each step its
//! article, its due date and whether it was met.
//!
//! **Our reading of "within N working days from X"** (the decree does not
//! define it): the period ends on the N-th working day *after* the day of X —
//! X itself is not counted (Civil Code Art. 201), and a period cannot end on
//! a day off because only working days are counted (compare Art. 203 and
//! Administrative Licensing Law Art. 82). Working days come from the
//! State Council's holiday schedules ([`WorkCalendar`]). Days are Beijing
//! dates. Where a day needed for a step lies outside the calendar's years,
//! the step is `unknown` with a `calendar_out_of_range` finding — never a guess.
//!
//! The limits are data ([`DeadlineProfile`]): [`DeadlineProfile::national`]
//! is the decree's and the default; Art. 23 lets localities be stricter, and
//! a looser profile is reported (`profile_looser_than_decree`). See
//! docs/decree.md for every article and reading.

use serde::{Deserialize, Serialize};

use super::calendar::{check_days, WorkCalendar};
use crate::finding::{Finding, Severity};
use crate::time::{parse_timestamp, Day};
use crate::{Error, Location, Result};

/// The decree's floor for keeping usage records, in years (Art. 29).
pub const MIN_RECORDS_RETENTION_YEARS: u32 = 3;

/// Time limits in working days, as data. Every field defaults to the
/// decree's national value, so a profile file names only what it changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DeadlineProfile {
    /// The profile's name, reported with every schedule.
    #[cfg_attr(feature = "uniffi", uniffi(default = "national"))]
    pub name: String,
    /// A review by the coordinating department before the provider answers.
    /// The decree has none (0); only some local rules do.
    #[cfg_attr(feature = "uniffi", uniffi(default = 0))]
    pub review_days: u32,
    /// Art. 21: answer for unconditional data (1).
    #[cfg_attr(feature = "uniffi", uniffi(default = 1))]
    pub answer_days_unconditional: u32,
    /// Art. 21: answer for conditional data (10).
    #[cfg_attr(feature = "uniffi", uniffi(default = 10))]
    pub answer_days_conditional: u32,
    /// Answer to a data need outside the catalog (Art. 20's supply-demand
    /// mechanism). The decree sets no number; our reading is the conditional
    /// limit (10).
    #[cfg_attr(feature = "uniffi", uniffi(default = 10))]
    pub answer_days_data_need: u32,
    /// Art. 21: an extension, approved by the coordinating department and
    /// told to the requester, of at most 10.
    #[cfg_attr(feature = "uniffi", uniffi(default = 10))]
    pub max_extension_days: u32,
    /// Art. 22: delivery after agreement (20).
    #[cfg_attr(feature = "uniffi", uniffi(default = 20))]
    pub delivery_days: u32,
    /// Art. 26: answer to a correction (校核) request (10).
    #[cfg_attr(feature = "uniffi", uniffi(default = 10))]
    pub correction_days: u32,
    /// Art. 27: disposal after the period of use ends. The decree sets no
    /// number (0: due on the last day of use); the provider's requirement may.
    #[cfg_attr(feature = "uniffi", uniffi(default = 0))]
    pub disposal_days: u32,
    /// Our reading: materials supplied after a request for materials
    /// (Art. 21 ¶2) restart the answer clock.
    #[cfg_attr(feature = "uniffi", uniffi(default = true))]
    pub restart_on_resubmission: bool,
    /// Art. 17: catalog update after a legal or duty change (10).
    #[cfg_attr(feature = "uniffi", uniffi(default = 10))]
    pub catalog_update_days: u32,
    /// Art. 17: extra days with the coordinating department's consent (5).
    #[cfg_attr(feature = "uniffi", uniffi(default = 5))]
    pub catalog_update_extension_days: u32,
    /// Art. 17: review and publication of the update (2).
    #[cfg_attr(feature = "uniffi", uniffi(default = 2))]
    pub catalog_publication_days: u32,
    /// Art. 29: years usage records are kept (never below 3).
    #[cfg_attr(feature = "uniffi", uniffi(default = 3))]
    pub records_retention_years: u32,
}

impl Default for DeadlineProfile {
    fn default() -> Self {
        DeadlineProfile::national()
    }
}

impl DeadlineProfile {
    /// The decree's limits (Art. 17, 21, 22, 26, 29).
    pub fn national() -> Self {
        DeadlineProfile {
            name: "national".into(),
            review_days: 0,
            answer_days_unconditional: 1,
            answer_days_conditional: 10,
            answer_days_data_need: 10,
            max_extension_days: 10,
            delivery_days: 20,
            correction_days: 10,
            disposal_days: 0,
            restart_on_resubmission: true,
            catalog_update_days: 10,
            catalog_update_extension_days: 5,
            catalog_publication_days: 2,
            records_retention_years: MIN_RECORDS_RETENTION_YEARS,
        }
    }

    /// A published 2024 **local** rule that predates the decree: a 2-day
    /// review by the coordinating department, unconditional data granted at
    /// that review, 10 days for conditional answers. Not the national
    /// process; kept for departments still bound by it (and it is looser
    /// than the decree for unconditional data, which schedules report).
    pub fn local_2024() -> Self {
        DeadlineProfile {
            name: "local-2024".into(),
            review_days: 2,
            answer_days_unconditional: 0,
            ..DeadlineProfile::national()
        }
    }

    /// The built-in profile names.
    pub const NAMES: [&'static str; 2] = ["national", "local-2024"];

    /// A built-in profile by name (`national`, `local-2024`).
    pub fn named(name: &str) -> Result<Self> {
        match name {
            "national" => Ok(DeadlineProfile::national()),
            "local-2024" => Ok(DeadlineProfile::local_2024()),
            _ => Err(Error::InvalidArgument {
                name: "profile".into(),
                detail: format!("unknown deadline profile; built in: {}", Self::NAMES.join(", ")),
            }),
        }
    }

    /// Reads a profile file (JSON; absent fields take the national value).
    pub fn from_json(text: &str) -> Result<Self> {
        crate::jcs::validate(text.as_bytes())?;
        let profile: DeadlineProfile =
            serde_json::from_str(text).map_err(|e| crate::error::json_error(&e))?;
        profile.check()?;
        Ok(profile)
    }

    /// Refuses a profile that cannot be lawful or is a typo: records kept
    /// under the decree's 3 years (Art. 29), limits beyond ten years.
    pub fn check(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(invalid("$.name", "a profile needs a name"));
        }
        if self.records_retention_years < MIN_RECORDS_RETENTION_YEARS {
            return Err(invalid(
                "$.records_retention_years",
                "records are kept at least 3 years (Art. 29 of Decree No. 809)",
            ));
        }
        for (days, name) in [
            (self.review_days, "review_days"),
            (self.answer_days_unconditional, "answer_days_unconditional"),
            (self.answer_days_conditional, "answer_days_conditional"),
            (self.answer_days_data_need, "answer_days_data_need"),
            (self.max_extension_days, "max_extension_days"),
            (self.delivery_days, "delivery_days"),
            (self.correction_days, "correction_days"),
            (self.disposal_days, "disposal_days"),
            (self.catalog_update_days, "catalog_update_days"),
            (self.catalog_update_extension_days, "catalog_update_extension_days"),
            (self.catalog_publication_days, "catalog_publication_days"),
        ] {
            check_days(days, name)?;
        }
        Ok(())
    }

    /// Whether any limit is longer than the decree allows (Art. 21, 22, 26;
    /// Art. 23 lets localities only shorten them).
    pub fn is_looser_than_decree(&self) -> bool {
        let n = DeadlineProfile::national();
        self.review_days + self.answer_days_unconditional > n.answer_days_unconditional
            || self.review_days + self.answer_days_conditional > n.answer_days_conditional
            || self.answer_days_data_need > n.answer_days_data_need
            || self.max_extension_days > n.max_extension_days
            || self.delivery_days > n.delivery_days
            || self.correction_days > n.correction_days
    }

    fn answer_days(&self, track: Track) -> Option<u32> {
        match track {
            Track::Unconditional => Some(self.answer_days_unconditional),
            Track::Conditional => Some(self.answer_days_conditional),
            Track::DataNeed => Some(self.answer_days_data_need),
            Track::NotShared => None,
        }
    }
}

/// Which answer path an application takes (from the catalog's sharing
/// attribute, Art. 14).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Track {
    /// 无条件共享: answered within 1 working day (Art. 21).
    Unconditional,
    /// 有条件共享: answered within 10 working days (Art. 21).
    Conditional,
    /// 不予共享: refused at validation with its legal basis (Art. 14); no schedule.
    NotShared,
    /// 需求清单: data not in the catalog (Art. 20).
    DataNeed,
}

impl Track {
    /// The snake_case name (as in JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            Track::Unconditional => "unconditional",
            Track::Conditional => "conditional",
            Track::NotShared => "not_shared",
            Track::DataNeed => "data_need",
        }
    }
}

impl std::str::FromStr for Track {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        [Track::Unconditional, Track::Conditional, Track::NotShared, Track::DataNeed]
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| Error::InvalidArgument {
                name: "track".into(),
                detail: "expected unconditional, conditional, not_shared or data_need".into(),
            })
    }
}

/// What has happened so far. Each date is `YYYY-MM-DD` (a Beijing date) or
/// an RFC 3339 time (counted as its Beijing date).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ScheduleInput {
    pub track: Track,
    /// The provider received the application: the clock starts (Art. 21).
    #[serde(alias = "submitted_at")]
    pub received: String,
    /// A local profile's review completed (only with `review_days` > 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub review_completed: Option<String>,
    /// Materials the provider asked for (Art. 21 ¶2) were supplied.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub resubmitted: Option<String>,
    /// An extension of the answer (Art. 21), in working days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub extension_days: Option<u32>,
    /// The day the requester was told of the extension (required with one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub extension_notified: Option<String>,
    /// The provider answered (agreed or refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub answered: Option<String>,
    /// The provider agreed: delivery is due within 20 working days (Art. 22).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub agreed: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub delivered: Option<String>,
    /// Last day of the period of use (使用时限, Art. 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub use_until: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub disposed: Option<String>,
    /// A correction (校核) request reached the provider (Art. 26).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub correction_received: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub correction_answered: Option<String>,
}

impl ScheduleInput {
    /// An application of `track` received on `received`, nothing else known yet.
    pub fn new(track: Track, received: impl Into<String>) -> Self {
        ScheduleInput {
            track,
            received: received.into(),
            review_completed: None,
            resubmitted: None,
            extension_days: None,
            extension_notified: None,
            answered: None,
            agreed: None,
            delivered: None,
            use_until: None,
            disposed: None,
            correction_received: None,
            correction_answered: None,
        }
    }
}

/// The catalog maintenance inputs of Art. 17.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CatalogUpdateInput {
    /// The day the law or the department's duties changed.
    pub changed_on: String,
    /// The coordinating department consented to the extra days.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub extended: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub updated: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub published: Option<String>,
}

/// A step with a time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum StepKind {
    /// A local profile's review before the answer (not in the decree).
    Review,
    /// Art. 21: the provider's answer.
    Answer,
    /// Art. 21: the answer within an approved extension.
    AnswerExtended,
    /// Art. 22: delivery after agreement.
    Delivery,
    /// Art. 26: answer to a correction request.
    Correction,
    /// Art. 27: disposal after the period of use.
    Disposal,
    /// Art. 17: the catalog updated after a change.
    CatalogUpdate,
    /// Art. 17: the update reviewed and published.
    CatalogPublication,
}

impl StepKind {
    /// The snake_case name (as in JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Review => "review",
            StepKind::Answer => "answer",
            StepKind::AnswerExtended => "answer_extended",
            StepKind::Delivery => "delivery",
            StepKind::Correction => "correction",
            StepKind::Disposal => "disposal",
            StepKind::CatalogUpdate => "catalog_update",
            StepKind::CatalogPublication => "catalog_publication",
        }
    }

    /// The decree article that sets the limit (none for a local review).
    pub fn article(self) -> Option<&'static str> {
        match self {
            StepKind::Review => None,
            StepKind::Answer | StepKind::AnswerExtended => Some("Art. 21"),
            StepKind::Delivery => Some("Art. 22"),
            StepKind::Correction => Some("Art. 26"),
            StepKind::Disposal => Some("Art. 27"),
            StepKind::CatalogUpdate | StepKind::CatalogPublication => Some("Art. 17"),
        }
    }
}

/// Where a step stands against its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum StepStatus {
    /// Completed on or before the due date.
    Met,
    /// Completed after it, or not completed and `now` is past it.
    Late,
    /// Not completed, still within the limit.
    Pending,
    /// The due date depends on days outside the loaded calendar.
    Unknown,
}

/// One step with its due date and status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct StepDeadline {
    pub step: StepKind,
    /// The decree article (`Art. 21`), or null for a local profile's step.
    pub article: Option<String>,
    /// Beijing date the step started (not counted); null when unknown.
    pub starts: Option<String>,
    pub working_days: u32,
    /// Last Beijing date on which the step is on time; null when unknown.
    pub due: Option<String>,
    /// Beijing date it completed, if it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub completed: Option<String>,
    pub status: StepStatus,
    /// Working days after `due` up to completion (or `now`); 0 unless late;
    /// null when the count runs outside the calendar.
    pub working_days_late: Option<u32>,
    /// `status == late`.
    pub overdue: bool,
}

/// The steps, the profile they were computed with, and findings such as
/// `calendar_out_of_range`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Schedule {
    pub profile: String,
    pub steps: Vec<StepDeadline>,
    pub findings: Vec<Finding>,
}

impl Schedule {
    /// A step is late, or could not be judged: a department owes an answer.
    pub fn needs_attention(&self) -> bool {
        self.steps.iter().any(|s| matches!(s.status, StepStatus::Late | StepStatus::Unknown))
    }
}

/// Computes each step's due date and status at `now` (RFC 3339).
pub fn schedule(
    calendar: &WorkCalendar,
    profile: &DeadlineProfile,
    input: &ScheduleInput,
    now: &str,
) -> Result<Schedule> {
    profile.check()?;
    let now = Day::of_instant_cst(parse_timestamp(now, "now")?);
    let answer_days = profile.answer_days(input.track).ok_or_else(|| Error::InvalidArgument {
        name: "track".into(),
        detail: "not-shared data is refused at validation with its legal basis (Art. 14); it has no schedule"
            .into(),
    })?;
    let day = |v: &Option<String>, name: &str| -> Result<Option<Day>> {
        v.as_deref().map(|t| day_or_time(t, &format!("$.{name}"))).transpose()
    };
    let received = day_or_time(&input.received, "$.received")?;
    let review_completed = day(&input.review_completed, "review_completed")?;
    let resubmitted = day(&input.resubmitted, "resubmitted")?;
    let notified = day(&input.extension_notified, "extension_notified")?;
    let answered = day(&input.answered, "answered")?;
    let agreed = day(&input.agreed, "agreed")?;
    let delivered = day(&input.delivered, "delivered")?;
    let use_until = day(&input.use_until, "use_until")?;
    let disposed = day(&input.disposed, "disposed")?;
    let correction_received = day(&input.correction_received, "correction_received")?;
    let correction_answered = day(&input.correction_answered, "correction_answered")?;

    if review_completed.is_some() && profile.review_days == 0 {
        return Err(bad("review_completed", "this profile has no review step (the decree has none)"));
    }
    if let Some(days) = input.extension_days {
        if days == 0 || days > profile.max_extension_days {
            return Err(bad(
                "extension_days",
                &format!(
                    "an extension is 1 to {} working days in this profile (Art. 21)",
                    profile.max_extension_days
                ),
            ));
        }
    }
    match (input.extension_days, notified) {
        (Some(_), None) => {
            return Err(bad("extension_notified", "an extension must be told to the requester (Art. 21)"))
        }
        (None, Some(_)) => return Err(bad("extension_notified", "given without extension_days")),
        _ => {}
    }
    require_with(delivered, agreed, "delivered", "agreed")?;
    require_with(disposed, use_until, "disposed", "use_until")?;
    require_with(correction_answered, correction_received, "correction_answered", "correction_received")?;
    if let (Some(a), Some(g)) = (answered, agreed) {
        if a != g {
            return Err(bad("agreed", "answered and agreed name different days"));
        }
    }
    for (d, name) in [
        (review_completed, "review_completed"),
        (resubmitted, "resubmitted"),
        (notified, "extension_notified"),
        (answered, "answered"),
        (agreed, "agreed"),
        (correction_received, "correction_received"),
    ] {
        not_before(d, Some(received), name, "received")?;
    }
    not_before(delivered, agreed, "delivered", "agreed")?;
    not_before(answered, notified, "answered", "extension_notified")?;
    not_before(correction_answered, correction_received, "correction_answered", "correction_received")?;

    let mut plan = Planner { calendar, now, steps: Vec::new() };
    let mut answer_start = Some(received);
    if profile.review_days > 0 {
        let review = plan.step(StepKind::Review, Some(received), profile.review_days, review_completed);
        answer_start = review_completed.or(review);
    }
    if profile.restart_on_resubmission {
        if let Some(r) = resubmitted {
            answer_start = Some(r);
        }
    }
    let answer_done = answered.or(agreed);
    let answer_due = plan.step(
        StepKind::Answer,
        answer_start,
        answer_days,
        if input.extension_days.is_some() { notified } else { answer_done },
    );
    if let Some(days) = input.extension_days {
        plan.step(StepKind::AnswerExtended, answer_due, days, answer_done);
    }
    if agreed.is_some() {
        plan.step(StepKind::Delivery, agreed, profile.delivery_days, delivered);
    }
    if correction_received.is_some() {
        plan.step(StepKind::Correction, correction_received, profile.correction_days, correction_answered);
    }
    if use_until.is_some() {
        plan.step(StepKind::Disposal, use_until, profile.disposal_days, disposed);
    }
    let mut findings = Vec::new();
    if profile.is_looser_than_decree() {
        findings.push(Finding::new(
            "profile_looser_than_decree",
            Severity::Warning,
            "$.profile",
            "this profile allows more working days than Decree No. 809 (Art. 21, 22, 26); localities may only shorten them (Art. 23)".into(),
            "该期限配置长于《政务数据共享条例》规定（第二十一、二十二、二十六条）；地方只能缩短（第二十三条）".into(),
        )
        .with_article("Art. 23"));
    }
    Ok(plan.finish(calendar, profile, findings))
}

/// Art. 17: when a catalog must be updated after a legal or duty change,
/// and when the update must be published.
pub fn catalog_update_schedule(
    calendar: &WorkCalendar,
    profile: &DeadlineProfile,
    input: &CatalogUpdateInput,
    now: &str,
) -> Result<Schedule> {
    profile.check()?;
    let now = Day::of_instant_cst(parse_timestamp(now, "now")?);
    let changed = day_or_time(&input.changed_on, "$.changed_on")?;
    let updated = input.updated.as_deref().map(|t| day_or_time(t, "$.updated")).transpose()?;
    let published = input.published.as_deref().map(|t| day_or_time(t, "$.published")).transpose()?;
    require_with(published, updated, "published", "updated")?;
    not_before(updated, Some(changed), "updated", "changed_on")?;
    not_before(published, updated, "published", "updated")?;
    let days =
        profile.catalog_update_days + if input.extended { profile.catalog_update_extension_days } else { 0 };
    let mut plan = Planner { calendar, now, steps: Vec::new() };
    let update_due = plan.step(StepKind::CatalogUpdate, Some(changed), days, updated);
    plan.step(
        StepKind::CatalogPublication,
        updated.or(update_due),
        profile.catalog_publication_days,
        published,
    );
    Ok(plan.finish(calendar, profile, Vec::new()))
}

struct Planner<'a> {
    calendar: &'a WorkCalendar,
    now: Day,
    steps: Vec<StepDeadline>,
}

impl Planner<'_> {
    /// Adds a step and returns its due date (None when unknown).
    fn step(
        &mut self,
        step: StepKind,
        starts: Option<Day>,
        days: u32,
        completed: Option<Day>,
    ) -> Option<Day> {
        let due = starts.and_then(|s| match self.calendar.add_working_days(s, days) {
            (d, true) => Some(d),
            (_, false) => None,
        });
        let (status, late) = match due {
            None => (StepStatus::Unknown, None),
            Some(due) => {
                let end = completed.unwrap_or(self.now);
                if end <= due {
                    (if completed.is_some() { StepStatus::Met } else { StepStatus::Pending }, Some(0))
                } else {
                    (StepStatus::Late, self.calendar.working_days_between(due, end))
                }
            }
        };
        self.steps.push(StepDeadline {
            step,
            article: step.article().map(str::to_owned),
            starts: starts.map(|d| d.to_string()),
            working_days: days,
            due: due.map(|d| d.to_string()),
            completed: completed.map(|d| d.to_string()),
            status,
            working_days_late: late,
            overdue: status == StepStatus::Late,
        });
        due
    }

    fn finish(
        self,
        calendar: &WorkCalendar,
        profile: &DeadlineProfile,
        mut findings: Vec<Finding>,
    ) -> Schedule {
        if self.steps.iter().any(|s| s.status == StepStatus::Unknown || s.working_days_late.is_none()) {
            let years = calendar.years();
            let known = match (years.first(), years.last()) {
                (Some(a), Some(b)) => format!("{a}–{b}"),
                _ => "none".to_owned(),
            };
            findings.push(Finding::new(
                "calendar_out_of_range",
                Severity::Error,
                "$",
                format!("a date needed by this schedule lies outside the loaded holiday calendar (years {known}); those steps are unknown — load the newer State Council schedule"),
                format!("所需日期超出已加载的节假日安排（{known} 年），相关步骤无法判定——请加载新年度国务院节假日安排"),
            ));
        }
        Schedule { profile: profile.name.clone(), steps: self.steps, findings }
    }
}

/// A `YYYY-MM-DD` Beijing date, or an RFC 3339 time's Beijing date.
pub(crate) fn day_or_time(text: &str, path: &str) -> Result<Day> {
    if text.len() == 10 {
        Day::parse(text, path)
    } else {
        Ok(Day::of_instant_cst(parse_timestamp(text, path)?))
    }
}

fn invalid(path: &str, detail: &str) -> Error {
    Error::InvalidValue { location: Location::path(path), detail: detail.to_owned() }
}

fn bad(name: &str, detail: &str) -> Error {
    Error::InvalidArgument { name: name.to_owned(), detail: detail.to_owned() }
}

/// The article of Decree No. 809 that sets the step an input belongs to.
fn article_of(name: &str) -> &'static str {
    match name {
        "agreed" | "delivered" => "Art. 22",
        "correction_received" | "correction_answered" => "Art. 26",
        "use_until" | "disposed" => "Art. 27",
        "changed_on" | "updated" | "published" => "Art. 17",
        _ => "Art. 21",
    }
}

fn require_with(given: Option<Day>, needs: Option<Day>, name: &str, other: &str) -> Result<()> {
    if given.is_some() && needs.is_none() {
        return Err(bad(name, &format!("given without {other} ({} of Decree No. 809)", article_of(name))));
    }
    Ok(())
}

fn not_before(day: Option<Day>, earliest: Option<Day>, name: &str, other: &str) -> Result<()> {
    if let (Some(d), Some(e)) = (day, earliest) {
        if d < e {
            return Err(bad(
                name,
                &format!("is before {other}: impossible order ({} of Decree No. 809)", article_of(name)),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(track: Track, received: &str) -> ScheduleInput {
        ScheduleInput::new(track, received)
    }

    fn run(i: &ScheduleInput, now: &str) -> Result<Schedule> {
        schedule(&WorkCalendar::embedded(), &DeadlineProfile::national(), i, now)
    }

    #[test]
    fn spring_festival_2026_unconditional_and_conditional() {
        // Fri 02-13 received; Sat 02-14 is a make-up working day.
        let s = run(&input(Track::Unconditional, "2026-02-13"), "2026-02-24T09:00:00+08:00").expect("ok");
        assert_eq!(s.steps[0].due.as_deref(), Some("2026-02-14"));
        assert_eq!(s.steps[0].status, StepStatus::Late);
        assert_eq!(s.steps[0].working_days_late, Some(1)); // 02-24 is the next working day
        let s = run(&input(Track::Conditional, "2026-02-13"), "2026-02-24T09:00:00+08:00").expect("ok");
        // 02-14, 24, 25, 26, 27, Sat 28 (make-up), 03-02, 03, 04, 05.
        assert_eq!(s.steps[0].due.as_deref(), Some("2026-03-05"));
        assert_eq!(s.steps[0].status, StepStatus::Pending);
        assert!(s.findings.is_empty());
    }

    #[test]
    fn out_of_range_is_unknown_never_guessed() {
        let s = run(&input(Track::Conditional, "2026-12-28"), "2027-01-05T10:00:00+08:00").expect("ok");
        assert_eq!(s.steps[0].due, None);
        assert_eq!(s.steps[0].status, StepStatus::Unknown);
        assert_eq!(s.findings[0].code, "calendar_out_of_range");
        assert!(s.needs_attention());
    }

    #[test]
    fn refuses_what_the_decree_does_not_allow() {
        let mut i = input(Track::Conditional, "2026-03-02");
        i.extension_days = Some(11);
        i.extension_notified = Some("2026-03-10".into());
        assert_eq!(run(&i, "2026-03-20T00:00:00+08:00").unwrap_err().code(), "invalid_argument");
        i.extension_days = Some(10);
        i.extension_notified = None;
        assert_eq!(run(&i, "2026-03-20T00:00:00+08:00").unwrap_err().code(), "invalid_argument");
        let mut j = input(Track::Conditional, "2026-03-02");
        j.answered = Some("2026-03-01".into());
        assert_eq!(run(&j, "2026-03-20T00:00:00+08:00").unwrap_err().code(), "invalid_argument");
        assert_eq!(
            run(&input(Track::NotShared, "2026-03-02"), "2026-03-20T00:00:00+08:00").unwrap_err().code(),
            "invalid_argument"
        );
        let short = DeadlineProfile { records_retention_years: 2, ..DeadlineProfile::national() };
        assert_eq!(short.check().unwrap_err().code(), "invalid_value");
        assert_eq!(DeadlineProfile::named("fast").unwrap_err().code(), "invalid_argument");
    }

    #[test]
    fn local_profile_is_reported_looser() {
        let s = schedule(
            &WorkCalendar::embedded(),
            &DeadlineProfile::local_2024(),
            &input(Track::Unconditional, "2026-03-02"),
            "2026-03-03T00:00:00+08:00",
        )
        .expect("ok");
        assert_eq!(s.steps[0].step, StepKind::Review);
        assert_eq!(s.findings[0].code, "profile_looser_than_decree");
        assert_eq!(s.findings[0].article.as_deref(), Some("Art. 23"));
    }
}
