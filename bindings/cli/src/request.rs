//! `govshare canonicalize` and `govshare request …`: argument handling and
//! printing around core's request module.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use govshare_core::platform::{CallContext, DataQuery, PlatformClient, PlatformConfig};
use govshare_core::request::application::{
    Attachment, Commitments, DataNeed, Department, DutyBasis, DutyBasisKind, Frequency, HolderGuess,
    InternalApproval, NeededItem, Person, Target, Validity, APPLICATION_FORMAT, APPLICATION_FORMAT_VERSION,
};
use govshare_core::request::{
    self as req, Application, ApplicationDraft, DeadlineProfile, Event, Grant, Lifecycle, Schedule,
    ScheduleInput, Severity, StepStatus, Track, ValidationPolicy, WorkCalendar,
};

use crate::fail::{CliError, EXIT_FINDINGS, EXIT_OK};
use crate::io::{read_input, write_output};
use crate::CmdResult;

/// `govshare canonicalize`.
#[derive(Args)]
pub struct CanonicalizeArgs {
    /// JSON file; `-` (default) reads stdin.
    #[arg(default_value = "-")]
    file: String,
    /// Write the canonical bytes here (atomically) instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Errors as JSON on stderr.
    #[arg(long)]
    json: bool,
}

impl CanonicalizeArgs {
    pub fn json(&self) -> bool {
        self.json
    }
}

/// Prints the RFC 8785 canonical bytes, with no trailing newline.
pub fn canonicalize(a: CanonicalizeArgs) -> CmdResult {
    let bytes = read_input(&a.file)?;
    write_output(a.out.as_deref(), &govshare_core::jcs::canonicalize(&bytes)?)?;
    Ok(EXIT_OK)
}

#[derive(Subcommand)]
pub enum RequestCommand {
    /// Write a new application (JSON) from flags; on a terminal, asks for missing required fields.
    New(Box<NewArgs>),
    /// Validate an application against a catalog. Exit 1 when there are errors.
    Validate {
        /// Catalog file (JSON or snapshot).
        #[arg(long)]
        catalog: String,
        /// Application file; `-` reads stdin.
        app: String,
        /// Longest validity accepted, in days (default 366).
        #[arg(long)]
        max_validity_days: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// The decree's time limits for an application (Art. 21, 22, 26, 27): each step's
    /// article, due date and status. Exit 1 when a step is late or unknown.
    Deadline(Box<DeadlineArgs>),
    /// Apply a process event (Art. 20-28) to a lifecycle; an illegal move names the article.
    Transition(Box<TransitionArgs>),
    /// Print the HTTP request of a platform call (message JSON, as `govshare http sign` reads).
    Http(Box<HttpArgs>),
    /// Sign and send an application to a platform, verify the answer (and with --fetch the data).
    Send(Box<crate::send::SendArgs>),
}

impl RequestCommand {
    pub fn json(&self) -> bool {
        match self {
            RequestCommand::New(a) => a.json,
            RequestCommand::Validate { json, .. } => *json,
            RequestCommand::Deadline(a) => a.json,
            RequestCommand::Transition(a) => a.json,
            RequestCommand::Http(a) => a.json,
            RequestCommand::Send(a) => a.json(),
        }
    }
}

#[derive(Args)]
pub struct NewArgs {
    /// 需求部门 name.
    #[arg(long)]
    requester: Option<String>,
    /// 需求部门 统一社会信用代码.
    #[arg(long)]
    requester_code: Option<String>,
    /// 申请人.
    #[arg(long)]
    applicant: Option<String>,
    /// 联系人.
    #[arg(long)]
    contact: Option<String>,
    #[arg(long)]
    contact_phone: Option<String>,
    #[arg(long)]
    contact_email: Option<String>,
    /// 信息资源代码 of the resource asked for.
    #[arg(long)]
    resource: Option<String>,
    /// A data item (信息项) wanted; repeat for several.
    #[arg(long = "item")]
    items: Vec<String>,
    /// 共享方式: the decree's service_interface, bulk_exchange, file_download (Art. 22) or
    /// table_exchange, or the 2017 guide's system_integration, online_query, online_browse,
    /// online_service, download, copy, other.
    #[arg(long)]
    mode: Option<String>,
    /// First day of the period of use (使用时限, Art. 20), YYYY-MM-DD.
    #[arg(long)]
    from: Option<String>,
    /// Last day of the period of use, YYYY-MM-DD.
    #[arg(long)]
    until: Option<String>,
    /// Art. 20: the head of the sharing office who approved the application internally.
    #[arg(long)]
    approved_by: Option<String>,
    /// Art. 20: the day of that approval, YYYY-MM-DD.
    #[arg(long)]
    approved_on: Option<String>,
    /// 使用频度: once, on_demand, realtime, daily, weekly, monthly.
    #[arg(long, default_value = "on_demand")]
    frequency: String,
    #[arg(long)]
    max_calls_per_day: Option<u32>,
    /// 用途.
    #[arg(long)]
    purpose: Option<String>,
    /// 应用场景.
    #[arg(long)]
    scenario: Option<String>,
    /// A law the duty rests on (title); repeatable.
    #[arg(long)]
    law: Vec<String>,
    /// A regulation the duty rests on (title); repeatable.
    #[arg(long)]
    regulation: Vec<String>,
    /// A 权力事项 as CODE=NAME; repeatable.
    #[arg(long)]
    power_item: Vec<String>,
    /// The department's own reference.
    #[arg(long)]
    reference: Option<String>,
    /// 安全承诺: where the data will be stored (system or data centre).
    #[arg(long)]
    storage_location: Option<String>,
    /// 安全承诺: how many days the data is kept.
    #[arg(long)]
    retention_days: Option<u32>,
    /// 安全承诺: the day the data is destroyed, YYYY-MM-DD.
    #[arg(long)]
    destruction_date: Option<String>,
    /// Attach a document by its SHA-256 and SM3 (the file is read, not embedded;
    /// an empty file is refused); repeatable.
    #[arg(long = "attach")]
    attachments: Vec<PathBuf>,
    /// 需求清单: title of data not yet in the catalog (instead of, or besides, --resource).
    #[arg(long)]
    need_title: Option<String>,
    /// 需求清单: what the data is and why it is needed.
    #[arg(long)]
    need_description: Option<String>,
    /// 需求清单: a needed item's name; repeatable.
    #[arg(long)]
    need_item: Vec<String>,
    /// 需求清单: the department thought to hold the data.
    #[arg(long)]
    holder: Option<String>,
    /// 需求清单: that department's 统一社会信用代码, when known.
    #[arg(long)]
    holder_code: Option<String>,
    /// Write the application here (atomically) instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

/// A required value: the flag, else a prompt on a terminal, else a usage error.
fn required(value: Option<String>, flag: &str, prompt: &str) -> Result<String, CliError> {
    if let Some(v) = value {
        return Ok(v);
    }
    if std::io::stdin().is_terminal() {
        eprint!("{prompt} (--{flag}): ");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).map_err(|e| CliError::io("stdin", &e))?;
        let line = line.trim().to_owned();
        if !line.is_empty() {
            return Ok(line);
        }
    }
    Err(CliError::Usage(format!("--{flag} is required")))
}

/// A flag naming a value of a closed vocabulary (core's `FromStr`).
fn parse_enum<T: std::str::FromStr<Err = govshare_core::Error>>(flag: &str, v: &str) -> Result<T, CliError> {
    v.parse::<T>().map_err(|e| CliError::Usage(format!("--{flag}: {e}")))
}

fn new(a: NewArgs) -> CmdResult {
    let requester = Department {
        name: required(a.requester, "requester", "需求部门 requesting department")?,
        credit_code: required(a.requester_code, "requester-code", "统一社会信用代码 credit code")?,
    };
    let applicant =
        Person { name: required(a.applicant, "applicant", "申请人 applicant")?, phone: None, email: None };
    let contact = Person {
        name: required(a.contact, "contact", "联系人 contact")?,
        phone: a.contact_phone,
        email: a.contact_email,
    };
    // A resource from the catalog, a data need (需求清单), or both.
    let data_need = match a.need_title {
        Some(title) => Some(DataNeed {
            title,
            description: required(a.need_description, "need-description", "需求说明 need description")?,
            items: a.need_item.into_iter().map(|name| NeededItem { name, description: None }).collect(),
            holder: HolderGuess {
                name: required(a.holder, "holder", "数源部门 department thought to hold it")?,
                credit_code: a.holder_code,
            },
        }),
        None => None,
    };
    let target = if data_need.is_some() && a.resource.is_none() {
        None
    } else {
        let resource_code = required(a.resource, "resource", "信息资源代码 resource code")?;
        let mut items = a.items;
        if items.is_empty() {
            items = required(None, "item", "信息项 items, comma separated")?
                .split([',', '，'])
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect();
        }
        Some(Target { resource_code, items })
    };
    let commitments =
        (a.storage_location.is_some() || a.retention_days.is_some() || a.destruction_date.is_some())
            .then_some(Commitments {
                storage_location: a.storage_location,
                retention_days: a.retention_days,
                destruction_date: a.destruction_date,
            });
    let mut attachments = Vec::new();
    for path in &a.attachments {
        let bytes = read_input(&path.display().to_string())?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        attachments.push(Attachment::from_bytes(&name, None, &bytes)?);
    }
    let mode = parse_enum("mode", &required(a.mode, "mode", "共享方式 mode")?)?;
    let validity = Validity {
        from: required(a.from, "from", "有效期起 valid from (YYYY-MM-DD)")?,
        until: required(a.until, "until", "有效期止 valid until (YYYY-MM-DD)")?,
    };
    let mut duty_basis: Vec<DutyBasis> = Vec::new();
    let basis = |kind, title: &str, code: Option<String>| DutyBasis {
        kind,
        title: title.to_owned(),
        article: None,
        code,
    };
    duty_basis.extend(a.law.iter().map(|t| basis(DutyBasisKind::Law, t, None)));
    duty_basis.extend(a.regulation.iter().map(|t| basis(DutyBasisKind::Regulation, t, None)));
    for p in &a.power_item {
        let (code, name) =
            p.split_once('=').ok_or_else(|| CliError::Usage("--power-item: expected CODE=NAME".into()))?;
        duty_basis.push(basis(DutyBasisKind::PowerItem, name, Some(code.to_owned())));
    }
    let internal_approval = match (a.approved_by, a.approved_on) {
        (Some(approver), Some(approved_on)) => Some(InternalApproval { approver, approved_on }),
        (None, None) => None,
        _ => return Err(CliError::Usage("--approved-by and --approved-on go together (Art. 20)".into())),
    };
    let draft = ApplicationDraft {
        format: APPLICATION_FORMAT.to_owned(),
        format_version: APPLICATION_FORMAT_VERSION,
        reference: a.reference,
        requester,
        applicant,
        contact,
        target,
        data_need,
        duty_basis,
        purpose: a.purpose,
        scenario: a.scenario,
        internal_approval,
        mode,
        validity,
        frequency: Frequency {
            kind: parse_enum("frequency", &a.frequency)?,
            max_calls_per_day: a.max_calls_per_day,
        },
        commitments,
        attachments,
    };
    let app = req::build(draft)?;
    let mut text = pretty(&serde_json::from_str::<serde_json::Value>(&app.to_json()).unwrap_or_default());
    text.push('\n');
    write_output(a.out.as_deref(), text.as_bytes())?;
    Ok(EXIT_OK)
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

fn load_app(path: &str) -> Result<Application, CliError> {
    let bytes = read_input(path)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        CliError::Core(govshare_core::Error::InvalidArgument {
            name: path.to_owned(),
            detail: "not UTF-8 text".to_owned(),
        })
    })?;
    Ok(Application::from_json(&text)?)
}

fn validate(catalog: &str, app: &str, max_validity_days: Option<u32>, json: bool) -> CmdResult {
    let app = load_app(app)?;
    let catalog = crate::catalog::load(catalog)?;
    let mut policy = ValidationPolicy::default();
    if let Some(d) = max_validity_days {
        policy.max_validity_days = d;
    }
    let report = req::validate(&app, &catalog, &policy);
    if json {
        println!("{}", serde_json::to_string(&report).unwrap_or_default());
    } else {
        let outcome = serde_json::to_value(report.outcome).unwrap_or_default();
        println!(
            "{} — outcome: {}",
            if report.ok { "valid" } else { "invalid" },
            outcome.as_str().unwrap_or("")
        );
        let chinese = std::env::var("LANG").map(|l| l.starts_with("zh")).unwrap_or(false);
        for f in &report.findings {
            let sev = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            println!(
                "  {sev}[{}] {}: {}",
                f.code,
                f.path,
                if chinese { &f.message_zh } else { &f.message_en }
            );
        }
    }
    Ok(if report.ok { EXIT_OK } else { EXIT_FINDINGS })
}

#[derive(Args)]
pub struct DeadlineArgs {
    /// Application file (with --catalog it gives the track; its period of use gives the
    /// disposal step); `-` reads stdin.
    app: Option<String>,
    /// Catalog file, to find the application's track.
    #[arg(long)]
    catalog: Option<String>,
    /// The track instead of APP + --catalog: unconditional, conditional, data_need.
    #[arg(long)]
    track: Option<String>,
    /// The day (YYYY-MM-DD, or an RFC 3339 time) the provider received the application;
    /// the answer clock starts (Art. 21).
    #[arg(long, visible_alias = "submitted-at")]
    received: String,
    /// Materials the provider asked for (Art. 21 ¶2) were supplied on this day.
    #[arg(long)]
    resubmitted: Option<String>,
    /// The answer was extended by N working days (Art. 21: at most 10 nationally).
    #[arg(long)]
    extension_days: Option<u32>,
    /// The day the requester was told of the extension (required with --extension-days).
    #[arg(long)]
    extension_notified: Option<String>,
    /// The day the provider answered.
    #[arg(long)]
    answered: Option<String>,
    /// The day the provider agreed: delivery is due within 20 working days (Art. 22).
    #[arg(long)]
    agreed: Option<String>,
    #[arg(long)]
    delivered: Option<String>,
    /// Last day of the period of use (default: the application's, when APP is given).
    #[arg(long)]
    use_until: Option<String>,
    #[arg(long)]
    disposed: Option<String>,
    /// A correction (校核) request reached the provider on this day (Art. 26).
    #[arg(long)]
    correction_received: Option<String>,
    #[arg(long)]
    correction_answered: Option<String>,
    /// A local profile's review completed (only for profiles with a review step).
    #[arg(long)]
    review_completed: Option<String>,
    #[command(flatten)]
    limits: TimeLimitArgs,
    #[arg(long)]
    json: bool,
}

/// When, on which calendar and under which profile time limits are judged
/// (`request deadline`, `catalog update-deadline`).
#[derive(Args)]
pub struct TimeLimitArgs {
    /// RFC 3339 or Unix seconds; default: the clock.
    #[arg(long)]
    now: Option<String>,
    /// Extra calendar file (years added to the embedded calendar).
    #[arg(long)]
    calendar: Option<String>,
    /// The deadline profile: `national` (the decree, default), `local-2024`, or a profile file.
    #[arg(long, default_value = "national")]
    policy: String,
}

impl TimeLimitArgs {
    /// The calendar, the profile and `now` (RFC 3339).
    pub(crate) fn load(&self) -> Result<(WorkCalendar, DeadlineProfile, String), CliError> {
        Ok((
            load_calendar(self.calendar.as_deref())?,
            load_profile(&self.policy)?,
            now_rfc3339(self.now.as_deref())?,
        ))
    }
}

fn from_file<T: serde::de::DeserializeOwned>(path: &str) -> Result<T, CliError> {
    let bytes = read_input(path)?;
    serde_json::from_slice(&bytes).map_err(|e| CliError::Core(govshare_core::error::json_error(&e)))
}

fn text_file(path: &str) -> Result<String, CliError> {
    String::from_utf8(read_input(path)?).map_err(|_| CliError::Usage(format!("{path}: not UTF-8 text")))
}

/// `--policy`: a built-in profile name, else a profile file.
pub(crate) fn load_profile(policy: &str) -> Result<DeadlineProfile, CliError> {
    if DeadlineProfile::NAMES.contains(&policy) {
        return Ok(DeadlineProfile::named(policy)?);
    }
    Ok(DeadlineProfile::from_json(&text_file(policy)?)?)
}

pub(crate) fn load_calendar(extra: Option<&str>) -> Result<WorkCalendar, CliError> {
    let mut calendar = WorkCalendar::embedded();
    if let Some(c) = extra {
        calendar.add_json(&text_file(c)?)?;
    }
    Ok(calendar)
}

fn deadline(a: DeadlineArgs) -> CmdResult {
    let app = a.app.as_deref().map(load_app).transpose()?;
    let track: Track = match (&a.track, &app, &a.catalog) {
        (Some(t), _, _) => t.parse()?,
        (None, Some(app), Some(cat)) => {
            let report = req::validate(app, &crate::catalog::load(cat)?, &ValidationPolicy::default());
            report.track.ok_or_else(|| {
                CliError::Usage("the application's resource is not in the catalog; give --track".into())
            })?
        }
        _ => return Err(CliError::Usage("give --track, or APP with --catalog".into())),
    };
    let (calendar, profile, now) = a.limits.load()?;
    let input = ScheduleInput {
        track,
        received: a.received,
        review_completed: a.review_completed,
        resubmitted: a.resubmitted,
        extension_days: a.extension_days,
        extension_notified: a.extension_notified,
        answered: a.answered,
        agreed: a.agreed,
        delivered: a.delivered,
        use_until: a.use_until.or_else(|| app.as_ref().map(|x| x.draft().validity.until.clone())),
        disposed: a.disposed,
        correction_received: a.correction_received,
        correction_answered: a.correction_answered,
    };
    let out = req::schedule(&calendar, &profile, &input, &now)?;
    print_schedule(&out, a.json);
    Ok(if out.needs_attention() { EXIT_FINDINGS } else { EXIT_OK })
}

/// A schedule as JSON, or a line per step.
pub(crate) fn print_schedule(out: &Schedule, json: bool) {
    if json {
        println!("{}", serde_json::to_string(out).unwrap_or_default());
        return;
    }
    println!("profile: {}", out.profile);
    for s in &out.steps {
        let status = match (s.status, s.working_days_late) {
            (StepStatus::Met, _) => "met".to_owned(),
            (StepStatus::Pending, _) => "pending".to_owned(),
            (StepStatus::Late, Some(n)) => format!("LATE by {n} working day(s)"),
            (StepStatus::Late, None) => "LATE (by an unknown number of working days)".to_owned(),
            (StepStatus::Unknown, _) => "UNKNOWN (outside the holiday calendar)".to_owned(),
        };
        println!(
            "{} ({}): {} working days from {}, due {}{} — {status}",
            s.step.as_str(),
            s.article.as_deref().unwrap_or("local profile"),
            s.working_days,
            s.starts.as_deref().unwrap_or("?"),
            s.due.as_deref().unwrap_or("?"),
            s.completed.as_ref().map(|c| format!(", completed {c}")).unwrap_or_default(),
        );
    }
    for f in &out.findings {
        println!("  note[{}]: {}", f.code, f.message_en);
    }
}

#[derive(Args)]
pub struct TransitionArgs {
    /// The lifecycle JSON file (`-` reads stdin), or `new` for a draft.
    lifecycle: String,
    /// The event as JSON, e.g. '{"event":"refuse","reasons":["…"]}' — or @FILE.
    #[arg(long)]
    event: String,
    /// RFC 3339 or Unix seconds; default: the clock.
    #[arg(long)]
    now: Option<String>,
    /// The deadline profile (for the extension limit): `national`, `local-2024` or a file.
    #[arg(long, default_value = "national")]
    policy: String,
    /// Write the new lifecycle here (atomically) instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

fn transition(a: TransitionArgs) -> CmdResult {
    let lifecycle = if a.lifecycle == "new" { Lifecycle::new() } else { from_file(&a.lifecycle)? };
    let event_text = match a.event.strip_prefix('@') {
        Some(path) => text_file(path)?,
        None => a.event,
    };
    let event: Event = serde_json::from_str(&event_text)
        .map_err(|e| CliError::Core(govshare_core::error::json_error(&e)))?;
    let now = now_rfc3339(a.now.as_deref())?;
    let next = req::transition(&lifecycle, &event, &now, &load_profile(&a.policy)?)?;
    let mut text = pretty(&serde_json::to_value(&next).unwrap_or_default());
    text.push('\n');
    write_output(a.out.as_deref(), text.as_bytes())?;
    Ok(EXIT_OK)
}

/// `--now` as RFC 3339: given as such (checked), as Unix seconds, or the
/// clock — written in China Standard Time by core.
pub(crate) fn now_rfc3339(now: Option<&str>) -> Result<String, CliError> {
    match now {
        Some(t) if t.contains('T') => {
            govshare_core::time::parse_timestamp(t, "--now")?;
            Ok(t.to_owned())
        }
        _ => Ok(govshare_core::time::format_timestamp_cst(crate::send::now_seconds(now)?)?),
    }
}

#[derive(Args)]
pub struct HttpArgs {
    /// catalog, catalog-delta, submit, status, withdraw, data, irs-refresh-by-key, irs-refresh-by-secret.
    operation: String,
    /// Platform configuration (PlatformConfig JSON).
    #[arg(long)]
    config: String,
    /// Application file (submit).
    #[arg(long)]
    app: Option<String>,
    /// Application id (status, withdraw).
    #[arg(long)]
    id: Option<String>,
    /// Withdrawal reason.
    #[arg(long)]
    reason: Option<String>,
    /// Catalog version held (catalog-delta).
    #[arg(long)]
    since_version: Option<u64>,
    /// Data query file (DataQuery JSON; data).
    #[arg(long)]
    query: Option<String>,
    /// Grants file (array of Grant JSON; data).
    #[arg(long)]
    grants: Option<String>,
    /// The requesting department's credit code (data).
    #[arg(long)]
    credit_code: Option<String>,
    /// RFC 3339 or Unix seconds; default: the clock.
    #[arg(long)]
    now: Option<String>,
    /// Nonce for the gateway; default: 16 random bytes, hex.
    #[arg(long)]
    nonce: Option<String>,
    /// Write the message JSON here (atomically) instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long)]
    json: bool,
}

fn need<'a>(v: &'a Option<String>, flag: &str, op: &str) -> Result<&'a str, CliError> {
    v.as_deref().ok_or_else(|| CliError::Usage(format!("{op} needs --{flag}")))
}

fn http(a: HttpArgs) -> CmdResult {
    let client = PlatformClient::new(from_file::<PlatformConfig>(&a.config)?)?;
    let ctx = CallContext {
        now: now_rfc3339(a.now.as_deref())?,
        nonce: match a.nonce {
            Some(n) => n,
            None => crate::send::random_nonce()?,
        },
    };
    let op = a.operation.as_str();
    let msg = match op {
        "catalog" => client.catalog_request(&ctx)?,
        "catalog-delta" => client.catalog_delta_request(
            a.since_version.ok_or_else(|| CliError::Usage("catalog-delta needs --since-version".into()))?,
            &ctx,
        )?,
        "submit" => client.submit_request(&load_app(need(&a.app, "app", op)?)?, &ctx)?,
        "status" => client.status_request(need(&a.id, "id", op)?, &ctx)?,
        "withdraw" => client.withdraw_request(need(&a.id, "id", op)?, a.reason.as_deref(), &ctx)?,
        "data" => {
            let query: DataQuery = from_file(need(&a.query, "query", op)?)?;
            let grants: Vec<Grant> = from_file(need(&a.grants, "grants", op)?)?;
            let ents = req::entitlements(&grants, need(&a.credit_code, "credit-code", op)?, &ctx.now)?;
            client.data_request(&query, &ents, &ctx)?
        }
        "irs-refresh-by-key" => client.irs_refresh_by_key_request(&ctx)?,
        "irs-refresh-by-secret" => client.irs_refresh_by_secret_request(&ctx)?,
        other => return Err(CliError::Usage(format!("unknown operation {other:?}"))),
    };
    let mut text = msg.to_json();
    text.push('\n');
    write_output(a.out.as_deref(), text.as_bytes())?;
    Ok(EXIT_OK)
}

pub fn run(cmd: RequestCommand) -> CmdResult {
    match cmd {
        RequestCommand::New(a) => new(*a),
        RequestCommand::Validate { catalog, app, max_validity_days, json } => {
            validate(&catalog, &app, max_validity_days, json)
        }
        RequestCommand::Deadline(a) => deadline(*a),
        RequestCommand::Transition(a) => transition(*a),
        RequestCommand::Http(a) => http(*a),
        RequestCommand::Send(a) => crate::send::run(*a),
    }
}
