//! `govshare crypto sm4 encrypt|decrypt|iv`: arguments and output only;
//! SM4, its modes, the key-file format and every refusal are core's
//! (`govshare_core::crypto`).

use std::path::PathBuf;

use clap::{Args, Subcommand};
use govshare_core::crypto::{sm4_decrypt, sm4_encrypt, sm4_random_iv, Sm4Key, Sm4Mode};
use govshare_core::encoding::{hex, hex_decode};
use govshare_core::{Error, ErrorKind};

use crate::fail::{CliError, EXIT_FINDINGS, EXIT_OK};
use crate::io::{read_input, write_output};
use crate::CmdResult;

#[derive(Subcommand)]
pub enum CryptoCommand {
    /// SM4 (GB/T 32907-2016): encrypt or decrypt stdin to stdout (docs/crypto.md).
    #[command(subcommand)]
    Sm4(Sm4Command),
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
    let CryptoCommand::Sm4(cmd) = cmd;
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

fn sm4(a: &Sm4Args, encrypt: bool) -> CmdResult {
    let mode: Sm4Mode = a.mode.parse()?;
    let key_path = a.key_file.to_string_lossy();
    if key_path == "-" {
        return Err(CliError::Usage("--key-file must name a file: stdin carries the data".into()));
    }
    let key = Sm4Key::from_file_bytes(&zeroize::Zeroizing::new(read_input(&key_path)?))?;
    let iv = hex_arg("--iv-hex", a.iv_hex.as_deref())?;
    let aad = hex_arg("--aad-hex", a.aad_hex.as_deref())?;
    let input = read_input("-")?;
    let input = if a.hex {
        let text = std::str::from_utf8(&input).map(str::trim_ascii).unwrap_or("\u{0}");
        hex_arg("input", Some(text))?
    } else {
        input
    };
    let result = if encrypt {
        sm4_encrypt(mode, key.as_bytes(), &iv, &input, &aad)
    } else {
        sm4_decrypt(mode, key.as_bytes(), &iv, &input, &aad)
    };
    let output = match result {
        Ok(out) => zeroize::Zeroizing::new(out),
        // A padding or tag that does not verify is a failed decryption
        // (exit 1), and nothing is written.
        Err(e) if e.kind() == ErrorKind::Verdict => {
            CliError::Core(e).report(false);
            return Ok(EXIT_FINDINGS);
        }
        Err(e) => return Err(e.into()),
    };
    if a.hex {
        write_output(a.out.as_deref(), format!("{}\n", hex(&output)).as_bytes())?;
    } else {
        write_output(a.out.as_deref(), &output)?;
    }
    Ok(EXIT_OK)
}
