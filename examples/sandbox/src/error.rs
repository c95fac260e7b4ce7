//! The sandbox's error answers: an HTTP status and the coded body
//! `{code, message, message_zh}` of the OpenAPI `Error` schema. Codes are
//! core's (`govshare_core::Error::code`) wherever core raised the error; the
//! few that only a platform can raise are listed in docs/sandbox.md.

use govshare_core::request::Finding;
use serde::Serialize;

/// An error answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiError {
    #[serde(skip)]
    pub status: u16,
    pub code: String,
    pub message: String,
    pub message_zh: String,
    /// Validation findings, for `application_incomplete`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
}

impl ApiError {
    pub fn new(status: u16, code: &str, message: &str, message_zh: &str) -> ApiError {
        ApiError {
            status,
            code: code.to_owned(),
            message: message.to_owned(),
            message_zh: message_zh.to_owned(),
            findings: Vec::new(),
        }
    }

    /// A core error, with core's code and messages.
    pub fn core(status: u16, e: &govshare_core::Error) -> ApiError {
        ApiError::new(status, e.code(), &e.to_string(), &e.message_zh())
    }

    /// A fault of the sandbox itself (database, I/O). The detail is logged
    /// to stderr, not sent.
    pub fn internal(detail: &str) -> ApiError {
        eprintln!("govshare-sandbox: internal error: {detail}");
        ApiError::new(500, "internal_error", "the sandbox failed; see its log", "沙箱内部错误，请查看日志")
    }

    pub fn not_found(what: &str) -> ApiError {
        ApiError::new(404, "not_found", &format!("no such {what}"), &format!("未找到{what}"))
    }

    pub fn body(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "HTTP {} [{}]: {}", self.status, self.code, self.message)
    }
}

impl std::error::Error for ApiError {}
