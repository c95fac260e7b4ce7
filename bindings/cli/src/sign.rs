//! `govshare key …` and `govshare http sign|verify`: argument handling and
//! file I/O around core's RFC 9421 signing. Keys on disk: PKCS#8 PEM (mode
//! 0600) + SPKI PEM, or for `hmac-sha256` one JWK `{"kty":"oct"}` (mode 0600).
//! Key files are read by core's `Key::from_text`, which never guesses.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use govshare_core::http_message::{HttpMessage, StartLine};
use govshare_core::sign::{
    default_components, is_verification_failure, list_signatures, parse_component_list,
    request_binding_component, sign_message, verify_message, Algorithm, DigestAlgorithm, Key, SignatureInfo,
    SignatureParams, VerificationPolicy,
};

use crate::fail::{CliError, EXIT_FINDINGS, EXIT_OK};
use crate::io::read_input;
use crate::CmdResult;

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Generate a key pair: PREFIX.key.pem (PKCS#8, mode 0600) and PREFIX.pub.pem
    /// (SPKI); for hmac-sha256 one file PREFIX.key.jwk, a JWK {"kty":"oct"} (mode 0600).
    Generate {
        /// ed25519, ecdsa-p256-sha256, sm2-sm3 or hmac-sha256.
        #[arg(long)]
        alg: String,
        /// Path prefix of the files written (existing files are never overwritten).
        #[arg(long, value_name = "PREFIX")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum HttpCommand {
    /// Sign an HTTP message (JSON form, stdin) with RFC 9421; prints it with
    /// Content-Digest, Signature-Input and Signature added.
    Sign(SignArgs),
    /// Verify an RFC 9421 signature of an HTTP message (JSON form, stdin).
    /// Exit 0 valid, 1 invalid (with a code), 2 usage or input error.
    Verify(VerifyArgs),
}

impl HttpCommand {
    pub fn json(&self) -> bool {
        matches!(self, HttpCommand::Verify(VerifyArgs { json: true, .. }))
    }
}

#[derive(Args)]
pub struct SignArgs {
    /// Private key file: PEM (PKCS#8/SEC1/PKCS#1) or JWK; a bare base64 HMAC secret
    /// only with --alg hmac-sha256.
    #[arg(long)]
    key: String,
    /// The `keyid` signature parameter.
    #[arg(long)]
    keyid: String,
    /// Algorithm (default: the key's); also disambiguates RSA keys.
    #[arg(long)]
    alg: Option<String>,
    #[arg(long, default_value = "sig1")]
    label: String,
    /// Covered components, separated by spaces or commas, e.g.
    /// '"@method" "@path" "content-digest"' (read by core: unknown, duplicated
    /// or unparsable components are refused). Default:
    /// "@method" "@target-uri" (requests) or "@status" (responses), then
    /// "content-type" (when the message has one) and "content-digest".
    #[arg(long)]
    components: Option<String>,
    /// `created` (Unix seconds; default now).
    #[arg(long)]
    created: Option<i64>,
    #[arg(long)]
    expires: Option<i64>,
    #[arg(long)]
    nonce: Option<String>,
    #[arg(long)]
    tag: Option<String>,
    /// Content-Digest algorithm: sha-256, sha-512 or sm3.
    #[arg(long, default_value = "sha-256")]
    digest: String,
    /// Do not add Content-Digest (nor cover it by default).
    #[arg(long)]
    no_content_digest: bool,
    /// The signed request (JSON) this response answers: the default components
    /// then add "@method";req, "@target-uri";req and the request's signature
    /// ("signature";req;key="LABEL", RFC 9421 §2.4), binding the response to it.
    #[arg(long, value_name = "REQ.json")]
    request: Option<String>,
    /// The request's signature to bind to (default: its only one).
    #[arg(long, value_name = "LABEL")]
    request_label: Option<String>,
}

#[derive(Args)]
pub struct VerifyArgs {
    /// Public key file (SPKI/PKCS#8 PEM, JWK); with --alg also a bare hex/base64 public
    /// key, or (hmac-sha256, with --allow-symmetric) a base64 secret.
    #[arg(long)]
    key: String,
    /// The key's algorithm: needed to read a bare hex or base64 key (never guessed).
    #[arg(long)]
    alg: Option<String>,
    /// Accept a symmetric (HMAC) key: anyone who holds it can sign, so it cannot prove
    /// another party signed. Refused unless asked for.
    #[arg(long)]
    allow_symmetric: bool,
    /// The signature label (default: the only one, or the one with the key's id).
    #[arg(long)]
    label: Option<String>,
    /// Components the signature must cover, separated by spaces or commas,
    /// e.g. '"@method" "@target-uri"'.
    #[arg(long, value_name = "COMPONENTS")]
    require: Option<String>,
    /// Maximum signature age in seconds (default 300).
    #[arg(long, value_name = "S")]
    max_age: Option<u64>,
    /// The time to verify at (Unix seconds; default now).
    #[arg(long, value_name = "UNIX")]
    now: Option<i64>,
    /// Accept a body the signature does not cover through content-digest.
    #[arg(long)]
    allow_uncovered_body: bool,
    /// The signed request (JSON) the response answers: ;req components are
    /// read from it, and the signature must cover the request's signature
    /// ("signature";req;key="LABEL") unless --allow-unbound.
    #[arg(long, value_name = "REQ.json")]
    request: Option<String>,
    /// The request's signature the response must be bound to (default: its only one).
    #[arg(long, value_name = "LABEL")]
    request_label: Option<String>,
    /// With --request: do not require the binding to the request's signature.
    #[arg(long)]
    allow_unbound: bool,
    #[arg(long)]
    json: bool,
}

pub fn run_key(cmd: KeyCommand) -> CmdResult {
    match cmd {
        KeyCommand::Generate { alg, out } => generate(&alg, &out),
    }
}

pub fn run_http(cmd: HttpCommand) -> CmdResult {
    match cmd {
        HttpCommand::Sign(a) => sign(a),
        HttpCommand::Verify(a) => verify(a),
    }
}

fn with_suffix(prefix: &Path, suffix: &str) -> PathBuf {
    let mut s = prefix.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Creates a new file (never overwrites) with `mode`, removing it on a failed write.
fn write_new(path: &Path, bytes: &[u8], mode: u32) -> Result<(), CliError> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(mode);
    }
    #[cfg(not(unix))]
    let _ = mode;
    let shown = path.display().to_string();
    let mut f = opts.open(path).map_err(|e| CliError::io(&shown, &e))?;
    let written = f.write_all(bytes).and_then(|()| f.sync_all());
    if let Err(e) = written {
        drop(f);
        let _ = fs::remove_file(path);
        return Err(CliError::io(&shown, &e));
    }
    Ok(())
}

fn generate(alg: &str, prefix: &Path) -> CmdResult {
    let algorithm = Algorithm::from_name(alg)?;
    let key = Key::generate(algorithm)?;
    if algorithm == Algorithm::HmacSha256 {
        // A JWK says what it is: read back as HMAC without guessing.
        let path = with_suffix(prefix, ".key.jwk");
        write_new(&path, format!("{}\n", key.to_jwk(true)?).as_bytes(), 0o600)?;
        println!("{}\nkeyid {}", path.display(), key.key_id());
    } else {
        let private = with_suffix(prefix, ".key.pem");
        let public = with_suffix(prefix, ".pub.pem");
        let pub_pem = key.to_spki_pem()?;
        write_new(&private, key.to_pkcs8_pem()?.as_bytes(), 0o600)?;
        if let Err(e) = write_new(&public, pub_pem.as_bytes(), 0o644) {
            let _ = fs::remove_file(&private);
            return Err(e);
        }
        println!("{}\n{}\nkeyid {}", private.display(), public.display(), key.key_id());
    }
    Ok(EXIT_OK)
}

/// A key file, read by core's `Key::from_text`: PEM or JWK; a bare hex or
/// base64 key only with the algorithm named (and then public, or the HMAC
/// secret asked for).
pub(crate) fn load_key(path: &str, alg: Option<Algorithm>) -> Result<Key, CliError> {
    let bytes = read_input(path)?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::Usage(format!("{path}: a key file is PEM, JWK, hex or base64 text")))?;
    Ok(Key::from_text(&text, alg)?)
}

/// The key of **another party** whose signature is checked: a symmetric key
/// proves nothing about who signed (whoever checks could have signed), so it
/// is refused unless the operator opts in.
pub(crate) fn load_peer_key(
    path: &str,
    alg: Option<Algorithm>,
    allow_symmetric: bool,
) -> Result<Key, CliError> {
    let mut key = load_key(path, alg)?;
    if key.algorithm() == Algorithm::HmacSha256 {
        if !allow_symmetric {
            return Err(CliError::Usage(format!(
                "{path}: a symmetric (HMAC) key cannot prove another party signed; pass --allow-symmetric to accept it"
            )));
        }
        key.trust_symmetric();
    }
    Ok(key)
}

fn read_message() -> Result<HttpMessage, CliError> {
    let bytes = read_input("-")?;
    let text = String::from_utf8(bytes).map_err(|_| CliError::Usage("stdin is not UTF-8 JSON".to_owned()))?;
    Ok(HttpMessage::from_json(&text)?)
}

/// The request a response answers (`--request FILE`), as JSON.
fn read_request(path: &Option<String>) -> Result<Option<HttpMessage>, CliError> {
    let Some(path) = path else { return Ok(None) };
    let bytes = read_input(path)?;
    let text =
        String::from_utf8(bytes).map_err(|_| CliError::Usage("--request is not UTF-8 JSON".to_owned()))?;
    Ok(Some(HttpMessage::from_json(&text)?))
}

fn sign(a: SignArgs) -> CmdResult {
    let alg = a.alg.as_deref().map(Algorithm::from_name).transpose()?;
    let key = load_key(&a.key, alg)?;
    let message = read_message()?;
    let digest = DigestAlgorithm::parse(&a.digest)
        .map_err(|_| CliError::Usage(format!("--digest {:?}: use sha-256, sha-512 or sm3", a.digest)))?;
    let request = read_request(&a.request)?;
    if request.is_some() && !matches!(message.start, StartLine::Response { .. }) {
        return Err(CliError::Usage("--request is for signing a response (the message on stdin)".to_owned()));
    }
    let components = match &a.components {
        Some(list) => parse_component_list(list)?,
        None => {
            let mut c = default_components(&message, request.as_ref(), !a.no_content_digest);
            if let Some(req) = &request {
                c.push(request_binding_component(req, a.request_label.as_deref())?);
            }
            c
        }
    };
    let params = SignatureParams {
        label: a.label,
        components,
        created: Some(match a.created {
            Some(t) => t,
            None => crate::send::now_seconds(None)?,
        }),
        expires: a.expires,
        nonce: a.nonce,
        keyid: Some(a.keyid),
        alg: Some(alg.unwrap_or(key.algorithm())),
        tag: a.tag,
        content_digest: (!a.no_content_digest).then_some(digest),
    };
    let signed = sign_message(&message, &key, &params, request.as_ref())?;
    println!("{}", signed.message.to_json());
    Ok(EXIT_OK)
}

fn info_json(info: &SignatureInfo) -> serde_json::Value {
    serde_json::json!({
        "label": info.label, "keyid": info.keyid, "alg": info.alg,
        "covered": info.components, "created": info.created,
    })
}

fn verify(a: VerifyArgs) -> CmdResult {
    let alg = a.alg.as_deref().map(Algorithm::from_name).transpose()?;
    let key = load_peer_key(&a.key, alg, a.allow_symmetric)?;
    let message = read_message()?;
    let request = read_request(&a.request)?;
    // Checked before anything is verified: a bad list is the operator's error (exit 2).
    let mut required = a.require.as_deref().map(parse_component_list).transpose()?.unwrap_or_default();
    if let (Some(req), false) = (&request, a.allow_unbound) {
        required.push(request_binding_component(req, a.request_label.as_deref())?);
    }
    let policy = VerificationPolicy {
        label: a.label.clone(),
        required_components: required,
        max_age_seconds: a.max_age.or(VerificationPolicy::default().max_age_seconds),
        allow_uncovered_body: a.allow_uncovered_body,
        ..VerificationPolicy::default()
    };
    let now = match a.now {
        Some(t) => t,
        None => crate::send::now_seconds(None)?,
    };
    match verify_message(&message, &key, &policy, now, None, request.as_ref()) {
        Ok(v) => {
            if a.json {
                let mut j = info_json(&v.info);
                j["valid"] = true.into();
                j["content_digest_checked"] = v.content_digest_checked.into();
                println!("{j}");
            } else {
                println!(
                    "valid: {} keyid={} alg={} covers {}",
                    v.info.label,
                    v.info.keyid.as_deref().unwrap_or("-"),
                    v.info.alg.as_deref().unwrap_or("-"),
                    v.info.components.join(" ")
                );
            }
            Ok(EXIT_OK)
        }
        // Core tells a message that does not verify (exit 1) from a fault of
        // the verifier's own inputs (exit 2).
        Err(e) if !is_verification_failure(&e) => Err(e.into()),
        Err(e) => {
            if a.json {
                // Describe the signature that was checked, when it is identifiable.
                let infos = list_signatures(&message).unwrap_or_default();
                let chosen = match &a.label {
                    Some(l) => infos.iter().find(|i| &i.label == l),
                    None if infos.len() == 1 => infos.first(),
                    None => None,
                };
                let mut j = chosen.map(info_json).unwrap_or_else(|| serde_json::json!({}));
                j["valid"] = false.into();
                j["code"] = e.code().into();
                j["message"] = e.to_string().into();
                println!("{j}");
            } else {
                println!("invalid [{}]: {}", e.code(), e);
            }
            Ok(EXIT_FINDINGS)
        }
    }
}
