//! `govshare audit …`: append to, verify and report on hash-chained audit
//! logs; make and check destruction receipts. Logic is in core::audit.

use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use govshare_core::audit::{
    destruction_receipt, digest, usage_report, verify_destruction_receipt, AuditLog, AuditVerifier,
    DestructionRequest,
};
use govshare_core::sign::Key;

use crate::fail::{CliError, EXIT_FINDINGS, EXIT_OK};
use crate::io::{read_input, write_output};
use crate::sign::load_key;
use crate::CmdResult;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Append events (JSON objects, one per line on stdin, or --event) to a
    /// log; the file is created if missing. Prints the new head hash.
    Append(AppendArgs),
    /// Verify a log: changed, removed, reordered, duplicated or badly signed
    /// entries; a truncated log with --expect-head. Exit 0 valid, 1 problems.
    Verify(VerifyArgs),
    /// Usage report: applications per resource and provider, answer times
    /// against deadlines, overdue counts.
    Report(ReportArgs),
    /// Make a signed destruction receipt for data whose retention ended,
    /// bound to the log's current head.
    Receipt(ReceiptArgs),
    /// Check a destruction receipt's hash and signature. Exit 0 valid, 1 invalid.
    VerifyReceipt(VerifyReceiptArgs),
    /// Print `sha256:<hex>` of a file or stdin: the form of event digests.
    Digest {
        /// File, or `-` for stdin.
        input: String,
    },
}

impl AuditCommand {
    pub fn json(&self) -> bool {
        match self {
            AuditCommand::Append(a) => a.json,
            AuditCommand::Verify(a) => a.json,
            AuditCommand::Report(a) => a.json,
            AuditCommand::VerifyReceipt(a) => a.json,
            AuditCommand::Receipt(_) | AuditCommand::Digest { .. } => false,
        }
    }
}

#[derive(Args)]
pub struct KeyArgs {
    /// Key file (PEM, JWK or base64 HMAC secret).
    #[arg(long)]
    key: Option<String>,
    /// Key id to record (default: the key's RFC 7638 thumbprint).
    #[arg(long)]
    key_id: Option<String>,
}

impl KeyArgs {
    fn load(&self) -> Result<Option<Key>, CliError> {
        let Some(path) = &self.key else { return Ok(None) };
        let mut key = load_key(path, None)?;
        if let Some(id) = &self.key_id {
            key.set_key_id(id.clone());
        }
        Ok(Some(key))
    }
}

#[derive(Args)]
pub struct AppendArgs {
    /// The log file (JSON Lines).
    log: PathBuf,
    /// One event as JSON; without it, events are read from stdin, one per line.
    #[arg(long)]
    event: Option<String>,
    /// Sign each entry with this key.
    #[command(flatten)]
    key: KeyArgs,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// The log file, or `-` for stdin.
    log: String,
    /// Public key (or HMAC secret) of a signer; repeat for several.
    #[arg(long = "key")]
    keys: Vec<String>,
    /// Every entry must be signed by one of the keys.
    #[arg(long)]
    require_signatures: bool,
    /// A head hash kept earlier: the log must still contain it.
    #[arg(long)]
    expect_head: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ReportArgs {
    /// The log file, or `-` for stdin.
    log: String,
    /// RFC 3339 time the overdue counts are taken at (default: now).
    #[arg(long)]
    now: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ReceiptArgs {
    /// The destruction request (JSON), or `-` for stdin.
    request: String,
    /// The audit log whose head the receipt is bound to.
    #[arg(long)]
    log: PathBuf,
    #[command(flatten)]
    key: KeyArgs,
    /// Write the receipt here (atomically) instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct VerifyReceiptArgs {
    /// The receipt (JSON), or `-` for stdin.
    receipt: String,
    /// The signer's public key (or HMAC secret).
    #[arg(long)]
    key: String,
    #[arg(long)]
    json: bool,
}

pub fn run(cmd: AuditCommand) -> CmdResult {
    match cmd {
        AuditCommand::Append(a) => append(a),
        AuditCommand::Verify(a) => verify(a),
        AuditCommand::Report(a) => report(a),
        AuditCommand::Receipt(a) => receipt(a),
        AuditCommand::VerifyReceipt(a) => verify_receipt(a),
        AuditCommand::Digest { input } => {
            outln!("{}", digest(&read_input(&input)?));
            Ok(EXIT_OK)
        }
    }
}

/// Appends with one write per batch and an fsync; every event is checked
/// before anything is written, so a refused event leaves the file unchanged.
fn append(a: AppendArgs) -> CmdResult {
    let key = a.key.load()?;
    let name = a.log.display().to_string();
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(&a.log)
        .map_err(|e| CliError::io(&name, &e))?;
    let mut existing = Vec::new();
    file.read_to_end(&mut existing).map_err(|e| CliError::io(&name, &e))?;
    if !existing.is_empty() && !existing.ends_with(b"\n") {
        return Err(CliError::Usage(format!(
            "{name}: the last line is incomplete (an interrupted write?); run `govshare audit verify` and repair it first"
        )));
    }
    let mut log = AuditLog::resume(&existing)?;
    let events: Vec<String> = match &a.event {
        Some(e) => vec![e.clone()],
        None => String::from_utf8(read_input("-")?)
            .map_err(|_| CliError::Usage("stdin is not UTF-8 JSON Lines".into()))?
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
    };
    let mut batch = String::new();
    for event in &events {
        batch.push_str(&log.append_json(event.as_bytes(), key.as_ref())?);
        batch.push('\n');
    }
    file.seek(SeekFrom::End(0)).map_err(|e| CliError::io(&name, &e))?;
    file.write_all(batch.as_bytes()).map_err(|e| CliError::io(&name, &e))?;
    file.sync_data().map_err(|e| CliError::io(&name, &e))?;
    if a.json {
        outln!(
            "{}",
            serde_json::json!({"appended": events.len(), "head": log.head(), "next_seq": log.next_seq()})
        );
    } else {
        outln!("{}", log.head());
    }
    Ok(EXIT_OK)
}

fn verify(a: VerifyArgs) -> CmdResult {
    let mut v = AuditVerifier::new();
    for path in &a.keys {
        v.add_key(load_key(path, None)?.verifying_key()?);
    }
    v.require_signatures(a.require_signatures);
    v.expect_head(a.expect_head.clone());
    let verdict = v.verify(&read_input(&a.log)?);
    if a.json {
        outln!("{}", serde_json::to_string(&verdict).unwrap_or_default());
    } else {
        for p in &verdict.problems {
            let seq = p.seq.map(|s| format!(" (entry {s})")).unwrap_or_default();
            outln!("line {}{seq}: [{}] {}", p.line, p.code, p.message);
        }
        outln!(
            "{}: {} entries, {} with verified signatures, head {}",
            if verdict.valid { "valid" } else { "INVALID" },
            verdict.entries,
            verdict.signed,
            verdict.head
        );
    }
    Ok(if verdict.valid { EXIT_OK } else { EXIT_FINDINGS })
}

fn report(a: ReportArgs) -> CmdResult {
    let now = crate::request::now_rfc3339(a.now.as_deref())?;
    let r = usage_report(&read_input(&a.log)?, &now)?;
    if a.json {
        outln!("{}", serde_json::to_string(&r).unwrap_or_default());
        return Ok(EXIT_OK);
    }
    let hours = |h: Option<f64>| h.map(|h| format!("{h:.1}")).unwrap_or_else(|| "-".into());
    outln!("usage at {} ({} log entries)", r.now, r.entries);
    outln!(
        "{:<20} {:<16} {:>5} {:>7} {:>8} {:>9} {:>7} {:>7} {:>4} {:>7} {:>8} {:>8}",
        "provider",
        "resource",
        "apps",
        "granted",
        "rejected",
        "withdrawn",
        "pending",
        "on-time",
        "late",
        "overdue",
        "median h",
        "max h"
    );
    for row in r.rows.iter().chain(std::iter::once(&r.total)) {
        outln!(
            "{:<20} {:<16} {:>5} {:>7} {:>8} {:>9} {:>7} {:>7} {:>4} {:>7} {:>8} {:>8}",
            if row.provider_code.is_empty() { "-" } else { &row.provider_code },
            if row.resource.is_empty() { "-" } else { &row.resource },
            row.applications,
            row.granted,
            row.rejected,
            row.withdrawn,
            row.pending,
            row.answered_on_time,
            row.answered_late,
            row.overdue,
            hours(row.median_answer_hours),
            hours(row.max_answer_hours)
        );
    }
    Ok(EXIT_OK)
}

fn receipt(a: ReceiptArgs) -> CmdResult {
    let key = a.key.load()?.ok_or_else(|| CliError::Usage("a receipt is signed: give --key".into()))?;
    let request: DestructionRequest =
        serde_json::from_slice(&read_input(&a.request)?).map_err(|e| govshare_core::error::json_error(&e))?;
    let log_name = a.log.display().to_string();
    let log = std::fs::read(&a.log).map_err(|e| CliError::io(&log_name, &e))?;
    let head = AuditLog::resume(&log)?.head().to_owned();
    let r = destruction_receipt(&request, &head, &key)?;
    let mut text = serde_json::to_string_pretty(&r).unwrap_or_default();
    text.push('\n');
    write_output(a.out.as_deref(), text.as_bytes())?;
    Ok(EXIT_OK)
}

fn verify_receipt(a: VerifyReceiptArgs) -> CmdResult {
    let key = load_key(&a.key, None)?.verifying_key()?;
    match verify_destruction_receipt(&read_input(&a.receipt)?, &key) {
        Ok(r) => {
            if a.json {
                outln!("{}", serde_json::json!({"valid": true, "receipt": r}));
            } else {
                outln!("valid: {} destroyed at {} ({})", r.application_id, r.destroyed_at, r.method);
            }
            Ok(EXIT_OK)
        }
        Err(e) if e.code() == "signature_invalid" => {
            if a.json {
                outln!("{}", serde_json::json!({"valid": false, "code": e.code(), "message": e.to_string()}));
            } else {
                outln!("invalid [{}]: {}", e.code(), e);
            }
            Ok(EXIT_FINDINGS)
        }
        Err(e) => Err(e.into()),
    }
}
