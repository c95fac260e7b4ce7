//! The one error type of govshare.
//!
//! Every failure any binding can see is a variant here. Each has a stable
//! machine [`Error::code`] (snake_case, never renamed once released), an
//! English message (`Display`) and a Chinese one ([`Error::message_zh`]), and
//! where it makes sense a [`Location`] in the input.
//!
//! **Messages never echo a secret or a personal value.** A variant's fields
//! hold only positions, field names, codes and counts that are safe to log;
//! constructors take care not to copy input values into `detail`.

use std::fmt;

/// Where in an input an error was found. All parts are optional: a JSON path
/// like `$.resources[3].items[0].grade`, and a 1-based line and column.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Location {
    pub path: Option<String>,
    pub line: Option<u64>,
    pub column: Option<u64>,
}

impl Location {
    pub fn path(path: impl Into<String>) -> Self {
        Location { path: Some(path.into()), line: None, column: None }
    }

    pub fn at(path: Option<String>, line: u64, column: u64) -> Self {
        Location { path, line: Some(line), column: Some(column) }
    }

    fn is_empty(&self) -> bool {
        self.path.is_none() && self.line.is_none()
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut wrote = false;
        if let Some(p) = &self.path {
            f.write_str(p)?;
            wrote = true;
        }
        if let (Some(l), Some(c)) = (self.line, self.column) {
            if wrote {
                f.write_str(" ")?;
            }
            write!(f, "(line {l}, column {c})")?;
            wrote = true;
        }
        if !wrote {
            f.write_str("input")?;
        }
        Ok(())
    }
}

/// Shorthand used throughout the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong, with a stable [`code`](Error::code).
///
/// Variants are grouped by the module that raises them. Add new variants to
/// the group they belong to, with their code in [`Error::code`] and Chinese
/// text in [`Error::message_zh`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // ---------------------------------------------------------------- input
    /// Not well-formed JSON (truncated, bad syntax, bad escape).
    #[error("malformed JSON at {location}: {detail}")]
    Json { location: Location, detail: String },

    /// Well-formed, but a field has the wrong type, an unknown enum value, is
    /// missing, or is not allowed.
    #[error("invalid value at {location}: {detail}")]
    InvalidValue { location: Location, detail: String },

    /// The input is not UTF-8.
    #[error("input is not valid UTF-8 at byte {offset}")]
    NotUtf8 { offset: u64 },

    /// An input exceeds a documented limit (size, nesting depth, string length).
    #[error("input exceeds the limit of {limit} for {what} at {location}")]
    LimitExceeded { what: String, limit: u64, location: Location },

    /// The document declares a format or version this build cannot read.
    #[error("unsupported format {found:?} (expected {expected})")]
    UnsupportedFormat { found: String, expected: String },

    /// A caller passed an argument that makes no sense (empty query list, zero limit...).
    #[error("invalid argument {name}: {detail}")]
    InvalidArgument { name: String, detail: String },

    // -------------------------------------------------------------- catalog
    /// A delta was made for another catalog version; the catalog is unchanged.
    #[error("delta is for catalog version {delta_base}, but the catalog is at version {catalog_version}; nothing was changed")]
    DeltaBaseMismatch { delta_base: u64, catalog_version: u64 },

    /// A delta was made for another catalog; the catalog is unchanged.
    #[error("delta is for catalog {delta_catalog:?}, not {catalog:?}; nothing was changed")]
    DeltaCatalogMismatch { delta_catalog: String, catalog: String },

    /// A delta change cannot be applied (add of an existing code, replace or
    /// withdraw of an unknown one); the catalog is unchanged.
    #[error("delta change {index} ({op} {code}) cannot be applied: {detail}; nothing was changed")]
    DeltaConflict { index: u64, op: String, code: String, detail: String },

    /// Bytes are not a govshare catalog snapshot, or were damaged.
    #[error("catalog snapshot is invalid: {detail}")]
    SnapshotInvalid { detail: String },

    /// A snapshot of another (older/newer) snapshot format.
    #[error("catalog snapshot format version {found} is not supported (this build reads {supported})")]
    SnapshotVersion { found: u32, supported: u32 },

    /// Two catalogs with the same id were added to one catalog set.
    #[error("a catalog with id {id:?} is already in this set")]
    DuplicateCatalog { id: String },

    /// A resource code that the catalog does not have.
    #[error("no resource with code {code:?} in the catalog")]
    UnknownResource { code: String },
    // -------------------------------------------------------------- request
    // (variants of the request module go here)

    // ----------------------------------------------------------------- sign
    // (variants of the sign module go here)

    // ----------------------------------------------------------------- mask
    /// A masking policy (or derive options / approval) is malformed: unknown
    /// rule, parameter of another rule, bad path, bad mask character...
    #[error("masking policy is invalid at {location}: {detail}")]
    MaskPolicyInvalid { location: Location, detail: String },

    /// A masking manifest is malformed or of an unsupported version.
    #[error("masking manifest is invalid at {location}: {detail}")]
    MaskManifestInvalid { location: Location, detail: String },

    /// An approval asks for a rule looser than the grade's default without
    /// saying `"allow_looser": true`.
    #[error(
        "approval rule for field {field:?} is looser than the required rule and does not set allow_looser"
    )]
    ApprovalRuleLooser { field: String },

    /// The policy hashes a field but no HMAC key was given.
    #[error("field {field:?} uses the hash rule but no hash key was given")]
    HashKeyMissing { field: String },

    /// CSV input ends inside a quoted field (or is otherwise unreadable).
    #[error("malformed CSV at line {line}: {detail}")]
    CsvMalformed { line: u64, detail: String },

    /// The output writer given to a masker failed.
    #[error("writing the masked output failed: {detail}")]
    OutputWrite { detail: String },
}

impl Error {
    /// The stable machine code: what programs match on.
    pub fn code(&self) -> &'static str {
        match self {
            // input
            Error::Json { .. } => "malformed_json",
            Error::InvalidValue { .. } => "invalid_value",
            Error::NotUtf8 { .. } => "not_utf8",
            Error::LimitExceeded { .. } => "limit_exceeded",
            Error::UnsupportedFormat { .. } => "unsupported_format",
            Error::InvalidArgument { .. } => "invalid_argument",
            // catalog
            Error::DeltaBaseMismatch { .. } => "delta_base_mismatch",
            Error::DeltaCatalogMismatch { .. } => "delta_catalog_mismatch",
            Error::DeltaConflict { .. } => "delta_conflict",
            Error::SnapshotInvalid { .. } => "snapshot_invalid",
            Error::SnapshotVersion { .. } => "snapshot_version",
            Error::DuplicateCatalog { .. } => "duplicate_catalog",
            Error::UnknownResource { .. } => "unknown_resource",
            // request
            // sign
            // mask
            Error::MaskPolicyInvalid { .. } => "mask_policy_invalid",
            Error::MaskManifestInvalid { .. } => "mask_manifest_invalid",
            Error::ApprovalRuleLooser { .. } => "approval_rule_looser",
            Error::HashKeyMissing { .. } => "hash_key_missing",
            Error::CsvMalformed { .. } => "csv_malformed",
            Error::OutputWrite { .. } => "output_write_failed",
        }
    }

    /// The message in Chinese (zh-CN). `Display` gives the English one.
    pub fn message_zh(&self) -> String {
        match self {
            // input
            Error::Json { location, detail } => format!("JSON 格式错误，位置 {location}：{detail}"),
            Error::InvalidValue { location, detail } => format!("字段值无效，位置 {location}：{detail}"),
            Error::NotUtf8 { offset } => format!("输入不是有效的 UTF-8 编码（第 {offset} 字节）"),
            Error::LimitExceeded { what, limit, location } => {
                format!("输入超出限制：{what} 上限为 {limit}，位置 {location}")
            }
            Error::UnsupportedFormat { found, expected } => {
                format!("不支持的格式 {found:?}（应为 {expected}）")
            }
            Error::InvalidArgument { name, detail } => format!("参数 {name} 无效：{detail}"),
            // catalog
            Error::DeltaBaseMismatch { delta_base, catalog_version } => {
                format!("增量基于目录版本 {delta_base}，但当前目录版本为 {catalog_version}；目录未做任何更改")
            }
            Error::DeltaCatalogMismatch { delta_catalog, catalog } => {
                format!("增量针对目录 {delta_catalog:?}，而非 {catalog:?}；目录未做任何更改")
            }
            Error::DeltaConflict { index, op, code, detail } => {
                format!("增量第 {index} 项变更（{op} {code}）无法应用：{detail}；目录未做任何更改")
            }
            Error::SnapshotInvalid { detail } => format!("目录快照无效：{detail}"),
            Error::SnapshotVersion { found, supported } => {
                format!("不支持目录快照格式版本 {found}（本版本支持 {supported}）")
            }
            Error::DuplicateCatalog { id } => format!("目录集合中已有标识为 {id:?} 的目录"),
            Error::UnknownResource { code } => format!("目录中没有代码为 {code:?} 的资源"),
            // request
            // sign
            // mask
            Error::MaskPolicyInvalid { location, detail } => {
                format!("脱敏策略无效，位置 {location}：{detail}")
            }
            Error::MaskManifestInvalid { location, detail } => {
                format!("脱敏清单无效，位置 {location}：{detail}")
            }
            Error::ApprovalRuleLooser { field } => {
                format!("审批为字段 {field:?} 指定的规则比要求的规则宽松，且未声明 allow_looser")
            }
            Error::HashKeyMissing { field } => format!("字段 {field:?} 使用哈希规则，但未提供哈希密钥"),
            Error::CsvMalformed { line, detail } => format!("CSV 格式错误（第 {line} 行）：{detail}"),
            Error::OutputWrite { detail } => format!("写入脱敏输出失败：{detail}"),
        }
    }

    /// Where in the input the problem is, when known.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Json { location, .. }
            | Error::InvalidValue { location, .. }
            | Error::LimitExceeded { location, .. }
            | Error::MaskPolicyInvalid { location, .. }
            | Error::MaskManifestInvalid { location, .. } => {
                if location.is_empty() {
                    None
                } else {
                    Some(location)
                }
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_snake_case_and_messages_bilingual() {
        let e = Error::InvalidValue {
            location: Location::at(Some("$.resources[0].grade".into()), 3, 14),
            detail: "expected an integer 1-4".into(),
        };
        assert_eq!(e.code(), "invalid_value");
        assert!(e.to_string().contains("$.resources[0].grade (line 3, column 14)"));
        assert!(e.message_zh().contains("字段值无效"));
        assert_eq!(e.location().and_then(|l| l.line), Some(3));
    }
}

/// Turns a serde_json error into [`Error::Json`] (syntax, EOF) or
/// [`Error::InvalidValue`] (types, enum values), with line and column.
/// serde_json's messages name types and fields, never input values, except
/// for `invalid value: string "…"`, which is cut here.
pub fn json_error(e: &serde_json::Error) -> Error {
    use serde_json::error::Category;
    let location = Location::at(None, e.line() as u64, e.column() as u64);
    let mut detail = e.to_string();
    // Drop serde_json's own " at line X column Y" suffix: Location says it.
    if let Some(pos) = detail.rfind(" at line ") {
        detail.truncate(pos);
    }
    // Never echo a string value from the input: `invalid value: string "…"`.
    if let Some(pos) = detail.find(": string \"") {
        let rest = &detail[pos + 10..];
        if let Some(end) = rest.find('"') {
            detail = format!("{}: a string{}", &detail[..pos], &rest[end + 1..]);
        }
    }
    match e.classify() {
        Category::Syntax | Category::Eof | Category::Io => Error::Json { location, detail },
        Category::Data => Error::InvalidValue { location, detail },
    }
}
