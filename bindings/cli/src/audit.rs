//! `govshare audit …`: append to, verify and report on hash-chained audit
//! logs; make and check destruction receipts. Logic is in core::audit.

use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use govshare_core::audit::{
    archive, destruction_receipt, digest, export_records, usage_report, verify_destruction_receipt,
    verify_export, AuditLog, AuditVerification, AuditVerifier, DestructionRequest,
};
use govshare_core::error::ErrorKind;
use govshare_core::sign::Key;

use crate::fail::{CliError, EXIT_FINDINGS, EXIT_OK};
use crate::io::{read_input, write_output};
use crate::sign::{load_key, load_peer_key};
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
    /// Art. 29: move the verified entries dated before --before into a sealed archive
    /// and keep the rest as the log (refused for entries younger than the retention,
    /// at least 3 years). Verify the log afterwards with --archive.
    Archive(ArchiveArgs),
    /// Verify an archive: header, seal, chain and signatures. Exit 0 valid, 1 problems.
    VerifyArchive(VerifyArchiveArgs),
    /// Art. 29: export records for inspection — the whole record, or with --provider a
    /// provider's own entries — as a new chain signed by --key that carries the
    /// original entry hashes.
    Export(ExportArgs),
    /// Check an export against the full log: nothing changed, out of scope or left out.
    /// Exit 0 valid, 1 problems.
    VerifyExport(VerifyExportArgs),
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
            AuditCommand::Archive(a) => a.json,
            AuditCommand::VerifyArchive(a) => a.json,
            AuditCommand::Export(a) => a.json,
            AuditCommand::VerifyExport(a) => a.json,
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

/// Trust in the keys given for other parties' signatures.
#[derive(Args, Clone, Copy, Default)]
pub struct TrustArgs {
    /// Accept symmetric (HMAC) verification keys: whoever holds one could have signed,
    /// so it proves nothing about another party. Refused unless asked for.
    #[arg(long)]
    allow_symmetric: bool,
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
    /// The archive the log continues from (after `audit archive`); it is verified too.
    #[arg(long)]
    archive: Option<String>,
    #[command(flatten)]
    trust: TrustArgs,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ArchiveArgs {
    /// The log file; rewritten (atomically) with the entries that stay.
    log: PathBuf,
    /// Archive the entries dated (Beijing) before this day, YYYY-MM-DD.
    #[arg(long)]
    before: String,
    /// Write the archive here (atomically, before the log is rewritten).
    #[arg(long)]
    out: PathBuf,
    /// Years records are kept (Art. 29: at least 3).
    #[arg(long, default_value_t = 3)]
    retention_years: u32,
    /// RFC 3339 or Unix seconds; default: the clock.
    #[arg(long)]
    now: Option<String>,
    /// Public keys of the log's signers (the log must verify with them).
    #[arg(long = "log-key")]
    log_keys: Vec<String>,
    /// The archive the log already continues from, if it was archived before.
    #[arg(long)]
    archive: Option<String>,
    /// Sign the archive header with this key.
    #[command(flatten)]
    key: KeyArgs,
    #[command(flatten)]
    trust: TrustArgs,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct VerifyArchiveArgs {
    /// The archive, or `-` for stdin.
    archive: String,
    #[arg(long = "key")]
    keys: Vec<String>,
    #[arg(long)]
    require_signatures: bool,
    #[command(flatten)]
    trust: TrustArgs,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ExportArgs {
    /// The log file, or `-` for stdin.
    log: String,
    /// Only this provider's own entries (its 统一社会信用代码); default: the whole record.
    #[arg(long)]
    provider: Option<String>,
    /// Public keys of the log's signers (the log must verify with them).
    #[arg(long = "log-key")]
    log_keys: Vec<String>,
    /// The archive the log continues from, if any.
    #[arg(long)]
    archive: Option<String>,
    /// The exporter's signing key (required).
    #[command(flatten)]
    key: KeyArgs,
    /// Write the export here (atomically) instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
    #[command(flatten)]
    trust: TrustArgs,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct VerifyExportArgs {
    /// The export, or `-` for stdin.
    export: String,
    /// The full log it was made from.
    #[arg(long)]
    log: String,
    /// The scope it claims: this provider's own entries; default: the whole record.
    #[arg(long)]
    provider: Option<String>,
    /// The exporter's public key (every export entry must be signed by it).
    #[arg(long = "key", required = true)]
    keys: Vec<String>,
    /// Public keys of the log's signers.
    #[arg(long = "log-key")]
    log_keys: Vec<String>,
    /// The archive the log continues from, if any.
    #[arg(long)]
    archive: Option<String>,
    #[command(flatten)]
    trust: TrustArgs,
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
    #[command(flatten)]
    trust: TrustArgs,
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
        AuditCommand::Archive(a) => archive_cmd(a),
        AuditCommand::VerifyArchive(a) => {
            let v = verifier(&a.keys, a.require_signatures, None, a.trust)?;
            print_verdict(&v.verify_archive(&read_input(&a.archive)?), a.json)
        }
        AuditCommand::Export(a) => export_cmd(a),
        AuditCommand::VerifyExport(a) => {
            let mut exporter = verifier(&a.keys, true, None, a.trust)?;
            exporter.require_signatures(true);
            let log_v = verifier(&a.log_keys, false, a.archive.as_deref(), a.trust)?;
            let v = verify_export(
                &read_input(&a.export)?,
                &read_input(&a.log)?,
                a.provider.as_deref(),
                &exporter,
                &log_v,
            );
            print_verdict(&v, a.json)
        }
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

/// A verifier with these public keys; anchored after `archive` when given
/// (which must verify itself).
fn verifier(
    keys: &[String],
    required: bool,
    archive: Option<&str>,
    trust: TrustArgs,
) -> Result<AuditVerifier, CliError> {
    let mut v = AuditVerifier::new();
    for path in keys {
        v.add_key(load_peer_key(path, None, trust.allow_symmetric)?.verifying_key()?)?;
    }
    v.require_signatures(required);
    if let Some(path) = archive {
        // Core anchors on the archive only when it verifies itself.
        v.continue_after_archive(&read_input(path)?)?;
    }
    Ok(v)
}

fn print_verdict(verdict: &AuditVerification, json: bool) -> CmdResult {
    if json {
        outln!("{}", serde_json::to_string(verdict).unwrap_or_default());
    } else {
        for p in &verdict.problems {
            let seq = p.seq.map(|s| format!(" (entry {s})")).unwrap_or_default();
            outln!("line {}{seq}: [{}] {}", p.line, p.code, p.message_en);
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

/// Writes the archive first, then the remaining log, each atomically: a
/// crash between the two leaves the full log and an archive that can be
/// made again.
fn archive_cmd(a: ArchiveArgs) -> CmdResult {
    let name = a.log.display().to_string();
    let log = std::fs::read(&a.log).map_err(|e| CliError::io(&name, &e))?;
    let v = verifier(&a.log_keys, false, a.archive.as_deref(), a.trust)?;
    let now = crate::request::now_rfc3339(a.now.as_deref())?;
    let key = a.key.load()?;
    let out = archive(&log, &a.before, &now, a.retention_years, &v, key.as_ref())?;
    write_output(Some(&a.out), out.archive.as_bytes())?;
    write_output(Some(&a.log), out.remaining.as_bytes())?;
    if a.json {
        outln!("{}", serde_json::to_string(&out.header).unwrap_or_default());
    } else {
        outln!(
            "archived entries {}..={} (before {}) to {}; the log continues after {}",
            out.header.first_seq,
            out.header.last_seq,
            out.header.before,
            a.out.display(),
            out.header.head
        );
    }
    Ok(EXIT_OK)
}

fn export_cmd(a: ExportArgs) -> CmdResult {
    let key = a.key.load()?.ok_or_else(|| CliError::Usage("an export is signed: give --key".into()))?;
    let v = verifier(&a.log_keys, false, a.archive.as_deref(), a.trust)?;
    let text = export_records(&read_input(&a.log)?, a.provider.as_deref(), &v, &key)?;
    write_output(a.out.as_deref(), text.as_bytes())?;
    Ok(EXIT_OK)
}

fn verify(a: VerifyArgs) -> CmdResult {
    let mut v = verifier(&a.keys, a.require_signatures, a.archive.as_deref(), a.trust)?;
    v.expect_head(a.expect_head.clone());
    print_verdict(&v.verify(&read_input(&a.log)?), a.json)
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
    let key = load_peer_key(&a.key, None, a.trust.allow_symmetric)?.verifying_key()?;
    match verify_destruction_receipt(&read_input(&a.receipt)?, &key) {
        Ok(r) => {
            if a.json {
                outln!("{}", serde_json::json!({"valid": true, "receipt": r}));
            } else {
                outln!("valid: {} destroyed at {} ({})", r.application_id, r.destroyed_at, r.method);
            }
            Ok(EXIT_OK)
        }
        // A receipt that does not verify is a verdict (exit 1); anything else is bad input.
        Err(e) if e.kind() == ErrorKind::Verdict => {
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
