//! govshare-sandbox: a local sharing platform that speaks govshare's platform
//! API (`openapi/sharing-platform.yaml`) on 127.0.0.1, for developing and
//! testing against offline. See docs/sandbox.md.
//!
//! ```no_run
//! use govshare_sandbox::{Sandbox, SandboxConfig};
//! let handle = Sandbox::start(SandboxConfig::new("/tmp/sandbox-data")).expect("starts");
//! println!("serving on {}", handle.url()); // port 0 = a free port was picked
//! handle.shutdown();
//! ```
//!
//! - [`platform`]: what the platform decides (on core's `HttpMessage`s)
//! - [`server`]: the HTTP server around it (axum on tokio; limits, timeouts)
//! - [`store`]: SQLite state, one transaction per change
//! - [`registry`]: department keys, the demo department, the platform key
//! - [`records`]: generated data for granted resources
#![forbid(unsafe_code)]

pub mod error;
pub mod platform;
pub mod records;
pub mod registry;
pub mod server;
pub mod store;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use govshare_core::platform::client::ApplicationStatus;
use govshare_core::sign::Key;

pub use error::ApiError;
pub use platform::{Decision, DecisionKind, Platform};
pub use registry::{
    demo_department_key, DEMO_CREDIT_CODE, DEMO_DEPARTMENT_NAME, DEMO_KEY_ID, PLATFORM_KEY_ID,
};

/// The bundled national sample catalog the sandbox serves by default.
pub const BUNDLED_CATALOG: &[u8] = include_bytes!("../../data/sample-catalog.json");

/// The default port of `govshare sandbox`.
pub const DEFAULT_PORT: u16 = 8700;

/// Ways the sandbox can misbehave on purpose, so clients prove they notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misbehave {
    /// Data is served without masking (the manifest still claims it).
    Unmasked,
    /// The body is changed after Content-Digest was computed and signed.
    BadDigest,
    /// Responses are signed with a key that is not the platform's.
    BadSignature,
}

impl std::str::FromStr for Misbehave {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "unmasked" => Ok(Misbehave::Unmasked),
            "bad-digest" => Ok(Misbehave::BadDigest),
            "bad-signature" => Ok(Misbehave::BadSignature),
            other => Err(format!("unknown misbehaviour {other:?} (unmasked, bad-digest, bad-signature)")),
        }
    }
}

/// The sandbox's notion of now (Unix seconds): the system clock, or any
/// function (tests where deadlines matter).
#[derive(Clone)]
pub struct Clock(Arc<dyn Fn() -> i64 + Send + Sync>);

impl Clock {
    pub fn system() -> Clock {
        Clock(Arc::new(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        }))
    }

    pub fn fixed(unix_seconds: i64) -> Clock {
        Clock(Arc::new(move || unix_seconds))
    }

    pub fn from_fn(f: impl Fn() -> i64 + Send + Sync + 'static) -> Clock {
        Clock(Arc::new(f))
    }

    pub fn now(&self) -> i64 {
        (self.0)()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Clock(now = {})", self.now())
    }
}

/// Unix seconds as RFC 3339 in Beijing time (`2026-11-27T09:30:00+08:00`).
/// Core's one formatter (`time::format_timestamp_cst`); an instant RFC 3339
/// cannot write (outside the years 0000–9999) gives an empty string, which
/// every reader refuses.
pub fn rfc3339_cst(secs: i64) -> String {
    govshare_core::time::format_timestamp_cst(secs).unwrap_or_default()
}

/// How to run a sandbox.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Address to bind; loopback by default.
    pub host: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// State, keys and registry live here (created if needed).
    pub data_dir: PathBuf,
    /// Static files served at `/` (the portal); a placeholder page when absent.
    pub portal_dir: Option<PathBuf>,
    pub misbehave: Option<Misbehave>,
    pub clock: Clock,
    /// Larger request bodies get 413 `limit_exceeded`.
    pub max_body_bytes: usize,
    /// A body not received within this time gets 408 `request_timeout`.
    pub body_timeout: Duration,
    /// Request headers not received within this time close the connection.
    pub header_timeout: Duration,
    /// Most connections served at once (more wait in the accept queue).
    pub max_connections: usize,
    /// The catalog to serve (default: [`BUNDLED_CATALOG`]).
    pub catalog_json: Option<Vec<u8>>,
    /// Stop on Ctrl-C (for `govshare sandbox`; off for in-process use).
    pub stop_on_ctrl_c: bool,
}

impl SandboxConfig {
    /// Loopback, port 0, the bundled catalog, the system clock.
    pub fn new(data_dir: impl Into<PathBuf>) -> SandboxConfig {
        SandboxConfig {
            host: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            data_dir: data_dir.into(),
            portal_dir: None,
            misbehave: None,
            clock: Clock::system(),
            max_body_bytes: 1024 * 1024,
            body_timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            max_connections: 256,
            catalog_json: None,
            stop_on_ctrl_c: false,
        }
    }
}

/// Why a sandbox could not start.
#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

/// Entry points.
#[derive(Debug)]
pub struct Sandbox;

impl Sandbox {
    /// Opens the state, binds the port and serves on a background thread.
    pub fn start(config: SandboxConfig) -> Result<SandboxHandle, StartError> {
        let catalog = config.catalog_json.as_deref().unwrap_or(BUNDLED_CATALOG);
        let platform = Platform::open(&config.data_dir, catalog, config.clock.clone(), config.misbehave)
            .map_err(|e| StartError(format!("{}: {}", config.data_dir.display(), e.message)))?;
        let platform = Arc::new(platform);
        let listener = std::net::TcpListener::bind(SocketAddr::new(config.host, config.port))
            .map_err(|e| StartError(format!("cannot listen on {}:{}: {e}", config.host, config.port)))?;
        listener.set_nonblocking(true).map_err(|e| StartError(e.to_string()))?;
        let addr = listener.local_addr().map_err(|e| StartError(e.to_string()))?;
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| StartError(format!("tokio runtime: {e}")))?;
        let shared = Arc::new(server::Shared::new(platform.clone(), &config));
        let stop_on_ctrl_c = config.stop_on_ctrl_c;
        let thread = std::thread::Builder::new()
            .name("govshare-sandbox".into())
            .spawn(move || {
                runtime.block_on(server::serve(listener, shared, rx, stop_on_ctrl_c));
                runtime.shutdown_timeout(Duration::from_secs(2));
            })
            .map_err(|e| StartError(e.to_string()))?;
        Ok(SandboxHandle { addr, platform, shutdown: Some(tx), thread: Some(thread) })
    }

    /// Starts, calls `ready` (e.g. to print the URL), and serves until Ctrl-C.
    pub fn run(mut config: SandboxConfig, ready: impl FnOnce(&SandboxHandle)) -> Result<(), StartError> {
        config.stop_on_ctrl_c = true;
        let handle = Sandbox::start(config)?;
        ready(&handle);
        handle.wait();
        Ok(())
    }
}

/// A running sandbox; dropping it stops the server.
#[derive(Debug)]
pub struct SandboxHandle {
    addr: SocketAddr,
    platform: Arc<Platform>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl SandboxHandle {
    /// The bound address (the chosen port when configured with 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`, the base URL for `PlatformConfig::base_url`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The key clients verify the sandbox's answers with.
    pub fn platform_key(&self) -> Result<Key, govshare_core::Error> {
        self.platform.public_key()
    }

    /// The bearer token of the admin endpoints (also in `DATA/admin-token`).
    pub fn admin_token(&self) -> &str {
        self.platform.admin_token()
    }

    pub fn platform(&self) -> &Platform {
        &self.platform
    }

    /// Stops serving and waits for the server thread.
    pub fn shutdown(mut self) {
        self.stop();
    }

    /// Blocks until the server stops (Ctrl-C with `stop_on_ctrl_c`).
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for SandboxHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Approves or rejects an application in the state at `data_dir` — what the
/// admin endpoint does, for `govshare sandbox review` (works while a
/// sandbox serves the same directory: SQLite serializes the writers).
pub fn review(
    data_dir: &Path,
    id: &str,
    decision: &Decision,
    now: i64,
) -> Result<ApplicationStatus, ApiError> {
    let catalog =
        govshare_core::catalog::Catalog::from_json(BUNDLED_CATALOG).map_err(|e| ApiError::core(500, &e))?;
    let db = data_dir.join("sandbox.sqlite");
    if !db.exists() {
        return Err(ApiError::new(
            404,
            "not_found",
            "no sandbox state in this directory",
            "该目录中没有沙箱状态",
        ));
    }
    let mut conn = store::open(&db)?;
    platform::decide_on(&mut conn, &catalog, id, decision, now)
}
