//! Keeping and showing records as Art. 29 of Decree No. 809 asks: the
//! requester keeps the records of its use of shared data for at least 3
//! years, and the coordinating department and the providers may inspect them.
//!
//! - [`archive`] moves the oldest entries of a verified log into a sealed
//!   archive (refused for any entry younger than the retention period); the
//!   live log continues after the archive's head, and
//!   [`AuditVerifier::continue_from`] checks it from there.
//! - [`export_records`] writes, for inspection, a new signed chain whose
//!   entries copy the original events and carry the original entry hashes —
//!   the whole record, or one provider's own entries — and
//!   [`verify_export`] checks it against the full log: nothing changed,
//!   nothing out of scope, nothing in scope left out.

use serde::{Deserialize, Serialize};

use super::chain::{problem, AuditVerification, AuditVerifier};
use super::entry::{
    canonical, is_blank, is_hash, parse_entry, sign_hash, verify_hash, AuditEntry, AuditLog, AuditSignature,
    EntryRef, GENESIS,
};
use crate::digest::sha256_hex;
use crate::request::deadline::MIN_RECORDS_RETENTION_YEARS;
use crate::sign::Key;
use crate::time::{parse_timestamp, Day};
use crate::{Error, Location, Result};

/// The archive format name (first line of an archive).
pub const ARCHIVE_FORMAT: &str = "govshare-audit-archive";
pub const ARCHIVE_FORMAT_VERSION: u32 = 1;

/// The first line of an archive: what it holds and where the log goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ArchiveHeader {
    pub format: String,
    pub format_version: u32,
    /// Entries dated (Beijing) before this day were archived.
    pub before: String,
    /// RFC 3339 time the archive was sealed (the caller's `now`).
    pub sealed_at: String,
    /// Years records are kept (Art. 29: at least 3).
    pub retention_years: u32,
    pub first_seq: u64,
    pub last_seq: u64,
    /// `prev` of the first archived entry ([`GENESIS`] at the log's start).
    pub prev: String,
    /// Hash of the last archived entry: the live log continues after it.
    pub head: String,
    /// SHA-256 (hex) of the archived lines, each followed by `\n`.
    pub entries_sha256: String,
    /// SHA-256 (hex) of the canonical header without `hash` and `sig`.
    pub hash: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub sig: Option<AuditSignature>,
}

/// What [`archive`] produced: the archive to keep, and the log to keep
/// writing to (both complete texts; the caller stores both atomically,
/// the archive first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ArchiveOutput {
    pub header: ArchiveHeader,
    pub archive: String,
    pub remaining: String,
}

/// The non-blank lines of a log with their 1-based line numbers.
fn lines(log: &[u8]) -> Result<Vec<(u64, &str)>> {
    let text = std::str::from_utf8(log).map_err(|e| Error::NotUtf8 { offset: e.valid_up_to() as u64 })?;
    Ok(text.lines().enumerate().filter(|(_, l)| !is_blank(l)).map(|(i, l)| (i as u64 + 1, l)).collect())
}

fn refuse_unverified(v: &AuditVerification) -> Result<()> {
    match v.problems.first() {
        None => Ok(()),
        Some(p) => Err(Error::AuditChainBroken { line: p.line, problem: p.code.clone() }),
    }
}

/// Whether a record dated `day` is still within `years` of retention at `now`:
/// its anniversary `years` later has not been reached.
fn within_retention(day: Day, years: u32, now: Day) -> bool {
    let (y, m, d) = day.ymd();
    (y + i64::from(years), m, d) > now.ymd()
}

fn header_hash(h: &ArchiveHeader) -> Result<String> {
    let mut bare = h.clone();
    bare.hash = String::new();
    bare.sig = None;
    #[derive(Serialize)]
    struct Body<'a> {
        format: &'a str,
        format_version: u32,
        before: &'a str,
        sealed_at: &'a str,
        retention_years: u32,
        first_seq: u64,
        last_seq: u64,
        prev: &'a str,
        head: &'a str,
        entries_sha256: &'a str,
    }
    let body = canonical(&Body {
        format: &bare.format,
        format_version: bare.format_version,
        before: &bare.before,
        sealed_at: &bare.sealed_at,
        retention_years: bare.retention_years,
        first_seq: bare.first_seq,
        last_seq: bare.last_seq,
        prev: &bare.prev,
        head: &bare.head,
        entries_sha256: &bare.entries_sha256,
    })?;
    Ok(sha256_hex(body.as_bytes()))
}

/// Moves the entries of `log` dated before `before` (a Beijing date; they
/// must be the log's first entries) into a sealed archive. The log must
/// verify with `verifier` (its keys, its anchor if the log was archived
/// before). Refused (`retention_not_ended`) when an entry to archive is
/// younger than `retention_years` at `now` — never fewer than the decree's 3
/// years (Art. 29). `signer` signs the archive header.
pub fn archive(
    log: &[u8],
    before: &str,
    now: &str,
    retention_years: u32,
    verifier: &AuditVerifier,
    signer: Option<&Key>,
) -> Result<ArchiveOutput> {
    if retention_years < MIN_RECORDS_RETENTION_YEARS {
        return Err(Error::InvalidArgument {
            name: "retention_years".into(),
            detail: "records are kept at least 3 years (Art. 29 of Decree No. 809)".into(),
        });
    }
    let before_day = Day::parse(before, "before")?;
    let now_day = Day::of_instant_cst(parse_timestamp(now, "now")?);
    refuse_unverified(&verifier.verify(log))?;
    let all = lines(log)?;
    let mut taken: Vec<(u64, &str, AuditEntry)> = Vec::new();
    for (n, text) in &all {
        let entry = parse_entry(text, *n)?;
        let day = Day::of_instant_cst(parse_timestamp(&entry.event.time, "$.event.time")?);
        if day >= before_day {
            break;
        }
        if within_retention(day, retention_years, now_day) {
            return Err(Error::RetentionNotEnded {
                location: Location::at(Some("$.event.time".into()), *n, 1),
            });
        }
        taken.push((*n, text, entry));
    }
    let (Some(first), Some(last)) = (taken.first(), taken.last()) else {
        return Err(Error::InvalidArgument {
            name: "before".into(),
            detail: "the log has no entry dated before that day at its start".into(),
        });
    };
    let mut archived = String::new();
    for (_, text, _) in &taken {
        archived.push_str(text);
        archived.push('\n');
    }
    let mut header = ArchiveHeader {
        format: ARCHIVE_FORMAT.into(),
        format_version: ARCHIVE_FORMAT_VERSION,
        before: before_day.to_string(),
        sealed_at: now.to_owned(),
        retention_years,
        first_seq: first.2.seq,
        last_seq: last.2.seq,
        prev: first.2.prev.clone(),
        head: last.2.hash.clone(),
        entries_sha256: sha256_hex(archived.as_bytes()),
        hash: String::new(),
        sig: None,
    };
    header.hash = header_hash(&header)?;
    if let Some(key) = signer {
        header.sig = Some(sign_hash(&header.hash, key)?);
    }
    let mut out = canonical(&header)?;
    out.push('\n');
    out.push_str(&archived);
    let mut remaining = String::new();
    for (_, text) in all.iter().skip(taken.len()) {
        remaining.push_str(text);
        remaining.push('\n');
    }
    Ok(ArchiveOutput { header, archive: out, remaining })
}

impl AuditVerifier {
    /// Verifies an archive made by [`archive`]: its header (format, hash,
    /// signature when keys are given or signatures required), that the
    /// entries are the ones sealed (count, SHA-256, head) and form a valid
    /// chain from the header's `prev`, and that every one is dated before
    /// `before`. Never fails; problems carry codes as for logs, plus
    /// `archive_invalid`.
    pub fn verify_archive(&self, bytes: &[u8]) -> AuditVerification {
        let bad = |detail: &str| {
            let p = problem("archive_invalid", 1, None, detail, "归档文件无效");
            AuditVerification { valid: false, entries: 0, signed: 0, head: GENESIS.into(), problems: vec![p] }
        };
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(_) => return bad("the archive is not UTF-8"),
        };
        let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
        let header: ArchiveHeader = match serde_json::from_str(first) {
            Ok(h) => h,
            Err(_) => return bad("the first line is not an archive header"),
        };
        if header.format != ARCHIVE_FORMAT || header.format_version != ARCHIVE_FORMAT_VERSION {
            return bad("not a govshare audit archive of a version this build reads");
        }
        if canonical(&header).ok().as_deref() != Some(first) {
            return bad("the header is not in canonical form");
        }
        if header_hash(&header).ok().as_deref() != Some(header.hash.as_str()) {
            return bad("the header does not match its hash: it was changed");
        }
        let mut problems = Vec::new();
        let mut signed_header = false;
        match (&header.sig, self.key_for(header.sig.as_ref())) {
            (Some(sig), Some(key)) => match verify_hash(&header.hash, sig, key) {
                Ok(()) => signed_header = true,
                Err(_) => problems.push(problem(
                    "bad_signature",
                    1,
                    None,
                    "the archive header's signature does not verify",
                    "归档头签名验证失败",
                )),
            },
            (Some(_), None) if !self.keys.is_empty() || self.require_signatures => problems.push(problem(
                "unknown_key",
                1,
                None,
                "the archive is signed with a key the verifier was not given",
                "归档由验证方未提供的密钥签名",
            )),
            (None, _) if self.require_signatures => problems.push(problem(
                "unsigned_entry",
                1,
                None,
                "the archive header is not signed",
                "归档头未签名",
            )),
            _ => {}
        }
        if sha256_hex(rest.as_bytes()) != header.entries_sha256 {
            problems.push(problem(
                "archive_invalid",
                0,
                None,
                "the archived entries are not the ones sealed (their SHA-256 differs)",
                "归档条目与封存时不一致（SHA-256 不符）",
            ));
        }
        if !is_hash(&header.prev) || !is_hash(&header.head) {
            return bad("the header's prev or head is not a hash");
        }
        let mut anchor = None;
        if header.first_seq > 0 {
            anchor = Some((header.first_seq - 1, header.prev.clone()));
        } else if header.prev != GENESIS {
            problems.push(problem(
                "archive_invalid",
                1,
                None,
                "an archive from the log's start must begin at the genesis hash",
                "从日志开头归档时须从创世哈希开始",
            ));
        }
        let mut v = self.verify_from(rest.as_bytes(), anchor.as_ref(), None);
        for p in &mut v.problems {
            p.line += 1;
        }
        let before = Day::parse(&header.before, "before").ok();
        for (n, line) in rest.lines().enumerate() {
            let late = parse_entry(line, n as u64 + 2)
                .ok()
                .and_then(|e| parse_timestamp(&e.event.time, "time").ok())
                .map(Day::of_instant_cst);
            if let (Some(day), Some(before)) = (late, before) {
                if day >= before {
                    problems.push(problem(
                        "archive_invalid",
                        n as u64 + 2,
                        None,
                        "an archived entry is not dated before the archive's day",
                        "归档条目日期不早于归档截止日",
                    ));
                }
            }
        }
        if v.head != header.head || v.entries != header.last_seq.saturating_sub(header.first_seq) + 1 {
            problems.push(problem(
                "archive_invalid",
                0,
                None,
                "the archived entries do not end at the header's head or their count differs",
                "归档条目的末条目哈希或数量与归档头不符",
            ));
        }
        problems.append(&mut v.problems);
        AuditVerification {
            valid: problems.is_empty(),
            entries: v.entries,
            signed: v.signed + u64::from(signed_header),
            head: v.head,
            problems,
        }
    }

    fn key_for(&self, sig: Option<&AuditSignature>) -> Option<&Key> {
        let sig = sig?;
        self.keys.iter().find(|k| k.key_id() == sig.key_id)
    }

    /// Makes [`Self::verify`] check the log that continues `archive` (made by
    /// [`archive`]): the archive is verified first, with this verifier's
    /// keys and requirements, and only an archive without a problem anchors
    /// the log at its last entry ([`Self::continue_from`]). Otherwise the
    /// verifier is unchanged and the answer is `audit_chain_broken` naming
    /// the first problem and its line: a log is never checked against a head
    /// that did not verify itself (Art. 29 records stay one chain). Returns
    /// the archive's header.
    pub fn continue_after_archive(&mut self, archive: &[u8]) -> Result<ArchiveHeader> {
        let verdict = self.verify_archive(archive);
        refuse_unverified(&verdict)?;
        if !verdict.valid {
            return Err(Error::AuditChainBroken { line: 1, problem: "archive_invalid".into() });
        }
        let header = Self::archive_header(archive)?;
        self.continue_from(header.last_seq, header.head.clone());
        Ok(header)
    }

    /// Reads an archive's header (unverified; use [`Self::verify_archive`]).
    pub fn archive_header(bytes: &[u8]) -> Result<ArchiveHeader> {
        let text =
            std::str::from_utf8(bytes).map_err(|e| Error::NotUtf8 { offset: e.valid_up_to() as u64 })?;
        let first = text.split('\n').next().unwrap_or_default();
        serde_json::from_str(first).map_err(|e| crate::error::json_error(&e))
    }
}

/// Whether an entry falls in an export's scope: every entry, or the entries
/// that name `provider_code` as their provider (a provider may inspect its
/// own data only, Art. 29).
fn in_scope(entry: &AuditEntry, provider_code: Option<&str>) -> bool {
    provider_code.is_none_or(|p| entry.event.provider_code.as_deref() == Some(p))
}

/// Writes an export for inspection: a new chain, signed by `signer`, whose
/// entries copy the events of `log` in scope (all, or `provider_code`'s own)
/// with the original entry's `seq` and `hash` as `source`. The log must
/// verify with `verifier`.
pub fn export_records(
    log: &[u8],
    provider_code: Option<&str>,
    verifier: &AuditVerifier,
    signer: &Key,
) -> Result<String> {
    refuse_unverified(&verifier.verify(log))?;
    let mut out = AuditLog::new();
    let mut text = String::new();
    for (n, line) in lines(log)? {
        let entry = parse_entry(line, n)?;
        if !in_scope(&entry, provider_code) {
            continue;
        }
        let mut event = entry.event.clone();
        event.source = Some(EntryRef { seq: entry.seq, hash: entry.hash.clone() });
        text.push_str(&out.append(&event, Some(signer))?);
        text.push('\n');
    }
    if text.is_empty() {
        return Err(Error::InvalidArgument {
            name: "provider_code".into(),
            detail: "no entry of the log is in the export's scope".into(),
        });
    }
    Ok(text)
}

/// Checks an export against the full log: the export verifies with
/// `export_verifier` (the exporter's keys), the log with `log_verifier`;
/// every exported event equals the original entry its `source` names (same
/// hash); nothing is out of scope, in scope missing, repeated or reordered.
/// Never fails.
pub fn verify_export(
    export: &[u8],
    log: &[u8],
    provider_code: Option<&str>,
    export_verifier: &AuditVerifier,
    log_verifier: &AuditVerifier,
) -> AuditVerification {
    let mut v = export_verifier.verify(export);
    let lv = log_verifier.verify(log);
    if !lv.valid {
        v.problems.push(problem(
            "log_invalid",
            0,
            None,
            "the log the export is checked against does not verify",
            "用于核对的审计日志本身校验未通过",
        ));
    }
    let parse = |bytes: &[u8]| -> Vec<(u64, AuditEntry)> {
        lines(bytes)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(n, l)| parse_entry(l, n).ok().map(|e| (n, e)))
            .collect()
    };
    let originals = parse(log);
    let by_seq: std::collections::HashMap<u64, &AuditEntry> =
        originals.iter().map(|(_, e)| (e.seq, e)).collect();
    let mut last: Option<u64> = None;
    let mut seen = std::collections::HashSet::new();
    // Originals stood for by an exported entry that matches them exactly.
    let mut covered = std::collections::HashSet::new();
    let mut add = |code: &str, line: u64, seq: Option<u64>, en: &str, zh: &str| {
        v.problems.push(problem(code, line, seq, en, zh));
    };
    for (n, e) in parse(export) {
        let Some(src) = &e.event.source else {
            add(
                "export_entry_unsourced",
                n,
                Some(e.seq),
                "an exported entry names no original entry",
                "导出条目未指明原始条目",
            );
            continue;
        };
        let mut copied = e.event.clone();
        copied.source = None;
        match by_seq.get(&src.seq) {
            Some(orig) if orig.hash == src.hash && orig.event == copied => {
                covered.insert(src.seq);
                if !in_scope(orig, provider_code) {
                    add(
                        "export_out_of_scope",
                        n,
                        Some(e.seq),
                        "the export holds an entry outside its scope",
                        "导出包含范围之外的条目",
                    );
                }
            }
            _ => add(
                "export_entry_mismatch",
                n,
                Some(e.seq),
                "an exported entry differs from the original entry it names",
                "导出条目与其所指原始条目不一致",
            ),
        }
        if !seen.insert(src.seq) || last.is_some_and(|l| src.seq <= l) {
            add(
                "export_entries_reordered",
                n,
                Some(e.seq),
                "exported entries repeat or are out of order",
                "导出条目重复或顺序错乱",
            );
        }
        last = Some(last.map_or(src.seq, |l| l.max(src.seq)));
    }
    let missing =
        originals.iter().filter(|(_, o)| in_scope(o, provider_code) && !covered.contains(&o.seq)).count();
    if missing > 0 {
        add(
            "export_incomplete",
            0,
            None,
            &format!("{missing} entries of the log in the export's scope are not in it"),
            &format!("日志中有 {missing} 条范围内的条目未被导出"),
        );
    }
    v.valid = v.problems.is_empty();
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::AuditLog;

    const ACTOR: &str = "11330000MB0000000X";

    fn event(time: &str, id: &str) -> String {
        format!(
            r#"{{"action":"submit","actor":"{ACTOR}","application_id":"{id}","status":"submitted","time":"{time}"}}"#
        )
    }

    /// A signed log of three entries, archived before 2023: (archive, rest, key).
    fn archived() -> (String, String, Key) {
        let key = Key::from_test_seed(crate::sign::Algorithm::Ed25519, b"dept").expect("key");
        let mut log = AuditLog::new();
        let mut text = String::new();
        for (time, id) in [
            ("2022-05-01T09:00:00+08:00", "A1"),
            ("2022-06-01T09:00:00+08:00", "A2"),
            ("2026-03-01T09:00:00+08:00", "A3"),
        ] {
            text.push_str(&log.append_json(event(time, id).as_bytes(), Some(&key)).expect("appends"));
            text.push('\n');
        }
        let mut v = AuditVerifier::new();
        v.add_key(key.verifying_key().expect("public")).expect("key");
        let out = archive(text.as_bytes(), "2023-01-01", "2026-12-04T10:00:00+08:00", 3, &v, Some(&key))
            .expect("archives");
        (out.archive, out.remaining, key)
    }

    fn verifier(key: &Key) -> AuditVerifier {
        let mut v = AuditVerifier::new();
        v.add_key(key.verifying_key().expect("public")).expect("key");
        v.require_signatures(true);
        v
    }

    #[test]
    fn a_log_is_checked_after_an_archive_that_verifies() {
        let (archive, rest, key) = archived();
        // Without the anchor the rest does not start the chain.
        assert!(!verifier(&key).verify(rest.as_bytes()).valid);
        let mut v = verifier(&key);
        let header = v.continue_after_archive(archive.as_bytes()).expect("anchors");
        assert_eq!((header.first_seq, header.last_seq), (0, 1));
        let verdict = v.verify(rest.as_bytes());
        assert!(verdict.valid, "{:?}", verdict.problems);
    }

    #[test]
    fn an_archive_with_a_problem_anchors_nothing() {
        let (archive, rest, key) = archived();
        let changed = archive.replacen("A1", "A9", 1);
        let unsigned = {
            let mut v = AuditVerifier::new();
            v.require_signatures(true);
            v
        };
        let other = verifier(&Key::from_test_seed(crate::sign::Algorithm::Ed25519, b"other").expect("key"));
        for (mut v, bytes) in [
            (verifier(&key), changed.as_str()),
            (verifier(&key), ""),
            (verifier(&key), "not an archive\n"),
            (verifier(&key), rest.as_str()),
            (unsigned, archive.as_str()),
            (other, archive.as_str()),
        ] {
            let e = v.continue_after_archive(bytes.as_bytes()).unwrap_err();
            assert_eq!(e.code(), "audit_chain_broken", "{bytes:.40}");
            // Unanchored: the remaining log still does not verify on its own.
            assert!(!v.verify(rest.as_bytes()).valid);
        }
        assert!(verifier(&key).continue_after_archive(&[0xff, 0xfe]).is_err());
    }
}
