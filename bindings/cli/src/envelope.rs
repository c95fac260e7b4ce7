//! `govshare envelope seal|open|body-seal|body-open`: arguments and output only; the format,
//! the key wrap, the binding of who/what/when and every refusal are core's
//! (`govshare_core::crypto::envelope`, docs/envelope.md).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use govshare_core::crypto::{
    open_body_envelope, open_envelope, open_envelope_with_kek, seal_body_envelope, seal_envelope,
    seal_envelope_with_kek, BodyEnvelopeProfile, EnvelopeContext, EnvelopeExpectation, Sm4Key,
};
use govshare_core::sign::Algorithm;
use govshare_core::ErrorKind;

use crate::fail::{CliError, EXIT_FINDINGS, EXIT_OK};
use crate::io::{read_input, write_output};
use crate::CmdResult;

#[derive(Subcommand)]
pub enum EnvelopeCommand {
    /// Seal stdin for one recipient: a fresh SM4-GCM data key wrapped with
    /// the recipient's SM2 key (--to) or a key-encryption key (--kek-file
    /// and --kek-id); --sender, --recipient, --about and --created are bound
    /// to the ciphertext. Writes the envelope (JSON).
    Seal(SealArgs),
    /// Open an envelope read from stdin with the SM2 private key (--key) or
    /// the KEK; write the plaintext only once the tag over data and header
    /// has verified. Exit 1 when it does not, or when the envelope is for
    /// another key or not what --expect-* says (nothing written); exit 2 for
    /// a malformed envelope.
    Open(OpenArgs),
    /// The de-facto signed-and-encrypted body (encType/signType/encData/
    /// signData/appCode/timestamp/version, docs/envelope.md): encrypt stdin
    /// with SM4 and sign it with SM2 as --profile names. Writes the body JSON.
    BodySeal(BodySealArgs),
    /// Verify a body's SM2 signature with the sender's key, then decrypt it;
    /// write the plaintext only then. Exit 1 for a signature or padding that
    /// does not verify (nothing written), 2 for a malformed body.
    BodyOpen(BodyOpenArgs),
}

#[derive(Args)]
pub struct BodyProfileArgs {
    /// The profile, JSON: {"mode": "ecb"|"cbc", "iv_hex", "signed_content":
    /// "plaintext"|"enc_data"|"fields", "signature_encoding": "raw"|"der",
    /// "uppercase_hex", "version"} — every member required, nothing guessed.
    #[arg(long, value_name = "FILE")]
    profile: PathBuf,
    /// The SM4 key file (16 raw bytes or 32 hex digits).
    #[arg(long, value_name = "FILE")]
    sm4_key_file: PathBuf,
}

#[derive(Args)]
pub struct BodySealArgs {
    #[command(flatten)]
    profile: BodyProfileArgs,
    /// The sender's SM2 private key (its user ID, default 1234567812345678).
    #[arg(long, value_name = "KEY")]
    signing_key: PathBuf,
    /// The appCode member.
    #[arg(long)]
    app_code: String,
    /// The timestamp member (as the deployment counts it, e.g. Unix ms).
    #[arg(long)]
    timestamp: i64,
    /// Write here (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct BodyOpenArgs {
    #[command(flatten)]
    profile: BodyProfileArgs,
    /// The sender's SM2 public key.
    #[arg(long, value_name = "KEY")]
    sender_key: PathBuf,
    /// Write the plaintext here (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

impl BodyProfileArgs {
    fn load(&self) -> Result<(BodyEnvelopeProfile, Sm4Key), CliError> {
        let profile: BodyEnvelopeProfile =
            serde_json::from_slice(&read_input(&key_file(&self.profile, "--profile")?)?)
                .map_err(|e| govshare_core::error::json_error(&e))?;
        let bytes = zeroize::Zeroizing::new(read_input(&key_file(&self.sm4_key_file, "--sm4-key-file")?)?);
        Ok((profile, Sm4Key::from_file_bytes(&bytes)?))
    }
}

impl EnvelopeCommand {
    pub fn json(&self) -> bool {
        match self {
            EnvelopeCommand::Seal(_) | EnvelopeCommand::BodySeal(_) | EnvelopeCommand::BodyOpen(_) => false,
            EnvelopeCommand::Open(a) => a.json,
        }
    }
}

#[derive(Args)]
pub struct KekArgs {
    /// A 16-byte SM4 key-encryption key file (16 raw bytes or 32 hex
    /// digits), instead of an SM2 key. Needs --kek-id.
    #[arg(long, value_name = "FILE", requires = "kek_id")]
    kek_file: Option<PathBuf>,
    /// The KEK's name, written into (seal) or checked against (open) the envelope.
    #[arg(long, value_name = "ID", requires = "kek_file")]
    kek_id: Option<String>,
}

#[derive(Args)]
pub struct SealArgs {
    /// The recipient's SM2 key file (public or private; PEM, JWK or a bare
    /// public point, read as `govshare sign` reads keys).
    #[arg(long, value_name = "KEY", required_unless_present = "kek_file", conflicts_with = "kek_file")]
    to: Option<PathBuf>,
    #[command(flatten)]
    kek: KekArgs,
    /// Who seals (e.g. the provider's unified social credit code).
    #[arg(long)]
    sender: String,
    /// Who it is for (the receiving department).
    #[arg(long)]
    recipient: String,
    /// What it is (a grant id and page, a resource code).
    #[arg(long)]
    about: String,
    /// When, as Unix seconds or an RFC 3339 time; default: now.
    #[arg(long, value_name = "TIME")]
    created: Option<String>,
    /// Write here (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct OpenArgs {
    /// The recipient's SM2 private key file.
    #[arg(long, value_name = "KEY", required_unless_present = "kek_file", conflicts_with = "kek_file")]
    key: Option<PathBuf>,
    #[command(flatten)]
    kek: KekArgs,
    /// Refuse (exit 1) unless the envelope's sender is this.
    #[arg(long, value_name = "ID")]
    expect_sender: Option<String>,
    /// Refuse (exit 1) unless the envelope's recipient is this.
    #[arg(long, value_name = "ID")]
    expect_recipient: Option<String>,
    /// Refuse (exit 1) unless the envelope is about this.
    #[arg(long, value_name = "TEXT")]
    expect_about: Option<String>,
    /// Write the plaintext here (atomically) instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Print what the envelope said of itself (wrap, recipient, sender,
    /// recipient party, about, created) as JSON on stdout; needs --out.
    #[arg(long, requires = "out")]
    json: bool,
}

fn key_file(path: &std::path::Path, what: &str) -> Result<String, CliError> {
    let text = path.to_string_lossy().into_owned();
    if text == "-" {
        return Err(CliError::Usage(format!("{what} must name a file: stdin carries the data")));
    }
    Ok(text)
}

fn kek(args: &KekArgs) -> Result<Option<(Sm4Key, String)>, CliError> {
    match (&args.kek_file, &args.kek_id) {
        (Some(file), Some(id)) => {
            let bytes = zeroize::Zeroizing::new(read_input(&key_file(file, "--kek-file")?)?);
            Ok(Some((Sm4Key::from_file_bytes(&bytes)?, id.clone())))
        }
        _ => Ok(None),
    }
}

fn created(text: Option<&str>) -> Result<i64, CliError> {
    match text {
        None => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(|_| CliError::Usage("the system clock is before 1970".into()))?
            .as_secs() as i64),
        Some(t) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
            t.parse().map_err(|_| CliError::Usage("--created: too large".into()))
        }
        Some(t) => Ok(govshare_core::time::parse_timestamp(t, "--created")?),
    }
}

pub fn run(cmd: EnvelopeCommand) -> CmdResult {
    match cmd {
        EnvelopeCommand::Seal(a) => seal(&a),
        EnvelopeCommand::Open(a) => open(&a),
        EnvelopeCommand::BodySeal(a) => body_seal(&a),
        EnvelopeCommand::BodyOpen(a) => body_open(&a),
    }
}

fn body_seal(a: &BodySealArgs) -> CmdResult {
    let (profile, sm4) = a.profile.load()?;
    let key = crate::sign::load_key(&key_file(&a.signing_key, "--signing-key")?, Some(Algorithm::Sm2Sm3))?;
    let plaintext = zeroize::Zeroizing::new(read_input("-")?);
    let body = seal_body_envelope(&profile, &a.app_code, a.timestamp, &plaintext, sm4.as_bytes(), &key)?;
    write_output(a.out.as_deref(), &body)?;
    Ok(EXIT_OK)
}

fn body_open(a: &BodyOpenArgs) -> CmdResult {
    let (profile, sm4) = a.profile.load()?;
    let key = crate::sign::load_key(&key_file(&a.sender_key, "--sender-key")?, Some(Algorithm::Sm2Sm3))?;
    let body = read_input("-")?;
    match open_body_envelope(&profile, &body, sm4.as_bytes(), &key) {
        Ok(opened) => {
            write_output(a.out.as_deref(), &zeroize::Zeroizing::new(opened.plaintext))?;
            Ok(EXIT_OK)
        }
        Err(e) if e.kind() == ErrorKind::Verdict => {
            CliError::Core(e).report(false);
            Ok(EXIT_FINDINGS)
        }
        Err(e) => Err(e.into()),
    }
}

fn seal(a: &SealArgs) -> CmdResult {
    let context = EnvelopeContext {
        from: a.sender.clone(),
        to: a.recipient.clone(),
        about: a.about.clone(),
        created: created(a.created.as_deref())?,
    };
    let plaintext = zeroize::Zeroizing::new(read_input("-")?);
    let envelope = match (&a.to, kek(&a.kek)?) {
        (Some(to), None) => {
            let key = crate::sign::load_key(&key_file(to, "--to")?, Some(Algorithm::Sm2Sm3))?;
            seal_envelope(&plaintext, &key, &context)?
        }
        (None, Some((kek, id))) => seal_envelope_with_kek(&plaintext, kek.as_bytes(), &id, &context)?,
        _ => return Err(CliError::Usage("give either --to KEY or --kek-file F --kek-id ID".into())),
    };
    write_output(a.out.as_deref(), &envelope)?;
    Ok(EXIT_OK)
}

fn open(a: &OpenArgs) -> CmdResult {
    let expected = EnvelopeExpectation {
        from: a.expect_sender.clone(),
        to: a.expect_recipient.clone(),
        about: a.expect_about.clone(),
    };
    let envelope = read_input("-")?;
    let result = match (&a.key, kek(&a.kek)?) {
        (Some(key), None) => {
            let key = crate::sign::load_key(&key_file(key, "--key")?, Some(Algorithm::Sm2Sm3))?;
            open_envelope(&envelope, &key, &expected)
        }
        (None, Some((kek, id))) => open_envelope_with_kek(&envelope, kek.as_bytes(), &id, &expected),
        _ => return Err(CliError::Usage("give either --key KEY or --kek-file F --kek-id ID".into())),
    };
    let opened = match result {
        Ok(opened) => opened,
        // Another recipient, an unexpected party, an altered envelope: a
        // failed verdict (exit 1), and nothing is written.
        Err(e) if e.kind() == ErrorKind::Verdict => {
            CliError::Core(e).report(a.json);
            return Ok(EXIT_FINDINGS);
        }
        Err(e) => return Err(e.into()),
    };
    let plaintext = zeroize::Zeroizing::new(opened.plaintext);
    write_output(a.out.as_deref(), &plaintext)?;
    if a.json {
        let info = serde_json::to_string(&opened.info)
            .map_err(|_| CliError::Usage("the envelope's header does not serialize".into()))?;
        outln!("{info}");
    }
    Ok(EXIT_OK)
}
