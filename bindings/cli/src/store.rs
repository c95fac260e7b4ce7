//! `govshare store put|get|verify|repair|dispose`: arguments, files and
//! output only; the sealed-store format, its chain, the key wrap and the
//! disposal rules are core's (`govshare_core::store`, docs/store.md).

use std::fs::OpenOptions;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use govshare_core::audit::AuditLog;
use govshare_core::request::entitlement::Grant;
use govshare_core::request::lifecycle::DisposalMethod;
use govshare_core::sign::Algorithm;
use govshare_core::store::{
    dispose_store, verify_store, DisposalRequest, StoreKey, StoreReader, StoreWriter,
};
use govshare_core::{Error, ErrorKind};

use crate::fail::{CliError, EXIT_FINDINGS, EXIT_OK};
use crate::io::{read_input, write_output};
use crate::CmdResult;

#[derive(Subcommand)]
pub enum StoreCommand {
    /// Seal stdin as page --page of STORE (created when it does not exist,
    /// with --grant and --resource), bound to the page's --manifest-digest.
    /// The lines are appended and synced; a page is written once.
    Put(PutArgs),
    /// Write page --page of STORE, once every chunk's tag has verified;
    /// exit 1 if one does not (nothing written), 2 for a page that is not
    /// there or incomplete.
    Get(GetArgs),
    /// Check STORE's chain and form without any key. Exit 0 intact, 1 when
    /// a line was changed, dropped, inserted or reordered, or the last
    /// write was cut short (torn tail, unfinished page).
    Verify(VerifyArgs),
    /// Cut a torn last line off STORE (what a killed writer leaves), so
    /// that `put` can append again. Complete lines are kept.
    Repair(RepairArgs),
    /// Dispose of STORE as the grant requires (Art. 27): delete
    /// (crypto-shredding), return or seal (re-encrypted for --to). Writes
    /// the signed receipt, appends its event to --audit-log (heading
    /// 销毁处置, Art. 29), then replaces STORE. Refused when the grant names
    /// another method.
    Dispose(DisposeArgs),
}

impl StoreCommand {
    pub fn json(&self) -> bool {
        match self {
            StoreCommand::Verify(a) => a.json,
            StoreCommand::Dispose(a) => a.json,
            _ => false,
        }
    }
}

#[derive(Args)]
pub struct KeyArgs {
    /// The department's SM2 key file (private to read or append; a public
    /// key suffices to create a store). PEM, JWK or a bare point.
    #[arg(long, value_name = "KEY", required_unless_present = "kek_file", conflicts_with = "kek_file")]
    key: Option<PathBuf>,
    /// A 16-byte SM4 key-encryption key file (16 raw bytes or 32 hex
    /// digits) instead of an SM2 key. Needs --kek-id.
    #[arg(long, value_name = "FILE", requires = "kek_id")]
    kek_file: Option<PathBuf>,
    /// The KEK's name, written into or checked against the store.
    #[arg(long, value_name = "ID", requires = "kek_file")]
    kek_id: Option<String>,
}

impl KeyArgs {
    fn load(&self) -> Result<StoreKey, CliError> {
        match (&self.key, &self.kek_file, &self.kek_id) {
            (Some(key), None, None) => {
                let path = file_arg(key, "--key")?;
                Ok(StoreKey::Sm2(Box::new(crate::sign::load_key(&path, Some(Algorithm::Sm2Sm3))?)))
            }
            (None, Some(file), Some(id)) => {
                let bytes = zeroize::Zeroizing::new(read_input(&file_arg(file, "--kek-file")?)?);
                let kek = govshare_core::crypto::Sm4Key::from_file_bytes(&bytes)?;
                Ok(StoreKey::kek(kek.as_bytes(), id))
            }
            _ => Err(CliError::Usage("give either --key KEY or --kek-file F --kek-id ID".into())),
        }
    }
}

#[derive(Args)]
pub struct PutArgs {
    /// The store file (JSON Lines).
    store: PathBuf,
    /// The page index (from the platform's paging).
    #[arg(long)]
    page: u64,
    /// The page's verified manifest digest: sha256:<hex> or sm3:<hex>.
    #[arg(long, value_name = "DIGEST")]
    manifest_digest: String,
    #[command(flatten)]
    key: KeyArgs,
    /// The grant (application id) a new store is for.
    #[arg(long)]
    grant: Option<String>,
    /// The catalog resource code a new store is for.
    #[arg(long)]
    resource: Option<String>,
    /// A new store's creation time, Unix seconds; default: now.
    #[arg(long, value_name = "SECONDS")]
    created: Option<i64>,
}

#[derive(Args)]
pub struct GetArgs {
    store: PathBuf,
    #[arg(long)]
    page: u64,
    #[command(flatten)]
    key: KeyArgs,
    /// Write the page here (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct VerifyArgs {
    store: PathBuf,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct RepairArgs {
    store: PathBuf,
}

#[derive(Args)]
pub struct DisposeArgs {
    store: PathBuf,
    /// The grant (JSON, as `request` commands write it) naming the disposal
    /// method the provider requires.
    #[arg(long, value_name = "FILE")]
    grant: PathBuf,
    /// delete, return or seal: must be the grant's.
    #[arg(long)]
    method: String,
    /// Who disposes (the department's 统一社会信用代码).
    #[arg(long)]
    actor: String,
    /// When (RFC 3339); default: now.
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    #[command(flatten)]
    key: KeyArgs,
    /// return / seal: the provider's or custodian's SM2 public key.
    #[arg(long, value_name = "KEY")]
    to: Option<PathBuf>,
    /// The key that signs the receipt and the audit entry.
    #[arg(long, value_name = "KEY")]
    signing_key: PathBuf,
    /// The audit log (JSON Lines): its head goes into the receipt, and the
    /// receipt's event is appended to it.
    #[arg(long, value_name = "FILE")]
    audit_log: PathBuf,
    /// Where to write the signed receipt (JSON).
    #[arg(long, value_name = "FILE")]
    receipt_out: PathBuf,
    /// Print {receipt, summary} as JSON.
    #[arg(long)]
    json: bool,
}

fn file_arg(path: &Path, what: &str) -> Result<String, CliError> {
    let text = path.to_string_lossy().into_owned();
    if text == "-" {
        return Err(CliError::Usage(format!("{what} must name a file")));
    }
    Ok(text)
}

fn read_store(path: &Path) -> Result<Vec<u8>, CliError> {
    read_input(&file_arg(path, "STORE")?)
}

fn now_seconds() -> Result<i64, CliError> {
    Ok(std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|_| CliError::Usage("the system clock is before 1970".into()))?
        .as_secs() as i64)
}

/// A failed verdict (a tag, the chain, another recipient) is exit 1 with
/// nothing written; any other error is exit 2.
fn verdict<T>(result: Result<T, Error>, json: bool) -> Result<Result<T, u8>, CliError> {
    match result {
        Ok(v) => Ok(Ok(v)),
        Err(e) if e.kind() == ErrorKind::Verdict => {
            CliError::Core(e).report(json);
            Ok(Err(EXIT_FINDINGS))
        }
        Err(e) => Err(e.into()),
    }
}

pub fn run(cmd: StoreCommand) -> CmdResult {
    match cmd {
        StoreCommand::Put(a) => put(&a),
        StoreCommand::Get(a) => get(&a),
        StoreCommand::Verify(a) => verify(&a),
        StoreCommand::Repair(a) => repair(&a),
        StoreCommand::Dispose(a) => dispose(&a),
    }
}

fn put(a: &PutArgs) -> CmdResult {
    let key = a.key.load()?;
    let data = zeroize::Zeroizing::new(read_input("-")?);
    let name = a.store.display().to_string();
    let existing = match std::fs::read(&a.store) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(CliError::io(&name, &e)),
    };
    let mut lines = Vec::new();
    let mut writer = match &existing {
        Some(bytes) => {
            if a.grant.is_some() || a.resource.is_some() {
                return Err(CliError::Usage(format!(
                    "{name} exists: --grant and --resource are for a new store"
                )));
            }
            match verdict(StoreWriter::resume(bytes, &key.unlock()), false)? {
                Ok(w) => w,
                Err(code) => return Ok(code),
            }
        }
        None => {
            let (Some(grant), Some(resource)) = (&a.grant, &a.resource) else {
                return Err(CliError::Usage(format!(
                    "{name} does not exist: give --grant and --resource to create it"
                )));
            };
            let created = match a.created {
                Some(c) => c,
                None => now_seconds()?,
            };
            let (w, header) = StoreWriter::create(grant, resource, created, &key.recipient()?)?;
            lines.extend(header);
            w
        }
    };
    lines.extend(writer.put_page(a.page, &a.manifest_digest, &data)?);
    // Appended and synced: a crash leaves at most a torn last line, which
    // readers never read and `store repair` cuts off.
    let mut file = OpenOptions::new()
        .append(true)
        .create(existing.is_none())
        .open(&a.store)
        .map_err(|e| CliError::io(&name, &e))?;
    file.write_all(&lines).map_err(|e| CliError::io(&name, &e))?;
    file.sync_data().map_err(|e| CliError::io(&name, &e))?;
    Ok(EXIT_OK)
}

fn get(a: &GetArgs) -> CmdResult {
    let key = a.key.load()?;
    let bytes = read_store(&a.store)?;
    let reader = match verdict(StoreReader::open(&bytes, &key.unlock()), false)? {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let page = match verdict(reader.read_page(a.page), false)? {
        Ok(p) => zeroize::Zeroizing::new(p),
        Err(code) => return Ok(code),
    };
    write_output(a.out.as_deref(), &page)?;
    Ok(EXIT_OK)
}

fn verify(a: &VerifyArgs) -> CmdResult {
    let bytes = read_store(&a.store)?;
    let summary = match verdict(verify_store(&bytes), a.json)? {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    let unfinished: Vec<u64> = summary.pages.iter().filter(|p| !p.complete).map(|p| p.page).collect();
    let intact = !summary.torn_tail && unfinished.is_empty();
    if a.json {
        outln!("{}", serde_json::json!({"intact": intact, "summary": summary}));
    } else {
        outln!(
            "{}: grant {} resource {}, {} pages, {} records, digest {}{}",
            if intact { "intact" } else { "NOT intact" },
            summary.grant,
            summary.resource,
            summary.pages.len(),
            summary.records,
            summary.digest,
            match summary.disposed {
                Some(m) => format!(", disposed of ({m})", m = m.as_str()),
                None => String::new(),
            }
        );
        if summary.torn_tail {
            outln!(
                "torn tail: the last write was cut short; `govshare store repair` keeps the first {} bytes",
                summary.intact_len
            );
        }
        if !unfinished.is_empty() {
            outln!("unfinished pages (never readable): {unfinished:?}");
        }
    }
    Ok(if intact { EXIT_OK } else { EXIT_FINDINGS })
}

fn repair(a: &RepairArgs) -> CmdResult {
    let bytes = read_store(&a.store)?;
    let summary = match verdict(verify_store(&bytes), false)? {
        Ok(s) => s,
        Err(code) => return Ok(code),
    };
    if summary.torn_tail {
        let keep = usize::try_from(summary.intact_len).unwrap_or(bytes.len()).min(bytes.len());
        write_output(Some(&a.store), &bytes[..keep])?;
        outln!("cut {} bytes of a torn last line; {} records kept", bytes.len() - keep, summary.records);
    } else {
        outln!("nothing to repair: the last line is complete");
    }
    Ok(EXIT_OK)
}

fn dispose(a: &DisposeArgs) -> CmdResult {
    let key = a.key.load()?;
    let method: DisposalMethod = a.method.parse()?;
    let grant: Grant = serde_json::from_slice(&read_input(&file_arg(&a.grant, "--grant")?)?)
        .map_err(|e| govshare_core::error::json_error(&e))?;
    let signer = crate::sign::load_key(&file_arg(&a.signing_key, "--signing-key")?, None)?;
    let to = match &a.to {
        Some(p) => Some(crate::sign::load_key(&file_arg(p, "--to")?, Some(Algorithm::Sm2Sm3))?),
        None => None,
    };
    let disposed_at = match &a.at {
        Some(t) => t.clone(),
        None => govshare_core::time::format_timestamp_cst(now_seconds()?)?,
    };
    let log_name = a.audit_log.display().to_string();
    let mut log_file = OpenOptions::new()
        .read(true)
        .append(true)
        .open(&a.audit_log)
        .map_err(|e| CliError::io(&log_name, &e))?;
    let mut log_bytes = Vec::new();
    log_file.read_to_end(&mut log_bytes).map_err(|e| CliError::io(&log_name, &e))?;
    let mut log = AuditLog::resume(&log_bytes)?;
    let bytes = read_store(&a.store)?;
    let request = DisposalRequest { method, disposed_at, actor: a.actor.clone() };
    let disposal = match verdict(
        dispose_store(&bytes, &grant, &request, &key.unlock(), to.as_ref(), log.head(), &signer),
        a.json,
    )? {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    // Everything is computed; now write: receipt, audit entry, store.
    let mut receipt = serde_json::to_string_pretty(&disposal.receipt).unwrap_or_default();
    receipt.push('\n');
    let mut entry = log.append(&disposal.receipt.event(), Some(&signer))?;
    entry.push('\n');
    write_output(Some(&a.receipt_out), receipt.as_bytes())?;
    log_file.write_all(entry.as_bytes()).map_err(|e| CliError::io(&log_name, &e))?;
    log_file.sync_data().map_err(|e| CliError::io(&log_name, &e))?;
    write_output(Some(&a.store), &disposal.store)?;
    let summary = verify_store(&disposal.store)?;
    if a.json {
        outln!("{}", serde_json::json!({"receipt": disposal.receipt, "summary": summary}));
    } else {
        outln!(
            "disposed of by {}: receipt {} (store {} → {}), audit entry {}",
            method.as_str(),
            a.receipt_out.display(),
            disposal.receipt.store_digest,
            summary.digest,
            log.next_seq() - 1
        );
    }
    Ok(EXIT_OK)
}
