//! The HTTP server: axum on tokio, HTTP/1.1 on loopback. It bounds what a
//! client can make it do — header read timeout, body timeout, body size,
//! connection count — converts each API request to core's `HttpMessage`,
//! lets [`Platform`] answer (on a blocking thread: SQLite and signatures),
//! and serves the portal's static files at `/`.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use govshare_core::http_message::{HttpMessage, StartLine};
use http_body_util::BodyExt;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::sync::Semaphore;

use crate::error::ApiError;
use crate::platform::percent_decode;
use crate::{Platform, SandboxConfig};

/// What every request handler shares.
#[derive(Debug)]
pub struct Shared {
    platform: Arc<Platform>,
    portal_dir: Option<PathBuf>,
    max_body_bytes: usize,
    body_timeout: Duration,
    header_timeout: Duration,
    max_connections: usize,
}

impl Shared {
    pub fn new(platform: Arc<Platform>, config: &SandboxConfig) -> Shared {
        Shared {
            platform,
            portal_dir: config.portal_dir.clone(),
            max_body_bytes: config.max_body_bytes,
            body_timeout: config.body_timeout,
            header_timeout: config.header_timeout,
            max_connections: config.max_connections.max(1),
        }
    }
}

/// Accepts connections until `shutdown` fires (or Ctrl-C, when asked).
pub async fn serve(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    mut shutdown: tokio::sync::oneshot::Receiver<()>,
    stop_on_ctrl_c: bool,
) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("govshare-sandbox: cannot serve: {e}");
            return;
        }
    };
    let header_timeout = shared.header_timeout;
    let slots = Arc::new(Semaphore::new(shared.max_connections));
    let router = Router::new().fallback(handle).with_state(shared);
    let ctrl_c = async {
        if stop_on_ctrl_c {
            let _ = tokio::signal::ctrl_c().await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::pin!(ctrl_c);
    loop {
        let permit = tokio::select! {
            _ = &mut shutdown => break,
            _ = &mut ctrl_c => break,
            p = slots.clone().acquire_owned() => match p { Ok(p) => p, Err(_) => break },
        };
        let (stream, _) = tokio::select! {
            _ = &mut shutdown => break,
            _ = &mut ctrl_c => break,
            r = listener.accept() => match r {
                Ok(s) => s,
                Err(_) => continue,
            },
        };
        let router = router.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                let mut router = router.clone();
                async move { tower_service::Service::call(&mut router, req.map(Body::new)).await }
            });
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(header_timeout).keep_alive(true);
            let _ = builder.serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/api/") || path.starts_with("/admin/") {
        api(shared, request).await
    } else if let Some(name) = path.strip_prefix("/catalog-index/") {
        index_file(&shared.platform, name, &request)
    } else {
        static_file(shared.portal_dir.as_deref(), &path, request.method())
    }
}

fn to_response(msg: HttpMessage) -> Response {
    let status = match msg.start {
        StartLine::Response { status } => {
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
        }
        StartLine::Request { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let mut resp = Response::new(Body::from(msg.body));
    *resp.status_mut() = status;
    for (name, value) in msg.headers {
        if let (Ok(n), Ok(v)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            resp.headers_mut().append(n, v);
        }
    }
    resp
}

async fn api(shared: Arc<Shared>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let host = parts.headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1").to_owned();
    let path_query = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut msg = HttpMessage::request(parts.method.as_str(), format!("http://{host}{path_query}"));
    for (name, value) in &parts.headers {
        match value.to_str() {
            Ok(v) => msg.push_header(name.as_str(), v),
            Err(_) => {
                let e = ApiError::new(
                    400,
                    "invalid_value",
                    "a header value is not visible ASCII",
                    "请求头的值不是可见 ASCII 字符",
                );
                return to_response(shared.platform.refuse(&msg, e));
            }
        }
    }
    let limit = shared.max_body_bytes;
    let too_large = || {
        ApiError::core(
            413,
            &govshare_core::Error::LimitExceeded {
                what: "request body bytes".into(),
                limit: limit as u64,
                location: govshare_core::Location::default(),
            },
        )
    };
    let declared =
        parts.headers.get("content-length").and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    let refuse_large = || {
        let mut resp = to_response(shared.platform.refuse(&msg, too_large()));
        resp.headers_mut().insert("connection", HeaderValue::from_static("close"));
        resp
    };
    if declared.is_some_and(|n| n > DRAIN_MAX as u64) {
        // Too large to even read away: answer now (the client may see a reset).
        return refuse_large();
    }
    match read_body(body, limit, shared.body_timeout).await {
        Ok(bytes) => msg.body = bytes,
        Err(BodyError::TooLarge) => return refuse_large(),
        Err(BodyError::Unreadable) => {
            let e = ApiError::new(
                400,
                "invalid_argument",
                "the request body could not be read",
                "无法读取请求体",
            );
            return to_response(shared.platform.refuse(&msg, e));
        }
        Err(BodyError::TimedOut) => {
            let e = ApiError::new(
                408,
                "request_timeout",
                "the request body did not arrive in time",
                "请求体未在时限内到达",
            );
            let mut resp = to_response(shared.platform.refuse(&msg, e));
            resp.headers_mut().insert("connection", HeaderValue::from_static("close"));
            return resp;
        }
    }
    let platform = shared.platform.clone();
    match tokio::task::spawn_blocking(move || platform.handle(&msg)).await {
        Ok(m) => to_response(m),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response(),
    }
}

/// An oversized body is still read (and dropped) up to this many bytes, so
/// a client that writes its whole body before reading gets the 413 instead
/// of a reset connection.
const DRAIN_MAX: usize = 16 * 1024 * 1024;

enum BodyError {
    TooLarge,
    Unreadable,
    TimedOut,
}

/// How long an oversized body is still read away before the 413 goes out.
const DRAIN_TIME: Duration = Duration::from_secs(1);

/// Reads the body within `timeout`, keeping at most `limit` bytes; past that
/// it reads on (discarding) for up to [`DRAIN_TIME`] and [`DRAIN_MAX`] bytes
/// and reports `TooLarge`.
async fn read_body(mut body: Body, limit: usize, timeout: Duration) -> Result<Vec<u8>, BodyError> {
    let mut deadline = tokio::time::Instant::now() + timeout;
    let mut buf = Vec::new();
    let mut seen = 0usize;
    loop {
        let frame = match tokio::time::timeout_at(deadline, body.frame()).await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) if seen > limit => break,
            Err(_) => return Err(BodyError::TimedOut),
        };
        let Ok(data) = frame.map_err(|_| BodyError::Unreadable)?.into_data() else { continue };
        let before = seen;
        seen = seen.saturating_add(data.len());
        if seen <= limit {
            buf.extend_from_slice(&data);
            continue;
        }
        if before <= limit {
            buf = Vec::new();
            deadline = deadline.min(tokio::time::Instant::now() + DRAIN_TIME);
        }
        if seen > DRAIN_MAX {
            break;
        }
    }
    if seen > limit {
        Err(BodyError::TooLarge)
    } else {
        Ok(buf)
    }
}

const PLACEHOLDER: &str = "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>govshare sandbox</title></head>\n<body><h1>govshare sandbox</h1>\n<p>The sharing-platform API is at <code>/api/v1/</code> (openapi/sharing-platform.yaml); every call must be signed (docs/sandbox.md).\nNo portal directory was given, so this placeholder is served at <code>/</code>.</p></body></html>\n";

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A file of the published catalog index, whole or one byte range
/// (`Range: bytes=a-b`, `a-` or `-n`: 206 with `Content-Range`; a range
/// that does not fit: 416). The index verifies itself, so these answers
/// are not signed: a client checks them against the signed manifest.
fn index_file(platform: &Platform, name: &str, request: &Request) -> Response {
    let method = request.method();
    if method != axum::http::Method::GET && method != axum::http::Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n").into_response();
    }
    let Some(bytes) = platform.published_file(name) else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let kind = if name.ends_with(".json") { "application/json" } else { "application/octet-stream" };
    let len = bytes.len() as u64;
    let range = request.headers().get("range").map(|v| v.to_str().ok().and_then(|v| byte_range(v, len)));
    match range {
        None => ([("content-type", kind), ("accept-ranges", "bytes")], bytes.to_vec()).into_response(),
        Some(Some((start, end))) => {
            let part = bytes.get(start as usize..=end as usize).unwrap_or(&[]).to_vec();
            let content_range = format!("bytes {start}-{end}/{len}");
            (
                StatusCode::PARTIAL_CONTENT,
                [
                    ("content-type", kind.to_owned()),
                    ("accept-ranges", "bytes".into()),
                    ("content-range", content_range),
                ],
                part,
            )
                .into_response()
        }
        Some(None) => (StatusCode::RANGE_NOT_SATISFIABLE, [("content-range", format!("bytes */{len}"))], "")
            .into_response(),
    }
}

/// One `bytes=` range of a `len`-byte file, as inclusive (first, last).
fn byte_range(header: &str, len: u64) -> Option<(u64, u64)> {
    let spec = header.trim().strip_prefix("bytes=")?;
    if spec.contains(',') || len == 0 {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    let (start, end) = if a.is_empty() {
        let n: u64 = b.parse().ok()?;
        (len.checked_sub(n.min(len))?, len - 1)
    } else {
        let start: u64 = a.parse().ok()?;
        let end = if b.is_empty() { len - 1 } else { b.parse::<u64>().ok()?.min(len - 1) };
        (start, end)
    };
    (start <= end && start < len).then_some((start, end))
}

/// A file under `dir`; never outside it (no `..`, no absolute parts).
fn static_file(dir: Option<&Path>, path: &str, method: &axum::http::Method) -> Response {
    if method != axum::http::Method::GET && method != axum::http::Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n").into_response();
    }
    let decoded = match percent_decode(path) {
        Some(p) => p,
        None => return (StatusCode::BAD_REQUEST, "bad path\n").into_response(),
    };
    let rel = Path::new(decoded.trim_start_matches('/'));
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    }
    let Some(dir) = dir.filter(|d| d.is_dir()) else {
        if decoded == "/" || decoded == "/index.html" {
            return ([("content-type", "text/html; charset=utf-8")], PLACEHOLDER).into_response();
        }
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let mut file = dir.join(rel);
    if file.is_dir() {
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(bytes) => {
            ([("content-type", content_type(&file)), ("cache-control", "no-cache")], bytes).into_response()
        }
        Err(_) => (StatusCode::NOT_FOUND, "not found\n").into_response(),
    }
}
