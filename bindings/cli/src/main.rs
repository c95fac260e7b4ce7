//! The `govshare` command line: argument handling only; all logic is in core.
//!
//! Conventions: `--json` for machine output, `-` for stdin, results to stdout
//! or `--out`, inputs never edited in place except by atomic replace; exit 0
//! ok/clean, 1 findings/invalid/violations, 2 usage or input error.
//!
//! `demo` and `sandbox` need the cargo feature `sandbox` (on by default: it
//! brings the reference platform, crate govshare-sandbox). Built without it,
//! both commands stay listed and answer a usage error (exit 2) saying so.
#![forbid(unsafe_code)]
// No panic may cross a binding's boundary: outside tests, none is written
// here (clippy -D warnings in `make test` holds this; parsers are fuzzed for
// the panics a lint cannot see, indexing and arithmetic).
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::todo,
        clippy::unimplemented,
        clippy::unreachable
    )
)]

/// Prints a line to stdout. Unlike `println!`, a closed pipe (`govshare … | head`)
/// is not a panic: the output is simply no longer wanted. Defined before the
/// modules so that every one of them can use it.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

mod audit;
mod catalog;
mod crypto;
#[cfg(feature = "sandbox")]
mod demo;
#[cfg(feature = "sandbox")]
mod demo_deid;
#[cfg(feature = "sandbox")]
mod demo_flow;
mod envelope;
mod fail;
mod io;
mod mask;
mod progress;
mod request;
#[cfg(feature = "sandbox")]
mod sandbox;
mod send;
mod sign;
mod store;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use fail::{CliError, EXIT_USAGE};

#[derive(Parser)]
#[command(
    name = "govshare",
    version,
    about = "govshare: government data sharing SDK — catalog, requests, signing, masking"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show what the SDK does, step by step, on the bundled sample catalog.
    #[cfg(feature = "sandbox")]
    Demo,
    /// Not in this build (needs the cargo feature `sandbox`): the step-by-step demo.
    #[cfg(not(feature = "sandbox"))]
    Demo(WithoutSandbox),
    /// Load, lint, search and update government data catalogs.
    #[command(subcommand)]
    Catalog(catalog::CatalogCommand),
    /// Generate signing keys.
    #[command(subcommand)]
    Key(sign::KeyCommand),
    /// Sign and verify HTTP messages (RFC 9421).
    #[command(subcommand)]
    Http(sign::HttpCommand),
    /// Print the RFC 8785 canonical form of a JSON document (no trailing newline).
    Canonicalize(request::CanonicalizeArgs),
    /// Sharing applications: write, validate, deadlines, platform HTTP requests.
    #[command(subcommand)]
    Request(Box<request::RequestCommand>),
    /// Mask data with a policy, verify received data is masked, scan for identifiers.
    #[command(subcommand)]
    Mask(mask::MaskCommand),
    /// Tamper-evident audit logs: append, verify, usage report, destruction receipts.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Encrypt and decrypt with SM4 (ECB legacy, CBC, CTR, GCM); keys from files only.
    #[command(subcommand)]
    Crypto(crypto::CryptoCommand),
    /// Digital envelopes: seal data for one recipient (SM4-GCM, key wrapped
    /// with SM2 or a KEK; who/what/when bound), open it (docs/envelope.md).
    #[command(subcommand)]
    Envelope(envelope::EnvelopeCommand),
    /// The sealed store of received data: put, get, verify, repair, and
    /// dispose of it as the grant requires (docs/store.md).
    #[command(subcommand)]
    Store(store::StoreCommand),
    /// Run the local sandbox sharing platform (docs/sandbox.md); `review` approves or rejects.
    #[cfg(feature = "sandbox")]
    Sandbox(Box<sandbox::SandboxArgs>),
    /// Not in this build (needs the cargo feature `sandbox`): the local sandbox sharing platform.
    #[cfg(not(feature = "sandbox"))]
    Sandbox(WithoutSandbox),
}

/// What `demo` and `sandbox` take when built without the `sandbox` feature:
/// any arguments, so that the answer is the missing feature, not a parse error.
#[cfg(not(feature = "sandbox"))]
#[derive(clap::Args)]
struct WithoutSandbox {
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, hide = true)]
    args: Vec<String>,
}

#[cfg(not(feature = "sandbox"))]
impl WithoutSandbox {
    /// `sandbox review … --json` reports its errors as JSON; so does this one.
    fn json(&self) -> bool {
        self.args.iter().any(|a| a == "--json")
    }

    fn run(&self) -> CmdResult {
        Err(CliError::Usage(WITHOUT_SANDBOX.into()))
    }
}

/// The answer of `demo` and `sandbox` in a build without the `sandbox` feature.
#[cfg(not(feature = "sandbox"))]
const WITHOUT_SANDBOX: &str =
    "this govshare was built without the sandbox feature (cargo install --path bindings/cli --features sandbox)";

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version (exit 0) and usage errors (exit 2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let (result, json) = match cli.command {
        #[cfg(feature = "sandbox")]
        Command::Demo => (demo::run(), false),
        #[cfg(not(feature = "sandbox"))]
        Command::Demo(a) => (a.run(), a.json()),
        Command::Catalog(cmd) => {
            let json = cmd.json();
            (catalog::run(cmd), json)
        }
        Command::Key(cmd) => (sign::run_key(cmd), false),
        Command::Crypto(cmd) => (crypto::run(cmd), false),
        Command::Store(cmd) => {
            let json = cmd.json();
            (store::run(cmd), json)
        }
        Command::Envelope(cmd) => {
            let json = cmd.json();
            (envelope::run(cmd), json)
        }
        Command::Http(cmd) => {
            let json = cmd.json();
            (sign::run_http(cmd), json)
        }
        Command::Canonicalize(a) => {
            let json = a.json();
            (request::canonicalize(a), json)
        }
        Command::Request(cmd) => {
            let json = cmd.json();
            (request::run(*cmd), json)
        }
        Command::Mask(cmd) => {
            let json = cmd.json();
            (mask::run(cmd), json)
        }
        Command::Audit(cmd) => {
            let json = cmd.json();
            (audit::run(cmd), json)
        }
        #[cfg(feature = "sandbox")]
        Command::Sandbox(a) => {
            let json = a.json();
            (sandbox::run(*a), json)
        }
        #[cfg(not(feature = "sandbox"))]
        Command::Sandbox(a) => (a.run(), a.json()),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            e.report(json);
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// What every command returns: an exit code, or an error (exit 2).
pub type CmdResult = Result<u8, CliError>;
