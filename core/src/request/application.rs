//! The sharing application (共享申请) and its data-need variant (需求清单).
//!
//! [`ApplicationDraft`] is plain data — the JSON form, field for field — so
//! every binding can fill one in. [`build`] turns a draft into an
//! [`Application`] or refuses with the first structural problem (empty
//! required text, bad dates, inverted validity, malformed hashes…). Policy
//! and catalog questions are not build errors: [`super::validate`] reports
//! them as coded findings.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::catalog::SharingMode;
use crate::digest::CanonicalDigests;
use crate::time::Day;
use crate::{Error, Location, Result};

/// The `format` marker of an application document.
pub const APPLICATION_FORMAT: &str = "govshare-application";
/// The application format version this build reads and writes.
pub const APPLICATION_FORMAT_VERSION: u32 = 1;
/// Longest free text accepted in any field (characters).
pub const MAX_TEXT_CHARS: usize = 4000;

/// An application as data (the JSON form, docs/request.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ApplicationDraft {
    /// Always [`APPLICATION_FORMAT`].
    pub format: String,
    /// Always [`APPLICATION_FORMAT_VERSION`].
    pub format_version: u32,
    /// The requesting department's own reference, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub reference: Option<String>,
    /// 需求部门: who asks.
    pub requester: Department,
    /// 申请人: the person filing.
    pub applicant: Person,
    /// 联系人: whom the provider contacts.
    pub contact: Person,
    /// The catalog resource asked for; exactly one of `target` / `data_need`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub target: Option<Target>,
    /// Data not (yet) in the catalog; exactly one of `target` / `data_need`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub data_need: Option<DataNeed>,
    /// 依据: the laws, regulations or 权力事项 that make the duty need the data.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub duty_basis: Vec<DutyBasis>,
    /// 用途: what the data is used for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub purpose: Option<String>,
    /// 应用场景: the business scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub scenario: Option<String>,
    /// Art. 20: the requester's sharing-office head approved the
    /// application before it is filed (who and on which day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub internal_approval: Option<InternalApproval>,
    /// 共享方式 requested.
    pub mode: SharingMode,
    /// 有效期: inclusive Beijing dates.
    pub validity: Validity,
    pub frequency: Frequency,
    /// 安全承诺. Missing parts are findings, not build errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub commitments: Option<Commitments>,
    /// Attached documents, by hash (the bytes travel separately).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub attachments: Vec<Attachment>,
}

/// A government department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Department {
    pub name: String,
    /// 统一社会信用代码 (GB 32100), checked by validation.
    pub credit_code: String,
}

/// A person: applicant or contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Person {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub email: Option<String>,
}

/// A catalog resource and the data items wanted from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Target {
    /// 信息资源代码, e.g. `101001/00001`.
    pub resource_code: String,
    /// 信息项 names, as the catalog spells them.
    pub items: Vec<String>,
}

/// A data need (需求清单 entry): data the catalog does not list yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DataNeed {
    /// Short title of the needed data.
    pub title: String,
    pub description: String,
    pub items: Vec<NeededItem>,
    /// The department thought to hold the data.
    pub holder: HolderGuess,
}

/// One needed data item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct NeededItem {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub description: Option<String>,
}

/// The department believed to hold needed data; its code may be unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct HolderGuess {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub credit_code: Option<String>,
}

/// What kind of basis a duty rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum DutyBasisKind {
    /// 法律
    Law,
    /// 行政法规 / 地方性法规 / 规章
    Regulation,
    /// 权力事项 (an administrative power listed in a power list); needs `code`.
    PowerItem,
}

/// One duty basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DutyBasis {
    pub kind: DutyBasisKind,
    /// Title of the law or regulation, or name of the 权力事项.
    pub title: String,
    /// Article, e.g. `第十二条`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub article: Option<String>,
    /// 权力事项编码 (required for `power_item`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub code: Option<String>,
}

/// The requester's internal approval (Art. 20 of Decree No. 809).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct InternalApproval {
    /// The head of the requester's sharing office (共享工作机构负责人), by
    /// name or post.
    pub approver: String,
    /// Beijing date `YYYY-MM-DD`.
    pub approved_on: String,
}

/// Inclusive period of use (使用时限, Art. 20), Beijing dates `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Validity {
    pub from: String,
    pub until: String,
}

/// How often the data will be fetched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Frequency {
    pub kind: FrequencyKind,
    /// Upper bound of calls per day, when known (> 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub max_calls_per_day: Option<u32>,
}

/// 使用频度.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum FrequencyKind {
    Once,
    OnDemand,
    Realtime,
    Daily,
    Weekly,
    Monthly,
}

crate::names::named_enum!(FrequencyKind, "frequency" {
    Once = "once", OnDemand = "on_demand", Realtime = "realtime", Daily = "daily", Weekly = "weekly", Monthly = "monthly",
});

/// 安全承诺: where the data is kept, how long, and when it is destroyed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Commitments {
    /// 存储位置, e.g. the system or data centre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub storage_location: Option<String>,
    /// 保存期限 in days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub retention_days: Option<u32>,
    /// 销毁日期 (Beijing date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub destruction_date: Option<String>,
}

/// An attached document, identified by its digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Attachment {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub media_type: Option<String>,
    /// SHA-256 of the bytes, 64 lowercase hex digits.
    pub sha256: String,
    /// SM3 of the bytes, 64 lowercase hex digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub sm3: Option<String>,
}

impl Attachment {
    /// The attachment entry for a document: its `name` as the reviewer sees
    /// it (a file name), its media type when the caller knows it (never
    /// guessed from the name), and the SHA-256 and SM3 (GB/T 32905) of
    /// `bytes`, lowercase hex — the document itself travels separately and
    /// the digests bind the application to it.
    ///
    /// Refused: a blank or overlong name or media type (`invalid_value`) and
    /// an empty document (`invalid_argument`: a digest of nothing vouches
    /// for no document; it is a wrong or truncated file).
    pub fn from_bytes(name: &str, media_type: Option<&str>, bytes: &[u8]) -> Result<Attachment> {
        text(name, "$.attachments[].name")?;
        if let Some(m) = media_type {
            text(m, "$.attachments[].media_type")?;
        }
        if bytes.is_empty() {
            return Err(Error::InvalidArgument {
                name: "attachment".into(),
                detail: "the document is empty: a digest of nothing vouches for no document".into(),
            });
        }
        Ok(Attachment {
            name: name.to_owned(),
            media_type: media_type.map(str::to_owned),
            sha256: crate::digest::sha256_hex(bytes),
            sm3: Some(crate::digest::sm3_hex(bytes)),
        })
    }
}

/// A structurally valid application. Build one with [`build`] or
/// [`Application::from_json`].
#[derive(Debug, Clone, PartialEq)]
pub struct Application {
    draft: ApplicationDraft,
}

/// Checks a draft and produces an application, or the first problem found.
pub fn build(draft: ApplicationDraft) -> Result<Application> {
    check(&draft)?;
    Ok(Application { draft })
}

impl Application {
    /// Parses the JSON form: strict JSON (duplicate keys rejected), unknown
    /// fields rejected, then [`build`].
    pub fn from_json(text: &str) -> Result<Application> {
        crate::jcs::validate(text.as_bytes())?;
        let draft: ApplicationDraft = serde_json::from_str(text).map_err(|e| crate::error::json_error(&e))?;
        build(draft)
    }

    /// The data, for reading.
    pub fn draft(&self) -> &ApplicationDraft {
        &self.draft
    }

    /// Back to a draft (to edit and rebuild).
    pub fn into_draft(self) -> ApplicationDraft {
        self.draft
    }

    /// The JSON form (the draft's fields, compact).
    pub fn to_json(&self) -> String {
        // Plain strings, integers and enums always serialize.
        serde_json::to_string(&self.draft).unwrap_or_default()
    }

    /// The canonical (RFC 8785) JSON form.
    pub fn canonical_json(&self) -> String {
        String::from_utf8(self.canonical_bytes()).unwrap_or_default()
    }

    /// The canonical JSON bytes.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        // Serializing plain strings and integers cannot fail, and serde_json
        // output is valid input for the canonicalizer.
        let plain = serde_json::to_vec(&self.draft).unwrap_or_default();
        crate::jcs::canonicalize(&plain).unwrap_or(plain)
    }

    /// The canonical form with its SHA-256 and SM3 digests.
    pub fn digests(&self) -> CanonicalDigests {
        let bytes = self.canonical_bytes();
        CanonicalDigests {
            sha256: crate::digest::sha256_hex(&bytes),
            sm3: crate::digest::sm3_hex(&bytes),
            canonical: String::from_utf8(bytes).unwrap_or_default(),
        }
    }

    /// First and last day of validity.
    pub(crate) fn validity_days(&self) -> (Day, Day) {
        // Checked by `build`.
        let from = Day::parse(&self.draft.validity.from, "").unwrap_or(Day(0));
        let until = Day::parse(&self.draft.validity.until, "").unwrap_or(Day(0));
        (from, until)
    }
}

fn invalid(path: &str, detail: &str) -> Error {
    Error::InvalidValue { location: Location::path(path), detail: detail.to_owned() }
}

fn text(value: &str, path: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(invalid(path, "must not be empty"));
    }
    if value.chars().count() > MAX_TEXT_CHARS {
        return Err(invalid(path, "text is too long (at most 4000 characters)"));
    }
    Ok(())
}

fn opt_text(value: &Option<String>, path: &str) -> Result<()> {
    value.as_deref().map_or(Ok(()), |v| text(v, path))
}

fn hex64(value: &str, path: &str) -> Result<()> {
    if value.len() == 64 && value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        Ok(())
    } else {
        Err(invalid(path, "expected 64 lowercase hex digits"))
    }
}

fn check(d: &ApplicationDraft) -> Result<()> {
    if d.format != APPLICATION_FORMAT {
        return Err(Error::UnsupportedFormat {
            found: d.format.clone(),
            expected: APPLICATION_FORMAT.into(),
        });
    }
    if d.format_version != APPLICATION_FORMAT_VERSION {
        return Err(Error::UnsupportedFormat {
            found: format!("{APPLICATION_FORMAT} v{}", d.format_version),
            expected: format!("{APPLICATION_FORMAT} v{APPLICATION_FORMAT_VERSION}"),
        });
    }
    opt_text(&d.reference, "$.reference")?;
    text(&d.requester.name, "$.requester.name")?;
    text(&d.requester.credit_code, "$.requester.credit_code")?;
    for (p, who) in [("$.applicant", &d.applicant), ("$.contact", &d.contact)] {
        text(&who.name, &format!("{p}.name"))?;
        opt_text(&who.phone, &format!("{p}.phone"))?;
        opt_text(&who.email, &format!("{p}.email"))?;
    }
    match (&d.target, &d.data_need) {
        (Some(t), None) => {
            text(&t.resource_code, "$.target.resource_code")?;
            if t.items.is_empty() {
                return Err(invalid("$.target.items", "name at least one data item"));
            }
            let mut seen = HashSet::new();
            for (i, item) in t.items.iter().enumerate() {
                let path = format!("$.target.items[{i}]");
                text(item, &path)?;
                if !seen.insert(item.as_str()) {
                    return Err(invalid(&path, "the data item is listed twice"));
                }
            }
        }
        (None, Some(n)) => {
            text(&n.title, "$.data_need.title")?;
            text(&n.description, "$.data_need.description")?;
            text(&n.holder.name, "$.data_need.holder.name")?;
            opt_text(&n.holder.credit_code, "$.data_need.holder.credit_code")?;
            if n.items.is_empty() {
                return Err(invalid("$.data_need.items", "describe at least one needed data item"));
            }
            for (i, item) in n.items.iter().enumerate() {
                text(&item.name, &format!("$.data_need.items[{i}].name"))?;
                opt_text(&item.description, &format!("$.data_need.items[{i}].description"))?;
            }
        }
        _ => {
            return Err(invalid("$", "give exactly one of \"target\" (a catalog resource) or \"data_need\""))
        }
    }
    for (i, b) in d.duty_basis.iter().enumerate() {
        text(&b.title, &format!("$.duty_basis[{i}].title"))?;
        opt_text(&b.article, &format!("$.duty_basis[{i}].article"))?;
        opt_text(&b.code, &format!("$.duty_basis[{i}].code"))?;
        if b.kind == DutyBasisKind::PowerItem && b.code.is_none() {
            return Err(invalid(&format!("$.duty_basis[{i}].code"), "a 权力事项 basis needs its code"));
        }
    }
    opt_text(&d.purpose, "$.purpose")?;
    opt_text(&d.scenario, "$.scenario")?;
    if let Some(a) = &d.internal_approval {
        text(&a.approver, "$.internal_approval.approver")?;
        Day::parse(&a.approved_on, "$.internal_approval.approved_on")?;
    }
    let from = Day::parse(&d.validity.from, "$.validity.from")?;
    let until = Day::parse(&d.validity.until, "$.validity.until")?;
    if until < from {
        return Err(invalid("$.validity.until", "validity ends before it starts"));
    }
    if d.frequency.max_calls_per_day == Some(0) {
        return Err(invalid("$.frequency.max_calls_per_day", "must be at least 1"));
    }
    if let Some(c) = &d.commitments {
        opt_text(&c.storage_location, "$.commitments.storage_location")?;
        if c.retention_days == Some(0) {
            return Err(invalid("$.commitments.retention_days", "must be at least 1"));
        }
        if let Some(dd) = &c.destruction_date {
            Day::parse(dd, "$.commitments.destruction_date")?;
        }
    }
    for (i, a) in d.attachments.iter().enumerate() {
        text(&a.name, &format!("$.attachments[{i}].name"))?;
        opt_text(&a.media_type, &format!("$.attachments[{i}].media_type"))?;
        hex64(&a.sha256, &format!("$.attachments[{i}].sha256"))?;
        if let Some(s) = &a.sm3 {
            hex64(s, &format!("$.attachments[{i}].sm3"))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachments_carry_both_digests_of_the_bytes() {
        let a = Attachment::from_bytes("授权委托书.pdf", Some("application/pdf"), b"abc").expect("attaches");
        assert_eq!(a.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(
            a.sm3.as_deref(),
            Some("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")
        );
        assert_eq!((a.name.as_str(), a.media_type.as_deref()), ("授权委托书.pdf", Some("application/pdf")));
        // What it makes, the application format accepts.
        let plain = Attachment::from_bytes("a.txt", None, b"x").expect("attaches");
        hex64(&plain.sha256, "$").expect("hex");
        assert_eq!(plain.media_type, None);
    }

    #[test]
    fn attachments_refuse_empty_names_and_documents() {
        let long = "a".repeat(MAX_TEXT_CHARS + 1);
        for (name, media, bytes) in [
            ("", None, &b"x"[..]),
            (" \t", None, b"x"),
            (long.as_str(), None, b"x"),
            ("a.pdf", Some(""), b"x"),
        ] {
            assert_eq!(Attachment::from_bytes(name, media, bytes).unwrap_err().code(), "invalid_value");
        }
        assert_eq!(Attachment::from_bytes("a.pdf", None, b"").unwrap_err().code(), "invalid_argument");
    }
}
