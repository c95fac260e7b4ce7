//! How the CLI fails: exit 2 for usage and input errors (with the core
//! error's code, en/zh message and location), exit 1 for findings.

use std::io::IsTerminal;

/// Exit code: all good / clean / valid.
pub const EXIT_OK: u8 = 0;
/// Exit code: findings, invalid signature, violations.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage or input error.
pub const EXIT_USAGE: u8 = 2;

/// An error that ends the command with exit code 2.
#[derive(Debug)]
pub enum CliError {
    Core(govshare_core::Error),
    Io { what: String, detail: String },
    Usage(String),
}

impl CliError {
    pub fn io(what: &str, e: &std::io::Error) -> Self {
        CliError::Io { what: what.to_owned(), detail: e.to_string() }
    }

    pub fn code(&self) -> &str {
        match self {
            CliError::Core(e) => e.code(),
            CliError::Io { .. } => "io_error",
            CliError::Usage(_) => "usage",
        }
    }

    /// Prints the error on stderr: JSON with `--json`, else text in the
    /// language of `LANG` (zh* → Chinese, else English).
    pub fn report(&self, json: bool) {
        let (en, zh, location) = match self {
            CliError::Core(e) => (e.to_string(), e.message_zh(), e.location().cloned()),
            CliError::Io { what, detail } => {
                (format!("cannot access {what}: {detail}"), format!("无法访问 {what}：{detail}"), None)
            }
            CliError::Usage(m) => (m.clone(), m.clone(), None),
        };
        if json {
            let v = serde_json::json!({"error": {"code": self.code(), "message": en, "message_zh": zh, "location": location}});
            eprintln!("{v}");
        } else {
            let chinese = std::env::var("LANG").map(|l| l.starts_with("zh")).unwrap_or(false);
            let color = std::io::stderr().is_terminal();
            let label = if color { "\x1b[31merror\x1b[0m" } else { "error" };
            eprintln!("{label}[{}]: {}", self.code(), if chinese { &zh } else { &en });
        }
    }
}

impl From<govshare_core::Error> for CliError {
    fn from(e: govshare_core::Error) -> Self {
        CliError::Core(e)
    }
}
