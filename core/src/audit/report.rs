//! The usage report departments are assessed on: applications per resource
//! and provider, answer times against deadlines, overdue counts, the log's
//! entries under the five headings of Art. 29, and the risks of Art. 39/40
//! the records show.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::chain::AuditVerifier;
use super::entry::{is_blank, parse_entry, AuditAction, RecordHeading};
use crate::time::{parse_timestamp, Day};
use crate::{Error, Result};

/// Figures for one (provider, resource) pair, or for all of them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct UsageRow {
    /// Provider's 统一社会信用代码 (empty when not recorded; `*` in the total).
    pub provider_code: String,
    /// Resource code (`*` in the total).
    pub resource: String,
    /// Applications submitted.
    pub applications: u64,
    /// Granted at once, or approved after review.
    pub granted: u64,
    pub rejected: u64,
    pub withdrawn: u64,
    /// Submitted, not answered, not withdrawn.
    pub pending: u64,
    /// Answered on or before the due date (or with no due date).
    pub answered_on_time: u64,
    /// Answered after the due date.
    pub answered_late: u64,
    /// Pending and past the due date at `now`.
    pub overdue: u64,
    /// Median hours from submission to answer.
    pub median_answer_hours: Option<f64>,
    /// Longest hours from submission to answer.
    pub max_answer_hours: Option<f64>,
}

/// The report over a whole log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct UsageReport {
    /// The `now` the overdue counts are taken at.
    pub now: String,
    pub entries: u64,
    /// Rows sorted by provider code, then resource. An application for
    /// several resources counts in each of their rows.
    pub rows: Vec<UsageRow>,
    /// Every application counted once.
    pub total: UsageRow,
    /// Entries under each heading of Art. 29 (all five, in the decree's order).
    pub headings: Vec<HeadingCount>,
    /// What the records show a department owes or a provider failed
    /// (Art. 39, 40), in the log's order of applications.
    pub risks: Vec<UsageRisk>,
}

/// How many entries a heading of Art. 29 holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct HeadingCount {
    pub heading: RecordHeading,
    pub entries: u64,
}

/// One risk the records show. Codes: `answer_late`, `answer_overdue`,
/// `delivery_late` (Art. 39: the provider), `disposal_overdue`,
/// `use_after_suspension`, `records_missing` (Art. 40: the requester).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct UsageRisk {
    pub code: String,
    /// The article of Decree No. 809 (`Art. 39`, `Art. 40`).
    pub article: String,
    pub application_id: String,
    /// The message in English (`message_zh`: in Chinese); the one spelling
    /// every record of the crate uses.
    pub message_en: String,
    pub message_zh: String,
}

#[derive(Default)]
struct Application {
    submitted_ms: Option<i64>,
    due: Option<Day>,
    resources: Vec<String>,
    provider_code: String,
    answered_ms: Option<i64>,
    status: Option<String>,
    /// Art. 22: delivery due (the `due` of the agreement).
    delivery_due: Option<Day>,
    delivered: Option<Day>,
    /// Art. 27: disposal due (the `due` of `disposal_due`).
    disposal_due: Option<Day>,
    destroyed: Option<Day>,
    fetched: bool,
    stored: bool,
    used_while_suspended: bool,
}

/// Builds the report from a log. The log must verify (hash chain and
/// sequence; signatures are not checked here): a report from a tampered log
/// is refused with `audit_chain_broken`.
pub fn usage_report(log: &[u8], now: &str) -> Result<UsageReport> {
    let now_ms = parse_timestamp(now, "now")?;
    let verdict = AuditVerifier::new().verify(log);
    if let Some(p) = verdict.problems.first() {
        return Err(Error::AuditChainBroken { line: p.line, problem: p.code.clone() });
    }
    let text = String::from_utf8_lossy(log);
    let mut apps: HashMap<String, Application> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut headings: BTreeMap<RecordHeading, u64> = RecordHeading::ALL.iter().map(|h| (*h, 0)).collect();
    for (i, line) in text.lines().enumerate() {
        if is_blank(line) {
            continue;
        }
        let e = parse_entry(line, i as u64 + 1)?.event;
        *headings.entry(e.action.heading()).or_default() += 1;
        let Some(id) = e.application_id.clone() else { continue };
        let day = Day::of_instant_cst(parse_timestamp(&e.time, "$.event.time")?);
        let at = parse_timestamp(&e.time, "$.event.time")?;
        let app = apps.entry(id.clone()).or_insert_with(|| {
            order.push(id);
            Application::default()
        });
        match e.action {
            // A submission, or a resubmission with materials (Art. 21 ¶2),
            // and the provider's moves: the latest status and due date count;
            // the first agreement or refusal is the answer (Art. 21) — a
            // request for materials or an extension is not.
            AuditAction::Submit | AuditAction::Decide => {
                if e.action == AuditAction::Submit && app.submitted_ms.is_none() {
                    app.submitted_ms = Some(at);
                    app.resources = e.resources.clone();
                    app.provider_code = e.provider_code.clone().unwrap_or_default();
                }
                if e.status.is_some() {
                    app.status = e.status.clone();
                }
                // What a `due` is the deadline of depends on the status.
                if let Some(due) = &e.due {
                    let due = Some(Day::parse(due, "$.event.due")?);
                    match app.status.as_deref() {
                        Some("agreed") => app.delivery_due = due,
                        Some("disposal_due") => app.disposal_due = due,
                        _ => app.due = due,
                    }
                }
                if app.status.as_deref() == Some("delivered") {
                    app.delivered.get_or_insert(day);
                }
                if app.answered_ms.is_none() && app.status.as_deref().is_some_and(is_answer) {
                    app.answered_ms = Some(at);
                }
            }
            AuditAction::Fetch => {
                if matches!(app.status.as_deref(), Some("suspended" | "terminated")) {
                    app.used_while_suspended = true;
                }
                app.fetched = true;
                app.delivered.get_or_insert(day);
            }
            AuditAction::Store => app.stored = true,
            AuditAction::Destroy => {
                app.destroyed.get_or_insert(day);
            }
            AuditAction::Withdraw => app.status = Some("withdrawn".into()),
            _ => {}
        }
    }

    let today = Day::of_instant_cst(now_ms);
    let mut rows: BTreeMap<(String, String), (UsageRow, Vec<f64>)> = BTreeMap::new();
    let mut total =
        (UsageRow { provider_code: "*".into(), resource: "*".into(), ..UsageRow::default() }, vec![]);
    for id in &order {
        let Some(app) = apps.get(id) else { continue };
        let Some(submitted) = app.submitted_ms else { continue };
        let answer = app.answered_ms.map(|a| {
            let hours = ((a - submitted) as f64 / 36_000.0).round() / 100.0;
            let on_time = app.due.is_none_or(|due| Day::of_instant_cst(a) <= due);
            (hours, on_time)
        });
        count(&mut total.0, &mut total.1, app, answer, today);
        let resources = if app.resources.is_empty() { vec![String::new()] } else { app.resources.clone() };
        for resource in resources {
            let key = (app.provider_code.clone(), resource.clone());
            let (row, hours) = rows.entry(key).or_insert_with(|| {
                (
                    UsageRow { provider_code: app.provider_code.clone(), resource, ..UsageRow::default() },
                    vec![],
                )
            });
            count(row, hours, app, answer, today);
        }
    }
    let finish = |(mut row, mut hours): (UsageRow, Vec<f64>)| {
        hours.sort_by(f64::total_cmp);
        row.median_answer_hours = median(&hours);
        row.max_answer_hours = hours.last().copied();
        row
    };
    let mut risks = Vec::new();
    for id in &order {
        if let Some(app) = apps.get(id) {
            app_risks(id, app, today, &mut risks);
        }
    }
    Ok(UsageReport {
        now: now.to_owned(),
        entries: verdict.entries,
        rows: rows.into_values().map(finish).collect(),
        total: finish(total),
        headings: headings.into_iter().map(|(heading, entries)| HeadingCount { heading, entries }).collect(),
        risks,
    })
}

/// Whether a step due on `due` was late: done after it, or not done and
/// `today` is past it.
fn late(due: Option<Day>, done: Option<Day>, today: Day) -> bool {
    due.is_some_and(|due| done.map_or(today > due, |d| d > due))
}

fn app_risks(id: &str, app: &Application, today: Day, out: &mut Vec<UsageRisk>) {
    let mut add = |code: &str, article: &str, en: &str, zh: &str| {
        out.push(UsageRisk {
            code: code.into(),
            article: article.into(),
            application_id: id.to_owned(),
            message_en: en.into(),
            message_zh: zh.into(),
        })
    };
    if app.submitted_ms.is_some() {
        let answered = app.answered_ms.map(Day::of_instant_cst);
        let withdrawn = app.status.as_deref() == Some("withdrawn");
        if answered.is_some() && late(app.due, answered, today) {
            add(
                "answer_late",
                "Art. 39",
                "the provider answered after the time limit",
                "提供部门超过时限答复",
            );
        } else if answered.is_none() && !withdrawn && late(app.due, None, today) {
            add("answer_overdue", "Art. 39", "the answer is overdue", "提供部门逾期未答复");
        }
    }
    if late(app.delivery_due, app.delivered, today) {
        add(
            "delivery_late",
            "Art. 39",
            "the data was not delivered within the time limit (Art. 22)",
            "提供部门未在时限内提供数据（第二十二条）",
        );
    }
    if late(app.disposal_due, app.destroyed, today) {
        add(
            "disposal_overdue",
            "Art. 40",
            "the data was not disposed of in time as the provider required (Art. 27)",
            "未按提供部门要求及时处置数据（第二十七条）",
        );
    }
    if app.used_while_suspended {
        add(
            "use_after_suspension",
            "Art. 40",
            "data was fetched while sharing was suspended or terminated (Art. 27 ¶2)",
            "共享权限暂停或终止期间仍获取数据（第二十七条第二款）",
        );
    }
    if app.fetched && !app.stored {
        add(
            "records_missing",
            "Art. 40",
            "data was received but no storage record exists (Art. 29)",
            "已获取数据但无存储记录（第二十九条）",
        );
    }
    if matches!(app.status.as_deref(), Some("disposed" | "closed")) && app.destroyed.is_none() && app.fetched
    {
        add(
            "records_missing",
            "Art. 40",
            "the data is disposed of but no disposal record exists (Art. 29)",
            "数据已处置但无销毁处置记录（第二十九条）",
        );
    }
}

/// A status after the provider agreed (Decree No. 809 Art. 21-27); the
/// pre-decree names of logs written before 0.1.0 (`granted`, `approved`,
/// `active`) are still read, since records are kept 3 years (Art. 29).
fn is_agreed(status: &str) -> bool {
    matches!(
        status,
        "agreed"
            | "delivered"
            | "in_use"
            | "suspended"
            | "terminated"
            | "disposal_due"
            | "disposed"
            | "granted"
            | "approved"
            | "active"
    )
}

/// A status that is the provider's answer (Art. 21): agreed or refused.
fn is_answer(status: &str) -> bool {
    is_agreed(status) || matches!(status, "refused" | "rejected")
}

fn count(r: &mut UsageRow, hours: &mut Vec<f64>, app: &Application, answer: Option<(f64, bool)>, today: Day) {
    r.applications += 1;
    match app.status.as_deref() {
        Some(s) if is_agreed(s) => r.granted += 1,
        Some("refused" | "rejected") => r.rejected += 1,
        Some("withdrawn") => r.withdrawn += 1,
        _ => {}
    }
    match answer {
        Some((h, on_time)) => {
            hours.push(h);
            if on_time {
                r.answered_on_time += 1;
            } else {
                r.answered_late += 1;
            }
        }
        None if app.status.as_deref() == Some("withdrawn") => {}
        None => {
            r.pending += 1;
            if app.due.is_some_and(|due| today > due) {
                r.overdue += 1;
            }
        }
    }
}

/// Median of sorted values, rounded to 0.01 h so every runtime prints the same.
fn median(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    let m = match n {
        0 => return None,
        _ if n % 2 == 1 => sorted.get(n / 2).copied()?,
        _ => (sorted.get(n / 2 - 1).copied()? + sorted.get(n / 2).copied()?) / 2.0,
    };
    Some((m * 100.0).round() / 100.0)
}
