//! `govshare sandbox`: run the local sharing platform (crate
//! govshare-sandbox), and `govshare sandbox review` to approve or reject an
//! application under review. Argument handling only.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use govshare_sandbox::{Decision, DecisionKind, Misbehave, Sandbox, SandboxConfig};

use crate::fail::{CliError, EXIT_FINDINGS, EXIT_OK};
use crate::io::read_input;
use crate::CmdResult;

/// `govshare sandbox [--port P] [--data DIR] [--portal DIR] [--misbehave MODE]`.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SandboxArgs {
    #[command(subcommand)]
    command: Option<SandboxCommand>,
    /// Port on 127.0.0.1; 0 picks a free one (printed).
    #[arg(long, default_value_t = govshare_sandbox::DEFAULT_PORT)]
    port: u16,
    /// State directory: SQLite database, keys, department registry.
    #[arg(long, default_value = "govshare-sandbox-data")]
    data: PathBuf,
    /// Static files served at `/` (default: examples/portal when present).
    #[arg(long)]
    portal: Option<PathBuf>,
    /// Misbehave on purpose so clients prove they notice: unmasked, bad-digest, bad-signature.
    #[arg(long)]
    misbehave: Option<String>,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 1024 * 1024)]
    max_body: usize,
}

#[derive(Subcommand)]
enum SandboxCommand {
    /// Decide on an application as its provider: agree (--approve), refuse with --reason
    /// (--reject, Art. 21), or --decision request_materials (--missing, Art. 21 ¶2),
    /// extend (--days, --approval-ref, Art. 21), suspend / terminate (--reason) or resume
    /// (--rectification, Art. 27 ¶2). Exit 1 when the move is refused as illegal.
    Review(ReviewArgs),
}

#[derive(Args)]
struct ReviewArgs {
    /// The application id (SB-…).
    id: String,
    /// State directory of the sandbox.
    #[arg(long, default_value = "govshare-sandbox-data")]
    data: PathBuf,
    #[arg(long, conflicts_with_all = ["reject", "decision"], required_unless_present_any = ["reject", "decision"])]
    approve: bool,
    #[arg(long, conflicts_with = "decision")]
    reject: bool,
    /// request_materials, extend, suspend, resume, terminate (or approve, reject).
    #[arg(long)]
    decision: Option<String>,
    /// With request_materials: one missing item; repeat to list everything at once.
    #[arg(long)]
    missing: Vec<String>,
    /// With extend: working days (at most 10).
    #[arg(long)]
    days: Option<u32>,
    /// With extend: the coordinating department's approval reference.
    #[arg(long)]
    approval_ref: Option<String>,
    /// With resume: what was rectified.
    #[arg(long)]
    rectification: Option<String>,
    /// The reasons of a refusal (required with --reject: Art. 21).
    #[arg(long)]
    reason: Option<String>,
    /// With --approve: the disposal method the provider requires (Art. 27 ¶1):
    /// delete (default), return, seal, other.
    #[arg(long)]
    disposal_method: Option<String>,
    /// Masking rules of the approval (mask Approval JSON file; `-` reads stdin).
    #[arg(long)]
    masking: Option<String>,
    /// RFC 3339 or Unix seconds; default: the clock.
    #[arg(long)]
    now: Option<String>,
    #[arg(long)]
    json: bool,
}

impl SandboxArgs {
    pub fn json(&self) -> bool {
        matches!(&self.command, Some(SandboxCommand::Review(r)) if r.json)
    }
}

pub fn run(a: SandboxArgs) -> CmdResult {
    if let Some(SandboxCommand::Review(r)) = a.command {
        return review(r);
    }
    let mut config = SandboxConfig::new(&a.data);
    config.port = a.port;
    config.max_body_bytes = a.max_body;
    config.portal_dir = a.portal.or_else(|| Some(PathBuf::from("examples/portal")).filter(|p| p.is_dir()));
    if let Some(m) = &a.misbehave {
        config.misbehave = Some(m.parse::<Misbehave>().map_err(CliError::Usage)?);
    }
    let data = a.data.display().to_string();
    let misbehave = a.misbehave.clone();
    Sandbox::run(config, |h| {
        outln!("{}", h.url());
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "govshare sandbox serving on {} (Ctrl-C stops)", h.url());
        let _ = writeln!(err, "  state: {data}/sandbox.sqlite; registry: {data}/departments.json");
        let _ = writeln!(
            err,
            "  demo department: key {data}/demo-department.pem, keyid {}, credit code {}",
            govshare_sandbox::DEMO_KEY_ID,
            govshare_sandbox::DEMO_CREDIT_CODE
        );
        let _ = writeln!(err, "  admin token: {data}/admin-token");
        if let Some(m) = misbehave {
            let _ = writeln!(err, "  MISBEHAVING on purpose: {m}");
        }
        let _ = std::io::stdout().flush();
    })
    .map_err(|e| CliError::Usage(e.to_string()))?;
    Ok(EXIT_OK)
}

fn review(r: ReviewArgs) -> CmdResult {
    let masking = match &r.masking {
        Some(path) => Some(
            serde_json::from_slice(&read_input(path)?)
                .map_err(|e| CliError::Core(govshare_core::error::json_error(&e)))?,
        ),
        None => None,
    };
    let kind = match (r.approve, r.reject, r.decision.as_deref()) {
        (true, _, _) => DecisionKind::Approve,
        (_, true, _) => DecisionKind::Reject,
        (_, _, Some(d)) => d.parse::<DecisionKind>().map_err(|_| {
            CliError::Usage(
                "--decision: approve, reject, request_materials, extend, suspend, resume or terminate".into(),
            )
        })?,
        _ => return Err(CliError::Usage("give --approve, --reject or --decision".into())),
    };
    let mut decision = Decision::new(kind);
    decision.reason = r.reason;
    decision.missing = r.missing;
    decision.days = r.days;
    decision.approval_ref = r.approval_ref;
    decision.rectification = r.rectification;
    decision.masking = masking;
    decision.disposal_method = r.disposal_method.as_deref().map(str::parse).transpose()?;
    let now = crate::send::now_seconds(r.now.as_deref())?;
    match govshare_sandbox::review(&r.data, &r.id, &decision, now) {
        Ok(status) => {
            if r.json {
                outln!("{}", serde_json::to_string(&status).unwrap_or_default());
            } else {
                outln!("{}: {}", status.id, status.state.as_str());
            }
            Ok(EXIT_OK)
        }
        Err(e) => {
            if r.json {
                outln!("{}", String::from_utf8_lossy(&e.body()));
            } else {
                eprintln!("refused [{}]: {}", e.code, e.message);
            }
            Ok(EXIT_FINDINGS)
        }
    }
}
