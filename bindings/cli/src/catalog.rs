//! `govshare catalog …`: argument handling and printing around core's catalog.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use govshare_core::catalog::{
    self, sample, Catalog, CatalogLoader, CatalogSet, FacetCount, LintFinding, SearchQuery, SearchResult,
    Severity, SharingType, SnapshotLoader,
};
use govshare_core::request::{catalog_update_schedule, CatalogUpdateInput};

use crate::fail::{CliError, EXIT_FINDINGS, EXIT_OK};
use crate::io::{each_chunk, open_input, read_input, read_up_to, write_output, Output};
use crate::progress::Progress;
use crate::CmdResult;

#[derive(Subcommand)]
pub enum CatalogCommand {
    /// Check a catalog for missing metadata, malformed codes, 一数一源 conflicts, duplicates…
    /// Exit 1 when there are errors or warnings.
    Lint {
        /// Catalog file (JSON or snapshot); `-` reads stdin.
        file: String,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search with filters and facets: FILE… QUERY (FILE may repeat).
    Search(SearchArgs),
    /// Which resources carry a data item, and who is its authoritative source: FILE… ITEM_NAME.
    Item {
        /// Catalog files, then the item name (信息项名称).
        #[arg(required = true, num_args = 2.., value_name = "FILE… ITEM_NAME")]
        args: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write a deterministic, realistic sample catalog.
    Sample {
        #[arg(long, default_value_t = 200)]
        resources: u64,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Inject a documented set of lint findings.
        #[arg(long)]
        with_findings: bool,
        /// Catalog id written into the document.
        #[arg(long, default_value = "national")]
        id: String,
        /// Write to this file (atomically) instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Art. 17: when a catalog must be updated after a legal or duty change (10 working days,
    /// 15 with the coordinating department's consent) and published (2 more).
    /// Exit 1 when a step is late or unknown.
    UpdateDeadline {
        /// The day the law or the department's duties changed (YYYY-MM-DD or RFC 3339).
        #[arg(long)]
        changed: String,
        /// The coordinating department consented to 5 more working days.
        #[arg(long)]
        extended: bool,
        #[arg(long)]
        updated: Option<String>,
        #[arg(long)]
        published: Option<String>,
        #[command(flatten)]
        limits: crate::request::TimeLimitArgs,
        #[arg(long)]
        json: bool,
    },
    /// Apply a delta (add / replace / withdraw) and write the new catalog.
    ApplyDelta {
        file: String,
        delta: String,
        /// Write the updated catalog here (atomically); default stdout.
        #[arg(long, conflicts_with = "in_place")]
        out: Option<PathBuf>,
        /// Replace FILE atomically.
        #[arg(long)]
        in_place: bool,
        #[arg(long)]
        json: bool,
    },
    /// Write a binary snapshot of the loaded, indexed catalog (loads much faster).
    Snapshot {
        file: String,
        out: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Publish the catalog as a signed index a portal loads and verifies (issue #14):
    /// manifest.json + manifest.sig + one .bin and .blocks file per section, written
    /// to a new directory (atomically: a temporary directory renamed into place).
    Publish {
        /// Catalog file (JSON or snapshot); `-` reads stdin.
        file: String,
        /// The platform's private key (Ed25519 or SM2; PEM or JWK).
        #[arg(long)]
        key: String,
        /// The key id the manifest names (default: the key's own, e.g. a JWK's kid).
        #[arg(long)]
        keyid: Option<String>,
        /// The directory to create.
        #[arg(long)]
        out: PathBuf,
        /// Bytes per hashed block (4096 to 16777216).
        #[arg(long, default_value_t = catalog::DEFAULT_BLOCK_SIZE)]
        block_size: u32,
        /// Block digest: sha256 or sm3.
        #[arg(long, value_enum, default_value = "sha256")]
        hash: HashArg,
        #[arg(long)]
        json: bool,
    },
    /// Verify a published index with the pinned platform key: the signature, every
    /// block list, every section's digests and the catalog inside. Exit 1 when it does not verify.
    VerifyIndex {
        /// The index directory (as written by `catalog publish`).
        dir: PathBuf,
        #[command(flatten)]
        pin: IndexPin,
        #[arg(long)]
        json: bool,
    },
    /// Search a published index lazily: only the blocks the query needs are read, each
    /// verified against the signed manifest first (as a portal's lazy mode does over HTTP).
    SearchIndex(SearchIndexArgs),
    /// Sizes of a loaded catalog: resources, items, terms, memory.
    Info {
        file: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args)]
pub struct SearchArgs {
    /// Catalog files (JSON or snapshot; `-` for stdin), then the query text ("" to browse).
    #[arg(required = true, num_args = 2.., value_name = "FILE… QUERY")]
    args: Vec<String>,
    #[command(flatten)]
    filters: QueryFilters,
    #[arg(long)]
    json: bool,
}

/// The trust a reader of a published index starts from (`verify-index`,
/// `search-index`): the pinned platform key and what the index must be.
#[derive(Args)]
pub struct IndexPin {
    /// The platform's public key (PEM or JWK).
    #[arg(long)]
    platform_key: String,
    /// Require the manifest to name this signing key id (a JWK's kid is required anyway).
    #[arg(long)]
    keyid: Option<String>,
    /// Refuse an index of another catalog.
    #[arg(long)]
    catalog_id: Option<String>,
    /// Refuse an index older than this catalog version.
    #[arg(long)]
    min_version: Option<u64>,
}

impl IndexPin {
    /// The pinned key (with the key id, if given) and the expectation.
    fn read(self) -> Result<(govshare_core::sign::PinnedKey, catalog::IndexExpectation), CliError> {
        let text = String::from_utf8(read_input(&self.platform_key)?)
            .map_err(|_| CliError::Usage(format!("{}: a key file is PEM or JWK text", self.platform_key)))?;
        let mut key = govshare_core::sign::PinnedKey::from_text(&text)?;
        if let Some(id) = self.keyid {
            key = key.with_key_id(&id);
        }
        Ok((key, catalog::IndexExpectation { catalog_id: self.catalog_id, min_version: self.min_version }))
    }
}

#[derive(Args)]
pub struct SearchIndexArgs {
    /// The index directory (as written by `catalog publish`).
    dir: PathBuf,
    /// The query text ("" to browse).
    text: String,
    #[command(flatten)]
    pin: IndexPin,
    #[command(flatten)]
    filters: QueryFilters,
    #[arg(long)]
    json: bool,
}

/// The filters and paging of a search (`catalog search`, `catalog search-index`).
#[derive(Args)]
pub struct QueryFilters {
    /// Provider name or 统一社会信用代码.
    #[arg(long)]
    provider: Option<String>,
    #[arg(long, value_enum)]
    sharing: Option<SharingArg>,
    /// Resource grade 1–4.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=4))]
    grade: Option<u8>,
    /// Update cycle (realtime, daily, weekly, monthly, quarterly, yearly).
    #[arg(long)]
    update_cycle: Option<String>,
    /// Resource format (file, spreadsheet, database, image, stream, self_describing, service).
    #[arg(long)]
    format: Option<String>,
    /// Classification code prefix, e.g. 1 or 101.
    #[arg(long)]
    classification: Option<String>,
    #[arg(long, default_value_t = 20)]
    limit: u32,
    #[arg(long, default_value_t = 0)]
    offset: u32,
}

impl QueryFilters {
    fn query(self, text: String) -> Result<SearchQuery, CliError> {
        Ok(SearchQuery {
            text,
            provider: self.provider,
            sharing: self.sharing.map(|s| match s {
                SharingArg::Unconditional => SharingType::Unconditional,
                SharingArg::Conditional => SharingType::Conditional,
                SharingArg::NotShared => SharingType::NotShared,
            }),
            grade: self.grade,
            update_cycle: parse_enum("update-cycle", &self.update_cycle)?,
            format: parse_enum("format", &self.format)?,
            classification_prefix: self.classification,
            limit: self.limit,
            offset: self.offset,
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum HashArg {
    Sha256,
    Sm3,
}

#[derive(Clone, Copy, ValueEnum)]
enum SharingArg {
    Unconditional,
    Conditional,
    #[value(name = "not-shared", alias = "not_shared")]
    NotShared,
}

impl CatalogCommand {
    pub fn json(&self) -> bool {
        match self {
            CatalogCommand::Lint { json, .. }
            | CatalogCommand::Item { json, .. }
            | CatalogCommand::ApplyDelta { json, .. }
            | CatalogCommand::Snapshot { json, .. }
            | CatalogCommand::Info { json, .. }
            | CatalogCommand::Publish { json, .. }
            | CatalogCommand::VerifyIndex { json, .. }
            | CatalogCommand::UpdateDeadline { json, .. } => *json,
            CatalogCommand::Search(a) => a.json,
            CatalogCommand::SearchIndex(a) => a.json,
            CatalogCommand::Sample { .. } => false,
        }
    }
}

pub fn run(cmd: CatalogCommand) -> CmdResult {
    match cmd {
        CatalogCommand::Lint { file, json } => lint(&file, json),
        CatalogCommand::Search(args) => search(args),
        CatalogCommand::SearchIndex(args) => search_index(args),
        CatalogCommand::Item { mut args, json } => {
            let name = args.pop().unwrap_or_default();
            item(&args, &name, json)
        }
        CatalogCommand::Sample { resources, seed, with_findings, id, out } => {
            let mut opts = sample::SampleOptions::national(resources, seed);
            opts.with_findings = with_findings;
            opts.catalog_id = id;
            let mut o = Output::new(out.as_deref())?;
            sample::write_sample(&opts, &mut o).map_err(|e| CliError::io("output", &e))?;
            o.commit()?;
            Ok(EXIT_OK)
        }
        CatalogCommand::UpdateDeadline { changed, extended, updated, published, limits, json } => {
            let input = CatalogUpdateInput { changed_on: changed, extended, updated, published };
            let (calendar, profile, now) = limits.load()?;
            let out = catalog_update_schedule(&calendar, &profile, &input, &now)?;
            crate::request::print_schedule(&out, json);
            Ok(if out.needs_attention() { EXIT_FINDINGS } else { EXIT_OK })
        }
        CatalogCommand::ApplyDelta { file, delta, out, in_place, json } => {
            let mut cat = load(&file)?;
            let outcome = cat.apply_delta(&read_input(&delta)?)?;
            let target = if in_place {
                if file == "-" {
                    return Err(CliError::Usage("--in-place needs a file, not stdin".into()));
                }
                Some(PathBuf::from(&file))
            } else {
                out
            };
            write_output(target.as_deref(), &cat.to_json())?;
            if json {
                eprintln!("{}", serde_json::to_string(&outcome).unwrap_or_default());
            } else {
                eprintln!(
                    "catalog {} version {} → {}: {} added, {} replaced, {} withdrawn; {} resources",
                    outcome.catalog,
                    outcome.base_version,
                    outcome.new_version,
                    outcome.added,
                    outcome.replaced,
                    outcome.withdrawn,
                    outcome.resources
                );
            }
            Ok(EXIT_OK)
        }
        CatalogCommand::Snapshot { file, out, json } => {
            let cat = load(&file)?;
            let bytes = cat.to_snapshot();
            write_output(Some(&out), &bytes)?;
            let report = serde_json::json!({"file": out, "bytes": bytes.len(), "resources": cat.len(), "version": cat.version()});
            if json {
                outln!("{report}");
            } else {
                eprintln!("wrote {} ({} bytes, {} resources)", out.display(), bytes.len(), cat.len());
            }
            Ok(EXIT_OK)
        }
        CatalogCommand::Publish { file, key, keyid, out, block_size, hash, json } => {
            let mut key = crate::sign::load_key(&key, None)?;
            if let Some(id) = keyid {
                key.set_key_id(id);
            }
            let hash = match hash {
                HashArg::Sha256 => catalog::IndexHash::Sha256,
                HashArg::Sm3 => catalog::IndexHash::Sm3,
            };
            let cat = load(&file)?;
            let index = cat.publish(&key, &catalog::PublishOptions { block_size, hash })?;
            crate::io::write_directory(&out, &index.files())?;
            let m = index.manifest();
            let bytes: u64 = m.sections.iter().map(|s| s.length).sum();
            if json {
                outln!("{}", serde_json::json!({"dir": out, "manifest": m, "bytes": bytes}));
            } else {
                eprintln!(
                    "published {} version {} ({} resources, {} bytes in {} sections, signed by {} {}) to {}",
                    m.catalog.id,
                    m.catalog.version,
                    m.resources,
                    bytes,
                    m.sections.len(),
                    m.signer.alg,
                    m.signer.keyid,
                    out.display()
                );
            }
            Ok(EXIT_OK)
        }
        CatalogCommand::VerifyIndex { dir, pin, json } => {
            let (key, expect) = pin.read()?;
            match verify_index(&dir, &key, &expect) {
                Ok((cat, m)) => {
                    if json {
                        outln!("{}", serde_json::json!({"valid": true, "manifest": m, "stats": cat.stats()}));
                    } else {
                        outln!(
                            "valid: {} version {}, {} resources, signed by {} {}",
                            m.catalog.id,
                            m.catalog.version,
                            cat.len(),
                            m.signer.alg,
                            m.signer.keyid
                        );
                    }
                    Ok(EXIT_OK)
                }
                // An index that does not verify is a verdict (exit 1); anything else is bad input.
                Err(CliError::Core(e)) if e.kind() == govshare_core::ErrorKind::Verdict => {
                    if json {
                        outln!(
                            "{}",
                            serde_json::json!({"valid": false, "code": e.code(), "message": e.to_string()})
                        );
                    } else {
                        outln!("invalid [{}]: {}", e.code(), e);
                    }
                    Ok(EXIT_FINDINGS)
                }
                Err(e) => Err(e),
            }
        }
        CatalogCommand::Info { file, json } => {
            let cat = load(&file)?;
            let (info, stats) = (cat.info(), cat.stats());
            if json {
                outln!("{}", serde_json::json!({"catalog": info, "stats": stats}));
            } else {
                outln!("{} ({}) version {}", info.name, info.id, info.version);
                outln!(
                    "{} resources, {} items ({} distinct names), {} index terms, ≈{:.1} MB in memory",
                    stats.resources,
                    stats.items,
                    stats.distinct_item_names,
                    stats.terms,
                    stats.memory_bytes as f64 / 1e6
                );
            }
            Ok(EXIT_OK)
        }
    }
}

/// A file of a published index directory, whole.
fn index_file(dir: &std::path::Path, name: &str) -> Result<Vec<u8>, CliError> {
    let path = dir.join(name);
    std::fs::read(&path).map_err(|e| CliError::io(&path.display().to_string(), &e))
}

/// The manifest's exact bytes and the text of its signature.
fn index_manifest(dir: &std::path::Path) -> Result<(Vec<u8>, String), CliError> {
    let manifest = index_file(dir, "manifest.json")?;
    Ok((manifest, String::from_utf8_lossy(&index_file(dir, "manifest.sig")?).into_owned()))
}

/// Reads and checks a published index directory: manifest and signature,
/// every block list, then every section streamed through the loader.
fn verify_index(
    dir: &std::path::Path,
    key: &govshare_core::sign::PinnedKey,
    expect: &catalog::IndexExpectation,
) -> Result<(Catalog, catalog::IndexManifest), CliError> {
    let (manifest, signature) = index_manifest(dir)?;
    let mut loader = catalog::PublishedIndexLoader::new(&manifest, &signature, key, expect)?;
    let m = loader.manifest().clone();
    for section in &m.sections {
        loader.add_block_list(&section.name, &index_file(dir, &section.block_file)?)?;
    }
    let total: u64 = m.sections.iter().map(|s| s.length).sum();
    let mut progress = Progress::new(&format!("verifying {}", dir.display()), Some(total));
    for section in &m.sections {
        let shown = dir.join(&section.file).display().to_string();
        let mut file = std::fs::File::open(dir.join(&section.file)).map_err(|e| CliError::io(&shown, &e))?;
        each_chunk(&mut file, &shown, Vec::new(), |chunk| {
            loader.push(chunk)?;
            progress.update(loader.progress().0, "");
            Ok(())
        })?;
    }
    progress.finish();
    Ok((loader.finish()?, m))
}

/// Loads a catalog file: a snapshot (core's `catalog::is_snapshot` tells by
/// its magic bytes) or a JSON document, streamed in chunks with a progress
/// bar on a terminal.
pub fn load(path: &str) -> Result<Catalog, CliError> {
    let (mut reader, total) = open_input(path)?;
    let mut head = vec![0u8; 1 << 20];
    let n = read_up_to(&mut reader, &mut head).map_err(|e| CliError::io(path, &e))?;
    head.truncate(n);
    if catalog::is_snapshot(&head) {
        // Decoded into place: the snapshot's bytes are never held whole.
        let mut loader = SnapshotLoader::new();
        each_chunk(&mut reader, path, head, |chunk| Ok(loader.push(chunk)?))?;
        return Ok(loader.finish()?);
    }
    let mut progress = Progress::new(&format!("loading {path}"), total);
    let mut loader = CatalogLoader::new(Default::default(), total.unwrap_or(0));
    each_chunk(&mut reader, path, head, |chunk| {
        let p = loader.push(chunk)?;
        progress.update(p.bytes_read, &format!("{} resources", p.resources_loaded));
        Ok(())
    })?;
    progress.update(total.unwrap_or(0), "indexing…");
    let result = loader.finish();
    progress.finish();
    Ok(result?)
}

fn load_set(files: &[String]) -> Result<CatalogSet, CliError> {
    let mut set = CatalogSet::new();
    for f in files {
        set.add(load(f)?)?;
    }
    Ok(set)
}

fn lint(file: &str, json: bool) -> CmdResult {
    let cat = load(file)?;
    let findings = cat.lint();
    let failing = findings.iter().filter(|f| f.severity != Severity::Info).count();
    if json {
        let report = serde_json::json!({
            "catalog": cat.id(), "resources": cat.len(), "findings": findings,
            "errors": findings.iter().filter(|f| f.severity == Severity::Error).count(),
            "warnings": findings.iter().filter(|f| f.severity == Severity::Warning).count(),
        });
        outln!("{report}");
    } else {
        print_findings(&findings);
        outln!("{} resources checked: {} finding(s), {} error/warning", cat.len(), findings.len(), failing);
    }
    Ok(if failing > 0 { EXIT_FINDINGS } else { EXIT_OK })
}

pub fn print_findings(findings: &[LintFinding]) {
    let mut out = std::io::stdout().lock();
    for f in findings {
        let sev = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        // What the rule applies: `Art. 15`, `GB/T 21063.3`, or both.
        let cites: Vec<&str> = [f.article.as_deref(), f.standard.as_deref()].into_iter().flatten().collect();
        let _ = writeln!(
            out,
            "{sev:<7} {:<32} {:<14} {}  ({}) [{}]",
            f.code,
            f.resource.as_deref().unwrap_or("-"),
            f.message_en,
            f.path,
            cites.join("; ")
        );
    }
}

/// A flag naming a value of a closed vocabulary (core's `FromStr`: the
/// snake_case name only).
fn parse_enum<T: std::str::FromStr<Err = govshare_core::Error>>(
    flag: &str,
    v: &Option<String>,
) -> Result<Option<T>, CliError> {
    v.as_deref().map(|s| s.parse::<T>().map_err(|e| CliError::Usage(format!("--{flag}: {e}")))).transpose()
}

fn search(a: SearchArgs) -> CmdResult {
    let mut args = a.args;
    let text = args.pop().unwrap_or_default();
    let set = load_set(&args)?;
    let q = a.filters.query(text)?;
    let r = set.search(&q)?;
    if a.json {
        outln!("{}", search_json(&r));
    } else {
        print_search(&r, q.offset);
    }
    Ok(EXIT_OK)
}

/// `catalog search-index`: a published index searched lazily, reading only
/// the byte ranges the core asks for, each block verified before use. An
/// index that does not verify is a failed verdict (exit 1), as for `verify-index`.
fn search_index(a: SearchIndexArgs) -> CmdResult {
    let json = a.json;
    match search_index_verified(a) {
        Err(CliError::Core(e)) if e.kind() == govshare_core::ErrorKind::Verdict => {
            CliError::Core(e).report(json);
            Ok(EXIT_FINDINGS)
        }
        other => other,
    }
}

fn search_index_verified(a: SearchIndexArgs) -> CmdResult {
    let (key, expect) = a.pin.read()?;
    let (manifest, signature) = index_manifest(&a.dir)?;
    let mut index = catalog::LazyIndex::new(&manifest, &signature, &key, &expect)?;
    let sections = index.manifest().sections.clone();
    let mut bytes_read = 0u64;
    for section in &sections {
        let list = index_file(&a.dir, &section.block_file)?;
        bytes_read += list.len() as u64;
        index.add_block_list(&section.name, &list)?;
    }
    let q = a.filters.query(a.text)?;
    let mut rounds = 0;
    let r = loop {
        let step = index.search(&q)?;
        if let Some(r) = step.result {
            break r;
        }
        rounds += 1;
        if rounds > 32 {
            return Err(CliError::Usage("the index needed more than 32 rounds of reading".into()));
        }
        for range in step.need {
            let path = a.dir.join(&range.file);
            let shown = path.display().to_string();
            let bytes = read_range(&path, range.start, range.end).map_err(|e| CliError::io(&shown, &e))?;
            bytes_read += bytes.len() as u64;
            index.add_range(&range.section, range.start, &bytes)?;
        }
    };
    let total = index.stats().bytes_total;
    if a.json {
        let mut out = search_json(&r);
        out["read"] = serde_json::json!({ "bytes": bytes_read, "index_bytes": total });
        outln!("{out}");
    } else {
        print_search(&r, q.offset);
        outln!("(read {:.1} MB of the {:.1} MB index)", bytes_read as f64 / 1e6, total as f64 / 1e6);
    }
    Ok(EXIT_OK)
}

/// Bytes `start..end` of a file (short when the file is).
fn read_range(path: &std::path::Path, start: u64, end: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = std::fs::File::open(path)?;
    file.seek(SeekFrom::Start(start))?;
    let mut out = Vec::new();
    file.take(end.saturating_sub(start)).read_to_end(&mut out)?;
    Ok(out)
}

/// The `--json` shape: facets as objects mapping each value to its count.
pub fn search_json(r: &SearchResult) -> serde_json::Value {
    let facet = |v: &[FacetCount]| -> serde_json::Value {
        v.iter()
            .map(|f| (f.value.clone(), serde_json::Value::from(f.count)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let f = &r.facets;
    serde_json::json!({
        "total": r.total,
        "relaxed": r.relaxed,
        "hits": r.hits,
        "facets": {
            "provider": facet(&f.provider), "sharing": facet(&f.sharing), "grade": facet(&f.grade),
            "update_cycle": facet(&f.update_cycle), "format": facet(&f.format), "classification": facet(&f.classification),
        }
    })
}

pub fn print_search(r: &SearchResult, offset: u32) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{} match(es){}",
        r.total,
        if r.relaxed { " (no resource has every term; any-term matches)" } else { "" }
    );
    for (i, h) in r.hits.iter().enumerate() {
        let sharing = serde_json::to_value(h.sharing)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{:>4}. {:<14} {}  [{} · {} · L{} · {}]  score {:.3}",
            offset as usize + i + 1,
            h.code,
            h.name,
            h.provider,
            sharing,
            h.grade,
            h.catalog,
            h.score
        );
    }
    let f = &r.facets;
    for (name, v) in [
        ("sharing", &f.sharing),
        ("grade", &f.grade),
        ("provider", &f.provider),
        ("update_cycle", &f.update_cycle),
    ] {
        let shown: Vec<String> = v.iter().take(6).map(|c| format!("{} {}", c.value, c.count)).collect();
        if !shown.is_empty() {
            let _ = writeln!(out, "  {name}: {}{}", shown.join(", "), if v.len() > 6 { ", …" } else { "" });
        }
    }
}

fn item(files: &[String], name: &str, json: bool) -> CmdResult {
    let set = load_set(files)?;
    let r = set.item(name);
    if json {
        outln!("{}", serde_json::to_string(&r).unwrap_or_default());
    } else {
        print_item(&r);
    }
    Ok(EXIT_OK)
}

pub fn print_item(r: &catalog::ItemQueryResult) {
    let mut out = std::io::stdout().lock();
    let exact = r.occurrences.iter().filter(|o| o.exact).count();
    let _ =
        writeln!(out, "{}: in {} resource(s), {} near name(s)", r.name, exact, r.occurrences.len() - exact);
    match r.authoritative.as_slice() {
        [] => {
            let _ = writeln!(out, "  authoritative source (一数一源): none declared");
        }
        list => {
            for a in list {
                let _ =
                    writeln!(out, "  authoritative source (一数一源): {} ({})", a.provider, a.provider_code);
            }
            if r.conflict {
                let _ =
                    writeln!(out, "  conflict: more than one provider claims to be the authoritative source");
            }
        }
    }
    for o in r.occurrences.iter().take(20) {
        let _ = writeln!(
            out,
            "  {} {:<14} {}  {} · {}{}",
            if o.exact { "=" } else { "~" },
            o.code,
            o.resource_name,
            o.provider,
            o.item_name,
            if o.authoritative { " (authoritative)" } else { "" }
        );
    }
}
