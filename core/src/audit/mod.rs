//! A tamper-evident audit trail: who built, signed, sent, received and
//! verified what, and when — the regulation's traceable responsibility chain
//! (谁使用谁负责). See docs/audit.md.
//!
//! The log is JSON Lines. Each line is one [`AuditEntry`] in canonical JSON
//! (RFC 8785): a sequence number, the hash of the previous entry, the
//! [`AuditEvent`], its own SHA-256 hash and an optional signature over that
//! hash. Entries carry codes and digests only: text fields that contain a
//! personal identifier (an ID number, a phone, a bank card…) are refused.
//!
//! - [`AuditLog`]: appends entries (sans-IO: it returns the line to write).
//! - [`AuditVerifier`]: finds changed, removed, reordered, duplicated and
//!   badly signed entries, and a truncated tail when the expected head is known.
//! - [`usage_report`]: applications per resource and provider, answer times
//!   against deadlines, overdue counts.
//! - [`destruction_receipt`]: a signed receipt for data whose retention ended.
//! - [`archive`], [`export_records`], [`verify_export`]: keeping records at
//!   least 3 years and showing them for inspection (Art. 29 of Decree No. 809);
//!   every entry falls under one of Art. 29's five [`RecordHeading`]s.

mod chain;
mod entry;
mod receipt;
mod records;
mod report;

pub use chain::{AuditProblem, AuditVerification, AuditVerifier};
pub use entry::{
    digest, AuditAction, AuditEntry, AuditEvent, AuditLog, AuditSignature, EntryRef, RecordHeading, GENESIS,
};
pub(crate) use receipt::sign_disposal_receipt;
pub use receipt::{
    destruction_receipt, verify_destruction_receipt, verify_disposal_receipt, DestructionReceipt,
    DestructionRequest, DisposalReceipt,
};
pub use records::{
    archive, export_records, verify_export, ArchiveHeader, ArchiveOutput, ARCHIVE_FORMAT,
    ARCHIVE_FORMAT_VERSION,
};
pub use report::{usage_report, UsageReport, UsageRow};
