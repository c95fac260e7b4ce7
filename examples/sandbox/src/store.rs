//! The sandbox's state in SQLite: applications, seen nonces and an event
//! log. Every state change is one transaction (`BEGIN IMMEDIATE … COMMIT`),
//! so a kill -9 leaves either the whole change or none of it. The database
//! runs in WAL mode with `synchronous=NORMAL`: durable against a process
//! crash; a power loss may lose the last transactions, never half of one.

use std::path::Path;

use govshare_core::request::{ApplicationState, Grant, Lifecycle};
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use crate::error::ApiError;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS applications (
    id TEXT PRIMARY KEY,
    keyid TEXT NOT NULL,
    requester_credit_code TEXT NOT NULL,
    resource_code TEXT,
    items_json TEXT NOT NULL,
    app_json TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    track TEXT NOT NULL,
    state TEXT NOT NULL,
    submitted_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    reason TEXT,
    valid_from TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    due TEXT,
    approval_json TEXT,
    lifecycle_json TEXT NOT NULL
);
-- Covers the grants query of data fetches (no table reads).
CREATE INDEX IF NOT EXISTS applications_grants ON applications
    (requester_credit_code, resource_code, state, items_json, valid_from, valid_until, approval_json, updated_at, id);
CREATE TABLE IF NOT EXISTS nonces (
    keyid TEXT NOT NULL,
    nonce TEXT NOT NULL,
    keep_until INTEGER NOT NULL,
    PRIMARY KEY (keyid, nonce)
);
CREATE INDEX IF NOT EXISTS nonces_by_expiry ON nonces (keep_until);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    application_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    state TEXT NOT NULL
);
";

/// One stored application.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredApplication {
    pub id: String,
    pub keyid: String,
    pub requester_credit_code: String,
    pub resource_code: Option<String>,
    pub items: Vec<String>,
    pub app_json: String,
    pub sha256: String,
    pub track: String,
    pub state: ApplicationState,
    pub submitted_at: String,
    pub updated_at: String,
    pub reason: Option<String>,
    pub valid_from: String,
    pub valid_until: String,
    pub due: Option<String>,
    /// The masking approval (core `mask::Approval` JSON) set by the reviewer.
    pub approval_json: Option<String>,
    pub lifecycle: Lifecycle,
}

fn db_error(e: rusqlite::Error) -> ApiError {
    ApiError::internal(&format!("database: {e}"))
}

/// Opens (and creates) the database.
pub fn open(path: &Path) -> Result<Connection, ApiError> {
    let conn = Connection::open(path).map_err(db_error)?;
    conn.busy_timeout(std::time::Duration::from_secs(10)).map_err(db_error)?;
    conn.pragma_update(None, "journal_mode", "WAL").map_err(db_error)?;
    conn.pragma_update(None, "synchronous", "NORMAL").map_err(db_error)?;
    conn.pragma_update(None, "foreign_keys", "ON").map_err(db_error)?;
    conn.execute_batch(SCHEMA).map_err(db_error)?;
    Ok(conn)
}

/// Starts a write transaction (takes the write lock at once, so two
/// processes on one database serialize instead of failing at commit).
pub fn begin(conn: &mut Connection) -> Result<Transaction<'_>, ApiError> {
    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate).map_err(db_error)
}

pub fn commit(tx: Transaction<'_>) -> Result<(), ApiError> {
    tx.commit().map_err(db_error)
}

/// Records a nonce for a key; `false` when it is already there and unexpired.
pub fn check_nonce(
    tx: &Transaction<'_>,
    keyid: &str,
    nonce: &str,
    keep_until: i64,
    now: i64,
) -> Result<bool, ApiError> {
    let existing: Option<i64> = tx
        .query_row(
            "SELECT keep_until FROM nonces WHERE keyid = ?1 AND nonce = ?2",
            params![keyid, nonce],
            |r| r.get(0),
        )
        .optional()
        .map_err(db_error)?;
    if existing.is_some_and(|until| until >= now) {
        return Ok(false);
    }
    tx.execute(
        "INSERT OR REPLACE INTO nonces (keyid, nonce, keep_until) VALUES (?1, ?2, ?3)",
        params![keyid, nonce, keep_until],
    )
    .map_err(db_error)?;
    Ok(true)
}

/// Forgets nonces whose replay window has closed.
pub fn prune_nonces(tx: &Transaction<'_>, now: i64) -> Result<(), ApiError> {
    tx.execute("DELETE FROM nonces WHERE keep_until < ?1", params![now]).map_err(db_error)?;
    Ok(())
}

const COLUMNS: &str =
    "id, keyid, requester_credit_code, resource_code, items_json, app_json, sha256, track, state, \
     submitted_at, updated_at, reason, valid_from, valid_until, due, approval_json, lifecycle_json";

/// A stored state; one this build does not know (an older sandbox's data)
/// reads as `submitted`, which gives no entitlement.
fn state_of(s: &str) -> ApplicationState {
    s.parse().unwrap_or(ApplicationState::Submitted)
}

fn row_to_app(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredApplication> {
    let items_json: String = r.get(4)?;
    let state: String = r.get(8)?;
    let lifecycle_json: String = r.get(16)?;
    Ok(StoredApplication {
        id: r.get(0)?,
        keyid: r.get(1)?,
        requester_credit_code: r.get(2)?,
        resource_code: r.get(3)?,
        items: serde_json::from_str(&items_json).unwrap_or_default(),
        app_json: r.get(5)?,
        sha256: r.get(6)?,
        track: r.get(7)?,
        state: state_of(&state),
        submitted_at: r.get(9)?,
        updated_at: r.get(10)?,
        reason: r.get(11)?,
        valid_from: r.get(12)?,
        valid_until: r.get(13)?,
        due: r.get(14)?,
        approval_json: r.get(15)?,
        lifecycle: serde_json::from_str(&lifecycle_json).unwrap_or_default(),
    })
}

pub fn get(conn: &Connection, id: &str) -> Result<Option<StoredApplication>, ApiError> {
    conn.query_row(&format!("SELECT {COLUMNS} FROM applications WHERE id = ?1"), params![id], row_to_app)
        .optional()
        .map_err(db_error)
}

/// Inserts a new application; `false` when one with this id exists (the
/// caller then answers with the stored one: no duplicate is ever created).
pub fn insert(tx: &Connection, a: &StoredApplication) -> Result<bool, ApiError> {
    let items = serde_json::to_string(&a.items).unwrap_or_else(|_| "[]".into());
    let lifecycle = serde_json::to_string(&a.lifecycle).unwrap_or_default();
    let n = tx
        .execute(
            &format!(
                "INSERT OR IGNORE INTO applications ({COLUMNS}) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
            ),
            params![
                a.id,
                a.keyid,
                a.requester_credit_code,
                a.resource_code,
                items,
                a.app_json,
                a.sha256,
                a.track,
                a.state.as_str(),
                a.submitted_at,
                a.updated_at,
                a.reason,
                a.valid_from,
                a.valid_until,
                a.due,
                a.approval_json,
                lifecycle
            ],
        )
        .map_err(db_error)?;
    if n == 1 {
        log_event(tx, &a.updated_at, &a.id, "submitted", a.state)?;
    }
    Ok(n == 1)
}

/// Stores a resubmitted application (Art. 21 ¶2): its new text, items and
/// period of use, with the state change.
pub fn update_application(tx: &Connection, a: &StoredApplication) -> Result<(), ApiError> {
    let items = serde_json::to_string(&a.items).unwrap_or_else(|_| "[]".into());
    tx.execute(
        "UPDATE applications SET app_json = ?2, sha256 = ?3, items_json = ?4, valid_from = ?5, valid_until = ?6 \
         WHERE id = ?1",
        params![a.id, a.app_json, a.sha256, items, a.valid_from, a.valid_until],
    )
    .map_err(db_error)?;
    update_state(tx, a, "resubmit")
}

/// Stores a state change (with its reason, approval and lifecycle).
pub fn update_state(tx: &Connection, a: &StoredApplication, kind: &str) -> Result<(), ApiError> {
    let lifecycle = serde_json::to_string(&a.lifecycle).unwrap_or_default();
    tx.execute(
        "UPDATE applications SET state = ?2, updated_at = ?3, reason = ?4, approval_json = ?5, lifecycle_json = ?6, due = ?7 \
         WHERE id = ?1",
        params![a.id, a.state.as_str(), a.updated_at, a.reason, a.approval_json, lifecycle, a.due],
    )
    .map_err(db_error)?;
    log_event(tx, &a.updated_at, &a.id, kind, a.state)
}

fn log_event(
    tx: &Connection,
    at: &str,
    id: &str,
    kind: &str,
    state: ApplicationState,
) -> Result<(), ApiError> {
    tx.execute(
        "INSERT INTO events (at, application_id, kind, state) VALUES (?1, ?2, ?3, ?4)",
        params![at, id, kind, state.as_str()],
    )
    .map_err(db_error)?;
    Ok(())
}

/// The grants (granted or approved applications) of a department for one
/// resource, newest first, with the approval's masking rules (JSON).
/// Applications that grant the same thing are one grant here (the first id).
pub fn grants(
    conn: &Connection,
    credit_code: &str,
    resource_code: &str,
) -> Result<Vec<(Grant, Option<String>)>, ApiError> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT MIN(id), items_json, valid_from, valid_until, state, approval_json FROM applications \
             WHERE requester_credit_code = ?1 AND resource_code = ?2 \
             AND state IN ('agreed', 'delivered', 'in_use') \
             GROUP BY items_json, valid_from, valid_until, state, approval_json \
             ORDER BY MAX(updated_at) DESC, MIN(id)",
        )
        .map_err(db_error)?;
    let rows = stmt
        .query_map(params![credit_code, resource_code], |r| {
            let items_json: String = r.get(1)?;
            let state: String = r.get(4)?;
            Ok((
                Grant {
                    application_id: r.get(0)?,
                    requester_credit_code: credit_code.to_owned(),
                    resource_code: resource_code.to_owned(),
                    items: serde_json::from_str(&items_json).unwrap_or_default(),
                    valid_from: r.get(2)?,
                    valid_until: r.get(3)?,
                    state: state_of(&state),
                    disposal_method: None,
                },
                r.get::<_, Option<String>>(5)?,
            ))
        })
        .map_err(db_error)?;
    rows.collect::<Result<Vec<_>, _>>().map_err(db_error)
}

/// How many applications are stored (tests and the demo print it).
pub fn count(conn: &Connection) -> Result<u64, ApiError> {
    conn.query_row("SELECT COUNT(*) FROM applications", [], |r| r.get::<_, i64>(0))
        .map(|n| n.max(0) as u64)
        .map_err(db_error)
}
