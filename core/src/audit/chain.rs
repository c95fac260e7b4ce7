//! Verifying a whole log: every hash, every link, the sequence, signatures,
//! and (when the caller kept it) the expected head.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::entry::{
    canonical, check_event, entry_hash, is_blank, parse_entry, verify_hash, AuditEntry, GENESIS,
};
use crate::error::Error;
use crate::sign::Key;

/// One thing wrong with a log. `code` is stable:
/// `malformed_entry`, `entry_changed`, `chain_broken`, `entries_removed`,
/// `entries_reordered`, `entry_duplicated`, `bad_signature`, `unknown_key`,
/// `unsigned_entry`, `log_truncated`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AuditProblem {
    pub code: String,
    /// 1-based line of the log (0: the log as a whole).
    pub line: u64,
    /// The entry's own sequence number, when it could be read.
    pub seq: Option<u64>,
    /// The message in English (`message_zh`: in Chinese); the one spelling
    /// every record of the crate uses.
    pub message_en: String,
    pub message_zh: String,
}

/// The verdict on a log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AuditVerification {
    /// No problem found.
    pub valid: bool,
    /// Entries read (lines that are not blank).
    pub entries: u64,
    /// Entries whose signature verified with a known key.
    pub signed: u64,
    /// Hash of the last entry ([`GENESIS`] for an empty log).
    pub head: String,
    pub problems: Vec<AuditProblem>,
}

/// Checks logs. Without keys, signatures are not checked (and counted as not
/// signed); add the public keys of every signer to check them.
#[derive(Debug, Default)]
pub struct AuditVerifier {
    pub(super) keys: Vec<Key>,
    pub(super) require_signatures: bool,
    pub(super) expected_head: Option<String>,
    /// The last entry before this log: (its seq, its hash), from an archive.
    pub(super) anchor: Option<(u64, String)>,
}

impl AuditVerifier {
    pub fn new() -> AuditVerifier {
        AuditVerifier::default()
    }

    /// A key whose signatures are accepted; matched by `key_id`.
    ///
    /// An HMAC key is refused (`symmetric_key_refused`) unless it was
    /// trusted with [`Key::trust_symmetric`]: whoever holds the secret can
    /// sign any entry, so it proves nothing about who wrote the log unless
    /// the verifier is the only holder (its own log).
    pub fn add_key(&mut self, key: Key) -> Result<(), Error> {
        key.check_peer()?;
        self.keys.push(key);
        Ok(())
    }

    /// Every entry must be signed by a known key.
    pub fn require_signatures(&mut self, required: bool) {
        self.require_signatures = required;
    }

    /// A head hash kept from an earlier [`AuditLog::head`](super::AuditLog::head):
    /// the log must still contain it (entries may follow), else `log_truncated`.
    pub fn expect_head(&mut self, head: Option<String>) {
        self.expected_head = head;
    }

    /// The log continues after entry `seq` whose hash is `head` — the last
    /// entry of an archive ([`super::archive`]): the log's first entry must
    /// be `seq + 1` and link to `head`.
    pub fn continue_from(&mut self, seq: u64, head: String) {
        self.anchor = Some((seq, head));
    }

    /// Verifies a whole log (JSON Lines). Never fails: every problem is reported.
    pub fn verify(&self, log: &[u8]) -> AuditVerification {
        self.verify_from(log, self.anchor.as_ref(), self.expected_head.as_ref())
    }

    /// [`Self::verify`] after `anchor` (seq, hash) instead of the configured one.
    pub(super) fn verify_from(
        &self,
        log: &[u8],
        anchor: Option<&(u64, String)>,
        expected_head: Option<&String>,
    ) -> AuditVerification {
        let mut problems = Vec::new();
        let mut parsed: Vec<(u64, Option<AuditEntry>)> = Vec::new();
        // Split on `\n` only: a `\r` left at a line's end is a re-encoding.
        for (i, raw) in log.split(|&b| b == b'\n').enumerate() {
            let n = i as u64 + 1;
            // Bytes that are not UTF-8 are not an entry: read leniently they
            // could differ from what was written (e.g. inside a signature
            // value, which no hash covers) and still look canonical.
            let Ok(line) = std::str::from_utf8(raw) else {
                problems.push(problem(
                    "malformed_entry",
                    n,
                    None,
                    "the line is not UTF-8",
                    "该行不是 UTF-8 文本",
                ));
                parsed.push((n, None));
                continue;
            };
            if is_blank(line) {
                continue;
            }
            // An entry must also hold what `append` accepts (a writer that
            // bypassed it could have logged a personal value).
            match parse_entry(line, n).and_then(|e| check_event(&e.event).map(|()| e)) {
                Ok(e) => {
                    // The bytes are not under the hash: only the canonical
                    // form is the entry, so a re-encoded line (other
                    // whitespace, escapes, member order) is reported.
                    if canonical(&e).ok().as_deref() != Some(line) {
                        problems.push(problem(
                            "entry_not_canonical",
                            n,
                            Some(e.seq),
                            "the line is not the entry's canonical JSON: it was re-encoded",
                            "该行不是条目的规范 JSON：已被重新编码",
                        ));
                    }
                    parsed.push((n, Some(e)))
                }
                Err(e) => {
                    problems.push(problem("malformed_entry", n, None, &e.to_string(), &e.message_zh()));
                    parsed.push((n, None));
                }
            }
        }
        // Where each sequence number appears, to tell a removal from a reorder.
        let mut later: Vec<u64> = parsed.iter().filter_map(|(_, e)| e.as_ref().map(|e| e.seq)).collect();
        later.reverse();

        let mut expected_seq = 0u64;
        // Hash of each sequence number read so far: an entry must link to
        // its predecessor by number, wherever that stands in the file.
        let mut by_seq: HashMap<u64, String> = HashMap::new();
        let mut signed = 0u64;
        let mut head = GENESIS.to_owned();
        let mut hashes = Vec::new();
        if let Some((seq, hash)) = anchor {
            expected_seq = seq.saturating_add(1);
            by_seq.insert(*seq, hash.clone());
            head = hash.clone();
            hashes.push(hash.clone());
        }
        for (line, entry) in &parsed {
            let Some(e) = entry else {
                // Unreadable: assume it held the next number.
                expected_seq = expected_seq.saturating_add(1);
                continue;
            };
            later.pop();
            let line = *line;
            let seq = Some(e.seq);
            match entry_hash(e) {
                Ok(h) if h == e.hash => {}
                _ => problems.push(problem(
                    "entry_changed",
                    line,
                    seq,
                    "the entry's content does not match its hash: it was changed",
                    "条目内容与其哈希不符：已被改动",
                )),
            }
            let mut linked = true;
            if by_seq.contains_key(&e.seq) {
                problems.push(problem(
                    "entry_duplicated",
                    line,
                    seq,
                    "an entry with this sequence number appeared before",
                    "此序号的条目此前已出现",
                ));
                linked = false;
            } else if e.seq > expected_seq {
                if later.iter().any(|s| (expected_seq..e.seq).contains(s)) {
                    problems.push(problem(
                        "entries_reordered",
                        line,
                        seq,
                        &format!("entry {} comes before entry {expected_seq}: entries were reordered", e.seq),
                        &format!("条目 {} 出现在条目 {expected_seq} 之前：顺序被调换", e.seq),
                    ));
                } else {
                    problems.push(problem(
                        "entries_removed",
                        line,
                        seq,
                        &format!("entries {expected_seq} to {} are missing: they were removed", e.seq - 1),
                        &format!("缺少条目 {expected_seq} 至 {}：已被删除", e.seq - 1),
                    ));
                }
                linked = false;
            } else if e.seq < expected_seq {
                problems.push(problem(
                    "entries_reordered",
                    line,
                    seq,
                    &format!("entry {} comes after later entries: entries were reordered", e.seq),
                    &format!("条目 {} 出现在其后的条目之后：顺序被调换", e.seq),
                ));
                linked = false;
            }
            let predecessor = match e.seq.checked_sub(1) {
                None => Some(GENESIS),
                Some(p) => by_seq.get(&p).map(String::as_str),
            };
            if linked && predecessor.is_some_and(|p| p != e.prev) {
                problems.push(problem(
                    "chain_broken",
                    line,
                    seq,
                    "the entry does not link to the one before it (changed and re-hashed, or from another log)",
                    "条目未链接到前一条目（被改动后重新计算哈希，或来自其他日志）",
                ));
            }
            self.check_signature(e, line, &mut problems, &mut signed);
            expected_seq = expected_seq.max(e.seq.saturating_add(1));
            by_seq.entry(e.seq).or_insert_with(|| e.hash.clone());
            head = e.hash.clone();
            hashes.push(e.hash.clone());
        }
        if let Some(want) = expected_head {
            // An anchor kept earlier must still be in the log: entries may be
            // appended after it, none removed before or at it.
            if want != GENESIS && !hashes.contains(want) {
                problems.push(problem(
                    "log_truncated",
                    0,
                    None,
                    "the log does not contain the expected head hash: entries were removed from its end or it was replaced",
                    "日志中没有预期的末条目哈希：末尾条目被删除或日志被替换",
                ));
            }
        }
        AuditVerification { valid: problems.is_empty(), entries: parsed.len() as u64, signed, head, problems }
    }

    fn check_signature(&self, e: &AuditEntry, line: u64, problems: &mut Vec<AuditProblem>, signed: &mut u64) {
        let seq = Some(e.seq);
        let Some(sig) = &e.sig else {
            // With keys given, every entry must be signed: a signature is not
            // under the hash, so otherwise one could be stripped and the
            // entries after it rewritten and re-hashed unnoticed.
            if self.require_signatures || !self.keys.is_empty() {
                problems.push(problem("unsigned_entry", line, seq, "the entry is not signed", "条目未签名"));
            }
            return;
        };
        if self.keys.is_empty() && !self.require_signatures {
            return;
        }
        let Some(key) = self.keys.iter().find(|k| k.key_id() == sig.key_id) else {
            problems.push(problem(
                "unknown_key",
                line,
                seq,
                "signed with a key that is not among the given keys",
                "签名密钥不在给定的密钥中",
            ));
            return;
        };
        match verify_hash(&e.hash, sig, key) {
            Ok(()) => *signed += 1,
            Err(_) => problems.push(problem(
                "bad_signature",
                line,
                seq,
                "the entry's signature does not verify",
                "条目签名验证失败",
            )),
        }
    }
}

pub(super) fn problem(code: &str, line: u64, seq: Option<u64>, en: &str, zh: &str) -> AuditProblem {
    AuditProblem { code: code.into(), line, seq, message_en: en.into(), message_zh: zh.into() }
}
