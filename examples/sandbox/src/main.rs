//! `govshare-sandbox --data DIR [--port P] [--portal DIR] [--misbehave MODE]`:
//! the sandbox as its own process (tests kill it with -9). `govshare sandbox`
//! is the same server with the CLI's conventions.
#![forbid(unsafe_code)]

use std::io::Write;
use std::process::ExitCode;

use govshare_sandbox::{Sandbox, SandboxConfig};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut config = SandboxConfig::new("govshare-sandbox-data");
    config.port = govshare_sandbox::DEFAULT_PORT;
    while let Some(a) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let r = match a.as_str() {
            "--data" => value("--data").map(|v| config.data_dir = v.into()),
            "--portal" => value("--portal").map(|v| config.portal_dir = Some(v.into())),
            "--port" => value("--port")
                .and_then(|v| v.parse().map_err(|_| "--port: not a port".to_owned()))
                .map(|p| config.port = p),
            "--misbehave" => value("--misbehave").and_then(|v| v.parse()).map(|m| config.misbehave = Some(m)),
            other => Err(format!("unknown argument {other:?}")),
        };
        if let Err(e) = r {
            eprintln!("govshare-sandbox: {e}");
            return ExitCode::from(2);
        }
    }
    match Sandbox::run(config, |h| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "govshare sandbox listening on {}", h.url());
        let _ = out.flush();
    }) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("govshare-sandbox: {e}");
            ExitCode::from(2)
        }
    }
}
