//! Who may call the sandbox: the registered departments and their public
//! keys (`DATA/departments.json`), and the sandbox platform's own key
//! (`DATA/platform-key.pem`, made on first start).
//!
//! Without a `departments.json` the sandbox seeds one with the **demo
//! department** — a key derived from a published seed, so anyone can sign
//! as it. That is the point of a sandbox; never register it anywhere real.

use std::collections::HashMap;
use std::path::Path;

use govshare_core::sign::{Algorithm, DigestAlgorithm, Key};
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// The demo department's key id.
pub const DEMO_KEY_ID: &str = "demo-department";
/// The demo department's name.
pub const DEMO_DEPARTMENT_NAME: &str = "杭州市示例数据局（沙箱演示）";
/// The demo department's 统一社会信用代码 (valid check character, fictitious).
pub const DEMO_CREDIT_CODE: &str = "11330100MB0203040M";
/// The published text whose SHA-256 is the demo department's Ed25519 seed.
pub const DEMO_SEED_TEXT: &str = "govshare sandbox demo department - not a secret";
/// The sandbox platform key's id.
pub const PLATFORM_KEY_ID: &str = "sandbox-platform";

/// The demo department's private key (Ed25519, key id `demo-department`).
pub fn demo_department_key() -> Result<Key, govshare_core::Error> {
    let seed = DigestAlgorithm::Sha256.hash(DEMO_SEED_TEXT.as_bytes());
    let mut key = Key::from_raw(Algorithm::Ed25519, &seed, true)?;
    key.set_key_id(DEMO_KEY_ID);
    Ok(key)
}

/// One registered department, as stored in `departments.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentEntry {
    pub keyid: String,
    pub name: String,
    pub credit_code: String,
    /// The public key as a JWK (object).
    pub public_key_jwk: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistryFile {
    departments: Vec<DepartmentEntry>,
}

/// A registered department with its parsed key.
#[derive(Debug)]
pub struct Department {
    pub name: String,
    pub credit_code: String,
    pub key: Key,
}

/// The departments by key id.
#[derive(Debug, Default)]
pub struct Registry {
    by_keyid: HashMap<String, Department>,
}

fn io_error(what: &Path, e: &std::io::Error) -> ApiError {
    ApiError::internal(&format!("{}: {e}", what.display()))
}

/// Writes a file atomically (temp file, fsync, rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    write_atomic_mode(path, bytes, 0o644)
}

/// [`write_atomic`] for a secret (a private key, the admin token): readable
/// by its owner only (mode 0600) from the moment it exists.
pub fn write_secret_atomic(path: &Path, bytes: &[u8]) -> Result<(), ApiError> {
    write_atomic_mode(path, bytes, 0o600)
}

fn write_atomic_mode(path: &Path, bytes: &[u8], mode: u32) -> Result<(), ApiError> {
    use std::io::Write;
    let tmp = path.with_extension("tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let mut f = opts.open(&tmp).map_err(|e| io_error(&tmp, &e))?;
    f.write_all(bytes).map_err(|e| io_error(&tmp, &e))?;
    f.sync_all().map_err(|e| io_error(&tmp, &e))?;
    std::fs::rename(&tmp, path).map_err(|e| io_error(path, &e))
}

impl Registry {
    /// Loads `DATA/departments.json`, seeding it (and `demo-department.pem`,
    /// the demo private key, for CLI users) when absent.
    pub fn load_or_seed(data_dir: &Path) -> Result<Registry, ApiError> {
        let path = data_dir.join("departments.json");
        if !path.exists() {
            let demo = demo_department_key().map_err(|e| ApiError::internal(&e.to_string()))?;
            let jwk = demo
                .public_key()
                .and_then(|k| k.to_jwk(false))
                .map_err(|e| ApiError::internal(&e.to_string()))?;
            let file = RegistryFile {
                departments: vec![DepartmentEntry {
                    keyid: DEMO_KEY_ID.into(),
                    name: DEMO_DEPARTMENT_NAME.into(),
                    credit_code: DEMO_CREDIT_CODE.into(),
                    public_key_jwk: serde_json::from_str(&jwk).unwrap_or_default(),
                }],
            };
            let text = serde_json::to_string_pretty(&file).unwrap_or_default();
            write_atomic(&path, text.as_bytes())?;
            let pem = demo.to_pkcs8_pem().map_err(|e| ApiError::internal(&e.to_string()))?;
            write_secret_atomic(&data_dir.join("demo-department.pem"), pem.as_bytes())?;
        }
        let text = std::fs::read_to_string(&path).map_err(|e| io_error(&path, &e))?;
        let file: RegistryFile = serde_json::from_str(&text)
            .map_err(|e| ApiError::internal(&format!("{}: {e}", path.display())))?;
        let mut reg = Registry::default();
        for d in file.departments {
            let mut key = Key::from_jwk(&d.public_key_jwk.to_string(), None)
                .map_err(|e| ApiError::internal(&format!("{}: key {}: {e}", path.display(), d.keyid)))?;
            key.set_key_id(d.keyid.clone());
            reg.by_keyid.insert(d.keyid, Department { name: d.name, credit_code: d.credit_code, key });
        }
        Ok(reg)
    }

    pub fn get(&self, keyid: &str) -> Option<&Department> {
        self.by_keyid.get(keyid)
    }

    pub fn len(&self) -> usize {
        self.by_keyid.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_keyid.is_empty()
    }
}

/// Loads `DATA/platform-key.pem`, or makes a fresh Ed25519 key there.
pub fn platform_key(data_dir: &Path) -> Result<Key, ApiError> {
    let path = data_dir.join("platform-key.pem");
    let mut key = if path.exists() {
        let pem = std::fs::read_to_string(&path).map_err(|e| io_error(&path, &e))?;
        Key::from_pem(&pem, None).map_err(|e| ApiError::internal(&format!("{}: {e}", path.display())))?
    } else {
        let key = Key::generate(Algorithm::Ed25519).map_err(|e| ApiError::internal(&e.to_string()))?;
        let pem = key.to_pkcs8_pem().map_err(|e| ApiError::internal(&e.to_string()))?;
        write_secret_atomic(&path, pem.as_bytes())?;
        key
    };
    key.set_key_id(PLATFORM_KEY_ID);
    Ok(key)
}
