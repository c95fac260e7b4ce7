//! `govshare crypto sm4 encrypt|decrypt|iv` and `govshare crypto sm2
//! encrypt|decrypt`: arguments and output only; SM4 and its modes, SM2 and
//! its ciphertext forms, the key-file formats and every refusal are core's
//! (`govshare_core::crypto`; SM2 keys are read by the same loader as
//! `govshare sign`).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use govshare_core::crypto::{
    sm2_decrypt, sm2_encrypt, sm4_decrypt, sm4_encrypt, sm4_random_iv, Sm2CiphertextFormat, Sm4Key, Sm4Mode,
};
use govshare_core::encoding::{hex, hex_decode};
use govshare_core::sign::Algorithm;
use govshare_core::{Error, ErrorKind};

use crate::fail::{CliError, EXIT_FINDINGS, EXIT_OK};
use crate::io::{read_input, write_output};
use crate::CmdResult;

#[derive(Subcommand)]
pub enum CryptoCommand {
    /// SM4 (GB/T 32907-2016): encrypt or decrypt stdin to stdout (docs/crypto.md).
    #[command(subcommand)]
    Sm4(Sm4Command),
    /// SM2 public-key encryption (GB/T 32918.4-2016): encrypt to a public
    /// key or decrypt with a private key, stdin to stdout (docs/crypto.md).
    #[command(subcommand)]
    Sm2(Sm2Command),
}

#[derive(Subcommand)]
pub enum Sm2Command {
    /// Encrypt stdin to the key's public key; write the ciphertext in --format.
    /// Randomized: every run gives another ciphertext.
    Encrypt(Sm2Args),
    /// Decrypt stdin with the private key; write the plaintext only once C3
    /// has verified. Exit 1 when it does not (decryption_failed: wrong key,
    /// the other order, or altered bytes), with nothing written; exit 2 for
    /// a truncated or malformed ciphertext or C1 not on the curve.
    Decrypt(Sm2Args),
}

#[derive(Args)]
pub struct Sm2Args {
    /// An SM2 key file, read as `govshare sign` reads keys: PEM (PKCS#8,
    /// SEC1, SPKI) or JWK, or a bare hex/base64 public point. encrypt takes
    /// a public (or private) key, decrypt a private one. Never on the command line.
    #[arg(long, value_name = "FILE")]
    key: PathBuf,
    /// The ciphertext layout, always explicit: c1c3c2 (GB/T 32918.4-2016),
    /// c1c2c3 (the 2010 draft, older libraries) or asn1 (DER SEQUENCE {x, y,
    /// C3, C2}, GM/T 0009).
    #[arg(long, value_name = "ORDER")]
    format: String,
    /// C1 is x ‖ y without the leading 04 (sm-crypto's and gmssl's form);
    /// c1c3c2 and c1c2c3 only (asn1 has no prefix).
    #[arg(long)]
    no_prefix: bool,
    /// Read the input as hex text and write the output as hex (with a line end).
    #[arg(long)]
    hex: bool,
    /// Write here (atomically: nothing is left on failure) instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Subcommand)]
pub enum Sm4Command {
    /// Encrypt stdin; write the bare ciphertext (GCM: with its 16-byte tag appended).
    Encrypt(Sm4Args),
    /// Decrypt stdin; write the plaintext only once the padding or tag has
    /// verified. Exit 1 when it does not (bad_padding, tag_mismatch), with
    /// nothing written.
    Decrypt(Sm4Args),
    /// Print a fresh random IV/nonce for the mode, as hex (16 bytes for
    /// cbc/ctr, 12 for gcm), from the RNG key generation uses.
    Iv(IvArgs),
}

#[derive(Args)]
pub struct Sm4Args {
    /// ecb (legacy interop only: equal blocks stay equal), cbc or ctr (PKCS#7
    /// for ecb/cbc, ctr unpadded), or gcm (authenticated, with --aad-hex).
    #[arg(long, value_name = "MODE")]
    mode: String,
    /// File holding the key: 16 raw bytes, or 32 hex digits (and at most one
    /// line end). Keys never go on the command line.
    #[arg(long, value_name = "FILE")]
    key_file: PathBuf,
    /// The IV (cbc: 16 bytes, ctr: 16 bytes, the initial big-endian counter)
    /// or nonce (gcm: 12 bytes), as hex; ecb takes none. The caller supplies
    /// it, as gmssl and sm-crypto expect; `govshare crypto sm4 iv` draws one.
    #[arg(long, value_name = "HEX")]
    iv_hex: Option<String>,
    /// gcm only: associated data, authenticated but not encrypted, as hex.
    #[arg(long, value_name = "HEX")]
    aad_hex: Option<String>,
    /// Read the input as hex text and write the output as hex (with a line end).
    #[arg(long)]
    hex: bool,
    /// Write here (atomically: nothing is left on failure) instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Args)]
pub struct IvArgs {
    /// cbc, ctr or gcm.
    #[arg(long, value_name = "MODE")]
    mode: String,
}

fn hex_arg(name: &str, value: Option<&str>) -> Result<Vec<u8>, CliError> {
    let Some(text) = value else { return Ok(Vec::new()) };
    hex_decode(text).ok_or_else(|| {
        CliError::Core(Error::InvalidArgument {
            name: name.into(),
            detail: "expected hex digits, an even number".into(),
        })
    })
}

pub fn run(cmd: CryptoCommand) -> CmdResult {
    let cmd = match cmd {
        CryptoCommand::Sm4(cmd) => cmd,
        CryptoCommand::Sm2(Sm2Command::Encrypt(a)) => return sm2(&a, true),
        CryptoCommand::Sm2(Sm2Command::Decrypt(a)) => return sm2(&a, false),
    };
    match cmd {
        Sm4Command::Encrypt(a) => sm4(&a, true),
        Sm4Command::Decrypt(a) => sm4(&a, false),
        Sm4Command::Iv(a) => {
            let iv = sm4_random_iv(a.mode.parse::<Sm4Mode>()?)?;
            outln!("{}", hex(&iv));
            Ok(EXIT_OK)
        }
    }
}

fn read_data(hex_input: bool) -> Result<Vec<u8>, CliError> {
    let input = read_input("-")?;
    if hex_input {
        let text = std::str::from_utf8(&input).map(str::trim_ascii).unwrap_or("\u{0}");
        hex_arg("input", Some(text))
    } else {
        Ok(input)
    }
}

/// Writes the output (hex with a line end under `--hex`), or for a failed
/// verdict reports it and writes nothing (exit 1).
fn finish(result: Result<Vec<u8>, Error>, hex_output: bool, out: Option<&std::path::Path>) -> CmdResult {
    let output = match result {
        Ok(out) => zeroize::Zeroizing::new(out),
        // A padding, tag or C3 that does not verify is a failed decryption
        // (exit 1), and nothing is written.
        Err(e) if e.kind() == ErrorKind::Verdict => {
            CliError::Core(e).report(false);
            return Ok(EXIT_FINDINGS);
        }
        Err(e) => return Err(e.into()),
    };
    if hex_output {
        write_output(out, format!("{}\n", hex(&output)).as_bytes())?;
    } else {
        write_output(out, &output)?;
    }
    Ok(EXIT_OK)
}

fn sm2(a: &Sm2Args, encrypt: bool) -> CmdResult {
    let format = Sm2CiphertextFormat::new(a.format.parse()?, !a.no_prefix);
    let key_path = a.key.to_string_lossy();
    if key_path == "-" {
        return Err(CliError::Usage("--key must name a file: stdin carries the data".into()));
    }
    let key = crate::sign::load_key(&key_path, Some(Algorithm::Sm2Sm3))?;
    let input = zeroize::Zeroizing::new(read_data(a.hex)?);
    let result = if encrypt { sm2_encrypt(&key, &input, format) } else { sm2_decrypt(&key, &input, format) };
    finish(result, a.hex, a.out.as_deref())
}

fn sm4(a: &Sm4Args, encrypt: bool) -> CmdResult {
    let mode: Sm4Mode = a.mode.parse()?;
    let key_path = a.key_file.to_string_lossy();
    if key_path == "-" {
        return Err(CliError::Usage("--key-file must name a file: stdin carries the data".into()));
    }
    let key = Sm4Key::from_file_bytes(&zeroize::Zeroizing::new(read_input(&key_path)?))?;
    let iv = hex_arg("--iv-hex", a.iv_hex.as_deref())?;
    let aad = hex_arg("--aad-hex", a.aad_hex.as_deref())?;
    let input = zeroize::Zeroizing::new(read_data(a.hex)?);
    let result = if encrypt {
        sm4_encrypt(mode, key.as_bytes(), &iv, &input, &aad)
    } else {
        sm4_decrypt(mode, key.as_bytes(), &iv, &input, &aad)
    };
    finish(result, a.hex, a.out.as_deref())
}
