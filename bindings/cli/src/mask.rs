//! `govshare mask …`: streams stdin or a file through core's `Masker`,
//! `MaskVerifier` and `Scanner` in 1 MiB chunks (bounded memory), and prints
//! the report. Reports never contain raw values; hash keys are never echoed.

use std::io::{Read, Write};
use std::path::PathBuf;

use clap::{Args, Subcommand};
use govshare_core::mask::{
    CountByName, DataFormat, DeidChecker, DeidOptions, DeidReport, FieldStats, MaskManifest, MaskPolicy,
    MaskVerifier, Masker, ReportWarning, Scanner, StreamOptions, Violation,
};

use crate::fail::{CliError, EXIT_FINDINGS, EXIT_OK};
use crate::io::{open_input, read_input, read_up_to, write_output, Output};
use crate::progress::Progress;
use crate::CmdResult;

const CHUNK: usize = 1 << 20;
/// How many violations / findings the human output lists.
const SHOWN: usize = 20;

#[derive(Subcommand)]
pub enum MaskCommand {
    /// Mask records with a policy; masked data to stdout or --out, a summary on stderr.
    /// Exit 1 when some values could not be masked as required (listed in the summary).
    Apply(ApplyArgs),
    /// Check received data against a policy (and the provider's manifest).
    /// Exit 0 clean, 1 violations (e.g. identifier_leak) or no record read, 2 usage or input error.
    Verify(VerifyArgs),
    /// Find identifiers (ID numbers, phones, bank cards, USCC…) in records. Exit 1 when any.
    Scan(ScanArgs),
    /// Check received data for de-identification: direct identifiers masked
    /// (GB/T 37964-2019), k-anonymity over the quasi-identifiers (GB/T
    /// 42460-2023) and ℓ-diversity of sensitive attributes. Exit 0 when every
    /// property holds, 1 when one fails, 2 usage or input error.
    Deid(DeidArgs),
}

#[derive(Args)]
pub struct InputArgs {
    /// Data file; `-` (default) reads stdin.
    #[arg(default_value = "-")]
    file: String,
    /// json (one array of records), ndjson, csv, or a workbook: xlsx, xls,
    /// ods (one sheet read whole, at most 64 MiB; written out by `apply` as
    /// CSV); default from the file extension and the content (a workbook's
    /// signature, else the first byte: `[` json, `{` ndjson, else csv); when
    /// the two disagree, or stdin is empty, name it.
    #[arg(long)]
    format: Option<String>,
    /// The sheet of a workbook to read (default: the first).
    #[arg(long)]
    sheet: Option<String>,
}

#[derive(Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The masking policy (JSON, see docs/masking.md).
    #[arg(long)]
    policy: String,
    /// HMAC key for `hash` rules: the file's bytes, used as they are.
    #[arg(long)]
    hash_key_file: Option<PathBuf>,
    /// Write the manifest (the rules applied, canonical JSON) here.
    #[arg(long)]
    manifest_out: Option<PathBuf>,
    /// Write the masked data here (atomically) instead of stdout.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print the report as JSON on stderr instead of the summary.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The masking policy the data must conform to.
    #[arg(long)]
    policy: String,
    /// The provider's manifest (the rules it declares it applied).
    #[arg(long)]
    manifest: Option<String>,
    /// Write every violation here as NDJSON (atomically); the report lists at most 1,000.
    #[arg(long)]
    findings_out: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ScanArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Write every finding and violation here as NDJSON (atomically); the report lists
    /// at most 1,000 of each.
    #[arg(long)]
    findings_out: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct DeidArgs {
    #[command(flatten)]
    input: InputArgs,
    /// A masking policy (JSON, e.g. from `mask policy derive`): its fields'
    /// `identifier_class` give the quasi-identifiers, sensitive attributes
    /// and direct identifiers; `--quasi`, `--sensitive`, `--direct` replace
    /// the policy's list of the same class.
    #[arg(long)]
    policy: Option<String>,
    /// Quasi-identifier columns (comma-separated): equal values of all of
    /// them make an equivalence class. Required without `--policy`.
    #[arg(long, value_delimiter = ',', required_unless_present = "policy")]
    quasi: Option<Vec<String>>,
    /// Sensitive attribute columns whose ℓ-diversity is checked.
    #[arg(long, value_delimiter = ',')]
    sensitive: Option<Vec<String>>,
    /// Direct identifier columns, which must show no unmasked identifier.
    #[arg(long, value_delimiter = ',')]
    direct: Option<Vec<String>>,
    /// Smallest equivalence class required (the standards leave k to the assessor).
    #[arg(long, default_value_t = 5)]
    k: u64,
    /// Fewest distinct sensitive values required in every class.
    #[arg(long, default_value_t = 2)]
    l: u64,
    /// Print the report as JSON (with `verdict`: `pass` or `fail`).
    #[arg(long)]
    json: bool,
}

/// Every item as one JSON line (`--findings-out`), written as they come.
fn write_ndjson<T: serde::Serialize>(out: &mut Option<Output>, items: Vec<T>) -> Result<(), CliError> {
    let Some(out) = out else { return Ok(()) };
    for item in items {
        let mut line =
            serde_json::to_vec(&item).map_err(|e| CliError::Core(govshare_core::error::json_error(&e)))?;
        line.push(b'\n');
        out.write_all(&line).map_err(|e| CliError::io("--findings-out", &e))?;
    }
    Ok(())
}

fn options_for(findings_out: &Option<PathBuf>, input: &InputArgs) -> StreamOptions {
    StreamOptions {
        stream_all: findings_out.is_some(),
        sheet: input.sheet.clone(),
        ..StreamOptions::default()
    }
}

impl MaskCommand {
    pub fn json(&self) -> bool {
        match self {
            MaskCommand::Apply(a) => a.json,
            MaskCommand::Verify(a) => a.json,
            MaskCommand::Scan(a) => a.json,
            MaskCommand::Deid(a) => a.json,
        }
    }
}

pub fn run(cmd: MaskCommand) -> CmdResult {
    match cmd {
        MaskCommand::Apply(a) => apply(a),
        MaskCommand::Verify(a) => verify(a),
        MaskCommand::Scan(a) => scan(a),
        MaskCommand::Deid(a) => deid(a),
    }
}

fn read_text(path: &str, what: &str) -> Result<String, CliError> {
    String::from_utf8(read_input(path)?).map_err(|_| CliError::Usage(format!("{what} {path} is not UTF-8")))
}

fn load_policy(path: &str) -> Result<MaskPolicy, CliError> {
    Ok(MaskPolicy::from_json(&read_text(path, "policy")?)?)
}

/// An input opened for streaming, with its format settled.
struct Input {
    reader: Box<dyn Read>,
    total: Option<u64>,
    format: DataFormat,
    /// Bytes already read to sniff the format, fed first.
    first: Vec<u8>,
    label: String,
}

fn open(args: &InputArgs) -> Result<Input, CliError> {
    let (mut reader, total) = open_input(&args.file)?;
    let mut first = vec![0u8; CHUNK];
    let n = read_full(&mut reader, &mut first, &args.file)?;
    first.truncate(n);
    let format = match &args.format {
        Some(f) => DataFormat::parse(f)?,
        None => DataFormat::detect((args.file != "-").then_some(args.file.as_str()), &first)?,
    };
    let label = if args.file == "-" { "stdin".to_owned() } else { args.file.clone() };
    Ok(Input { reader, total, format, first, label })
}

/// Reads until `buf` is full or the input ends.
fn read_full(r: &mut dyn Read, buf: &mut [u8], what: &str) -> Result<usize, CliError> {
    read_up_to(r, buf).map_err(|e| CliError::io(what, &e))
}

/// Feeds the whole input to `feed`, chunk by chunk, with progress on a terminal.
fn stream(
    input: &mut Input,
    verb: &str,
    mut feed: impl FnMut(&[u8]) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let mut progress = Progress::new(&format!("{verb} {}", input.label), input.total);
    let mut done = input.first.len() as u64;
    feed(&input.first)?;
    input.first = Vec::new();
    let mut buf = vec![0u8; CHUNK];
    loop {
        progress.update(done, &format!("{} MiB", done >> 20));
        let n = read_full(&mut input.reader, &mut buf, &input.label)?;
        if n == 0 {
            break;
        }
        feed(&buf[..n])?;
        done += n as u64;
    }
    progress.finish();
    Ok(())
}

fn apply(a: ApplyArgs) -> CmdResult {
    let policy = load_policy(&a.policy)?;
    let key = match &a.hash_key_file {
        Some(p) => Some(std::fs::read(p).map_err(|e| CliError::io(&p.display().to_string(), &e))?),
        None => None,
    };
    let mut input = open(&a.input)?;
    let mut masker = Masker::new(&policy, input.format, key.as_deref(), &options_for(&None, &a.input))?;
    let manifest = masker.manifest();
    let mut out = Output::new(a.out.as_deref())?;
    stream(&mut input, "masking", |chunk| {
        masker.feed_into(chunk, &mut out)?;
        Ok(())
    })?;
    let report = masker.finish_into(&mut out)?;
    out.commit()?;
    if let Some(m) = &a.manifest_out {
        write_output(Some(m), &manifest.to_canonical_json())?;
    }
    let mut err = std::io::stderr().lock();
    if a.json {
        let _ = writeln!(err, "{}", to_json(&report));
    } else {
        let _ = writeln!(
            err,
            "masked {} records ({} → {} bytes); {} values could not be masked as required",
            report.records, report.bytes_in, report.bytes_out, report.issue_count
        );
        let _ = write!(err, "{}", field_table(&report.fields));
        if !report.leaks_masked.is_empty() {
            let _ = writeln!(err, "identifiers masked in other fields: {}", counts(&report.leaks_masked));
        }
        let _ = write!(err, "{}", violation_lines(&report.issues, report.issue_count));
        let _ = write!(err, "{}", warning_lines(&report.warnings));
    }
    Ok(if report.issue_count > 0 { EXIT_FINDINGS } else { EXIT_OK })
}

fn verify(a: VerifyArgs) -> CmdResult {
    let policy = load_policy(&a.policy)?;
    let manifest = match &a.manifest {
        Some(p) => Some(MaskManifest::from_json(&read_text(p, "manifest")?)?),
        None => None,
    };
    let mut input = open(&a.input)?;
    let mut verifier =
        MaskVerifier::new(&policy, manifest.as_ref(), input.format, &options_for(&a.findings_out, &a.input))?;
    let mut all = a.findings_out.as_deref().map(|p| Output::new(Some(p))).transpose()?;
    stream(&mut input, "verifying", |chunk| {
        verifier.feed(chunk)?;
        write_ndjson(&mut all, verifier.drain_violations())
    })?;
    verifier.end_input()?;
    write_ndjson(&mut all, verifier.drain_violations())?;
    let report = verifier.finish()?;
    if let Some(out) = all {
        out.commit()?;
    }
    let mut text = String::new();
    if a.json {
        text = to_json(&report) + "\n";
    } else {
        text += &format!(
            "{}: {} records, {} bytes, {} violations\n",
            if report.passed { "PASSED" } else { "FAILED" },
            report.records,
            report.bytes,
            report.violation_count
        );
        text += &field_table(&report.fields);
        if !report.reasons.is_empty() {
            text += &format!("reasons: {}\n", counts(&report.reasons));
        }
        text += &violation_lines(&report.violations, report.violation_count);
        text += &warning_lines(&report.warnings);
    }
    write_output(None, text.as_bytes())?;
    Ok(if report.passed { EXIT_OK } else { EXIT_FINDINGS })
}

fn scan(a: ScanArgs) -> CmdResult {
    let mut input = open(&a.input)?;
    let mut scanner = Scanner::new(input.format, &options_for(&a.findings_out, &a.input));
    let mut all = a.findings_out.as_deref().map(|p| Output::new(Some(p))).transpose()?;
    stream(&mut input, "scanning", |chunk| {
        scanner.feed(chunk)?;
        write_ndjson(&mut all, scanner.drain_findings())?;
        write_ndjson(&mut all, scanner.drain_violations())
    })?;
    scanner.end_input()?;
    write_ndjson(&mut all, scanner.drain_findings())?;
    write_ndjson(&mut all, scanner.drain_violations())?;
    let report = scanner.finish()?;
    if let Some(out) = all {
        out.commit()?;
    }
    let mut text = String::new();
    if a.json {
        text = to_json(&report) + "\n";
    } else {
        text += &format!(
            "{} records, {} bytes, {} identifiers found\n",
            report.records, report.bytes, report.finding_count
        );
        if !report.kinds.is_empty() {
            text += &format!("kinds: {}\n", counts(&report.kinds));
        }
        for f in report.findings.iter().take(SHOWN) {
            let place = if f.in_name { "field name" } else { "field" };
            text += &format!(
                "  record {} {place} {}: {} ({}) {}\n",
                f.record, f.field, f.kind, f.reason, f.excerpt
            );
        }
        if report.finding_count > SHOWN.min(report.findings.len()) as u64 {
            text += &format!(
                "  … {} more (--json lists 1,000; scan and verify write every one with --findings-out FILE)\n",
                report.finding_count - SHOWN.min(report.findings.len()) as u64
            );
        }
        text += &violation_lines(&report.violations, report.violation_count);
    }
    write_output(None, text.as_bytes())?;
    Ok(if report.finding_count > 0 || report.violation_count > 0 { EXIT_FINDINGS } else { EXIT_OK })
}

fn deid(a: DeidArgs) -> CmdResult {
    let base = match &a.policy {
        Some(path) => load_policy(path)?.deid_options()?,
        None => DeidOptions::default(),
    };
    let options = DeidOptions {
        quasi: a.quasi.unwrap_or(base.quasi),
        sensitive: a.sensitive.unwrap_or(base.sensitive),
        direct: a.direct.unwrap_or(base.direct),
        k: a.k,
        l: a.l,
        sheet: a.input.sheet.clone(),
    };
    let mut input = open(&a.input)?;
    let mut checker = DeidChecker::new(input.format, &options)?;
    stream(&mut input, "checking", |chunk| Ok(checker.push(chunk)?))?;
    let report = checker.finish()?;
    let text = if a.json {
        let mut v = serde_json::to_value(&report)
            .map_err(|e| CliError::Core(govshare_core::error::json_error(&e)))?;
        if let Some(obj) = v.as_object_mut() {
            let verdict = if report.passed { "pass" } else { "fail" };
            obj.insert("verdict".to_owned(), verdict.into());
        }
        serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
    } else {
        deid_text(&report, &options)
    };
    write_output(None, text.as_bytes())?;
    Ok(if report.passed { EXIT_OK } else { EXIT_FINDINGS })
}

/// The human verdict: which property holds, by its standard; column names
/// and counts only.
fn deid_text(r: &DeidReport, o: &DeidOptions) -> String {
    let yes = |b: bool| if b { "holds" } else { "DOES NOT HOLD" };
    let mut s = format!(
        "{}: {} records, {} equivalence classes over {}\n",
        if r.passed { "PASSED" } else { "FAILED" },
        r.records,
        r.classes,
        o.quasi.join(", ")
    );
    if o.direct.is_empty() {
        s += "  direct identifiers masked (GB/T 37964-2019): holds (no direct identifier declared)\n";
    } else {
        s += &format!("  direct identifiers masked (GB/T 37964-2019): {}\n", yes(r.deidentified));
        for c in &o.direct {
            let n = r.direct_unmasked.get(c).copied().unwrap_or(0);
            s += &format!("    {c}: {n} values with an unmasked identifier\n");
        }
    }
    s += &format!(
        "  k-anonymity (GB/T 42460-2023), k = {}: {} (smallest class {}; {} records in {} classes below k)\n",
        r.k_required,
        yes(r.k_anonymous),
        r.k_achieved,
        r.records_below_k,
        r.classes_below_k
    );
    if o.sensitive.is_empty() {
        s += "  l-diversity: holds (no sensitive attribute declared)\n";
    } else {
        s += &format!("  distinct l-diversity, l = {}: {}\n", r.l_required, yes(r.l_diverse));
        for c in &o.sensitive {
            let l = r.l_achieved.get(c).copied().unwrap_or(0);
            let e = r.l_entropy.get(c).copied().unwrap_or(0.0);
            s += &format!("    {c}: distinct l {l}, entropy l {e:.3}\n");
        }
    }
    if !r.risky_combinations.is_empty() {
        s += "  quasi-identifier combinations that alone make classes below k (minimal):\n";
        for c in &r.risky_combinations {
            s += &format!(
                "    {}: {} records in {} classes below k\n",
                c.columns.join(" + "),
                c.records_below_k,
                c.classes_below_k
            );
        }
    }
    if !r.combinations_complete {
        s += "    (more than 12 quasi-identifiers: only combinations of up to 3 were searched; a larger one may be missing)\n";
    }
    if let Some(q) = &r.suggestion {
        s += &format!(
            "  suggestion: generalize {q} further (removing it raises the smallest class the most)\n"
        );
    }
    if let Some(g) = &r.generalization {
        let level = match g.width {
            Some(w) => format!("{} (width {w})", g.to.as_str()),
            None => g.to.as_str().to_owned(),
        };
        s += &format!(
            "  generalization: {} to {level} (the masking rule `generalize`) gives k = {}{}\n",
            g.column,
            g.k_after,
            if g.reaches_k { ", which reaches k" } else { "; no single column's level reaches k" }
        );
    }
    s += "De-identified data is still personal information (PIPL Art. 73).\n";
    s
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

fn counts(c: &[CountByName]) -> String {
    c.iter().map(|c| format!("{} {}", c.name, c.count)).collect::<Vec<_>>().join(", ")
}

fn field_table(fields: &[FieldStats]) -> String {
    if fields.is_empty() {
        return String::new();
    }
    let w = fields.iter().map(|f| f.field.chars().count()).max().unwrap_or(5).max(5);
    let mut s = format!("  {:<w$}  {:<10}  {:>10}  {:>10}\n", "field", "rule", "values", "violations");
    for f in fields {
        s += &format!("  {:<w$}  {:<10}  {:>10}  {:>10}\n", f.field, f.rule, f.values, f.violations);
    }
    s
}

fn violation_lines(list: &[Violation], total: u64) -> String {
    let mut s = String::new();
    for v in list.iter().take(SHOWN) {
        let at = match (v.record, v.line) {
            (Some(r), Some(l)) => format!("record {r} (line {l})"),
            (Some(r), None) => format!("record {r}"),
            _ => "manifest".to_owned(),
        };
        let kind = v.kind.as_deref().map(|k| format!(" [{k}]")).unwrap_or_default();
        s += &format!("  {at} field {} rule {}: {}{kind} {}\n", v.field, v.rule, v.reason, v.excerpt);
    }
    let shown = SHOWN.min(list.len()) as u64;
    if total > shown {
        s += &format!(
            "  … {} more (--json lists 1,000; scan and verify write every one with --findings-out FILE)\n",
            total - shown
        );
    }
    s
}

fn warning_lines(w: &[ReportWarning]) -> String {
    w.iter()
        .map(|w| match w.field.as_str() {
            "" => format!("warning: {}\n", w.code),
            field => format!("warning: {} ({field})\n", w.code),
        })
        .collect()
}
