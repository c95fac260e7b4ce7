//! Coded findings: what validation, scheduling and catalog lint report that
//! is not a hard failure — each with a stable code, a severity, where, and a
//! message in English and Chinese. Messages never quote personal values.
//! [`Severity`] is the one severity scale of the crate (issue #12).

use serde::{Deserialize, Serialize};

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Severity {
    /// Must be fixed: an application that will be refused, a catalog entry
    /// that breaks the standard.
    Error,
    /// Acceptable, but a reviewer will likely ask.
    Warning,
    /// For the record.
    Info,
}

/// One coded finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Finding {
    /// Stable snake_case code (see docs/request.md).
    pub code: String,
    pub severity: Severity,
    /// JSON path into the application (or `$` for the whole).
    pub path: String,
    pub message_en: String,
    pub message_zh: String,
    /// The article of Decree No. 809 the rule applies (`Art. 20`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub article: Option<String>,
    /// The standard the rule applies (`GB/T 21063.3`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub standard: Option<String>,
}

impl Finding {
    pub fn new(code: &str, severity: Severity, path: impl Into<String>, en: String, zh: String) -> Self {
        Finding {
            code: code.to_owned(),
            severity,
            path: path.into(),
            message_en: en,
            message_zh: zh,
            article: None,
            standard: None,
        }
    }

    /// Names the decree article the finding applies.
    pub fn with_article(mut self, article: &str) -> Self {
        self.article = Some(article.to_owned());
        self
    }

    /// Names the standard the finding applies.
    pub fn with_standard(mut self, standard: &str) -> Self {
        self.standard = Some(standard.to_owned());
        self
    }
}
