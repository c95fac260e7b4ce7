//! The wasm and uniffi bindings export the same operations (issue #12).
//!
//! Both bindings only convert core's types, so an operation that JS can call
//! but Python and Kotlin cannot (or the reverse) is a gap, unless it is one of
//! the `INTENDED_DIFFERENCES` below, each with its reason. The exports are read
//! from the bindings' source text, so neither binding is built: the files are
//! rustfmt-formatted (`cargo fmt --check` runs first in `make test`), which puts
//! items at column 0 and the methods of an impl block at four spaces.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Binding {
    Wasm,
    Uniffi,
}

impl Binding {
    fn other(self) -> Binding {
        match self {
            Binding::Wasm => Binding::Uniffi,
            Binding::Uniffi => Binding::Wasm,
        }
    }

    fn source_dir(self) -> PathBuf {
        let crate_dir = match self {
            Binding::Wasm => "../wasm",
            Binding::Uniffi => ".",
        };
        Path::new(env!("CARGO_MANIFEST_DIR")).join(crate_dir).join("src")
    }
}

impl fmt::Display for Binding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Binding::Wasm => "wasm (bindings/wasm)",
            Binding::Uniffi => "uniffi (bindings/ffi)",
        })
    }
}

/// An operation only one binding exports, on purpose. `operation` is spelled
/// as that binding spells it (`Type.method`, JS names for wasm, `new` for a
/// primary constructor).
struct Intended {
    only_in: Binding,
    operation: &'static str,
    reason: &'static str,
}

const INTENDED_DIFFERENCES: &[Intended] = &[
    Intended {
        only_in: Binding::Wasm,
        operation: "fetchError",
        reason: "the npm loaders fetch over HTTP themselves and throw it when the network fails them; \
                 Python and Kotlin callers read the index with their own reader, whose exceptions are theirs",
    },
    Intended {
        only_in: Binding::Uniffi,
        operation: "ColumnsCsv.new",
        reason: "the DataFrame path of the de-identification check: pandas and pyarrow tables (Python) \
                 and JDBC-like column arrays (JVM) hand over Arrow buffers; a browser or Node reads \
                 files and streams (deidStream), and has no DataFrame to hand over",
    },
    Intended {
        only_in: Binding::Uniffi,
        operation: "ColumnsCsv.batch",
        reason: "see ColumnsCsv.new: Arrow column buffers come from Python and JVM tables, not from JS",
    },
    Intended {
        only_in: Binding::Wasm,
        operation: "auditArchiveSigned",
        reason: "uniffi's audit_archive takes the signing key as an optional argument; wasm-bindgen \
                 cannot borrow an optional JS object (it would consume the caller's Key), so JS has \
                 auditArchive (unsigned) and auditArchiveSigned",
    },
    Intended {
        only_in: Binding::Wasm,
        operation: "disposeStoreTo",
        reason: "uniffi's dispose_store takes the provider's or custodian's key as an optional last \
                 argument; wasm-bindgen cannot borrow an optional JS object (it would consume the \
                 caller's Key), so JS has disposeStore (delete) and disposeStoreTo (return, seal)",
    },
    Intended {
        only_in: Binding::Wasm,
        operation: "OpenedEnvelope.info",
        reason: "JS gets a class so the plaintext is a Uint8Array (a tsify record would give number[]); \
                 uniffi returns the OpenedEnvelope record with the same info and plaintext members",
    },
    Intended {
        only_in: Binding::Wasm,
        operation: "OpenedEnvelope.plaintext",
        reason: "the getter of the JS class; a member of the uniffi OpenedEnvelope record",
    },
    Intended {
        only_in: Binding::Wasm,
        operation: "StoreDisposal.store",
        reason: "JS gets a class so the store is a Uint8Array; a member of the uniffi StoreDisposal record",
    },
    Intended {
        only_in: Binding::Wasm,
        operation: "StoreDisposal.receipt",
        reason: "the getter of the JS class; a member of the uniffi StoreDisposal record",
    },
    Intended {
        only_in: Binding::Wasm,
        operation: "canonicalizeToString",
        reason: "JS strings and bytes are different types; uniffi's canonicalize returns bytes and \
                 canonical_digests already gives the canonical text",
    },
    Intended {
        only_in: Binding::Wasm,
        operation: "Catalog.isSnapshot",
        reason: "uniffi has no static methods besides constructors: it is the free function \
                 is_catalog_snapshot",
    },
    Intended {
        only_in: Binding::Uniffi,
        operation: "is_catalog_snapshot",
        reason: "the uniffi spelling of the static Catalog.isSnapshot (no static methods in uniffi)",
    },
    Intended {
        only_in: Binding::Wasm,
        operation: "NonceStore.verifyMessage",
        reason: "uniffi's verify_message takes the store as its optional `nonces` argument",
    },
    Intended {
        only_in: Binding::Wasm,
        operation: "AuditLog.appendSigned",
        reason: "uniffi's AuditLog.append takes the signing key as its optional `signer` argument",
    },
    Intended {
        only_in: Binding::Uniffi,
        operation: "AuditLog.append_json",
        reason: "wasm's AuditLog.append takes the event as an object or as its JSON text",
    },
    Intended {
        only_in: Binding::Uniffi,
        operation: "MaskPolicy.derive_json",
        reason: "wasm's MaskPolicy.derive takes resources and options as objects or as JSON text",
    },
    Intended {
        only_in: Binding::Uniffi,
        operation: "algorithm_from_name",
        reason: "in JS an Algorithm is its registry name already (a string); Python and Kotlin get \
                 an enum and need the conversion",
    },
    Intended { only_in: Binding::Uniffi, operation: "algorithm_name", reason: "see algorithm_from_name" },
    Intended {
        only_in: Binding::Uniffi,
        operation: "digest_algorithm_from_name",
        reason: "in JS a DigestAlgorithm is its registry name already (a string)",
    },
    Intended {
        only_in: Binding::Uniffi,
        operation: "digest_algorithm_name",
        reason: "see digest_algorithm_from_name",
    },
    Intended {
        only_in: Binding::Uniffi,
        operation: "sm4_mode_from_name",
        reason: "in JS an Sm4Mode is its name already (a string); Python and Kotlin get an enum and \
                 need the conversion",
    },
    Intended { only_in: Binding::Uniffi, operation: "sm4_mode_name", reason: "see sm4_mode_from_name" },
    Intended {
        only_in: Binding::Uniffi,
        operation: "sm2_ciphertext_order_from_name",
        reason: "in JS an Sm2CiphertextOrder is its name already (a string, inside the format object); \
                 Python and Kotlin get an enum and read one from a name with this",
    },
    Intended {
        only_in: Binding::Wasm,
        operation: "MaskManifest.toJSON",
        reason: "the hook JSON.stringify calls; no Python or Kotlin counterpart",
    },
    Intended {
        only_in: Binding::Wasm,
        operation: "IrsSecrets.toJSON",
        reason: "the hook JSON.stringify calls (secrets redacted); uniffi's Debug export prints the same",
    },
    Intended {
        only_in: Binding::Wasm,
        operation: "MaskResult.output",
        reason: "wasm returns masking results as a class (bytes as Uint8Array); uniffi returns the \
                 MaskFinish record, whose fields are output and report",
    },
    Intended { only_in: Binding::Wasm, operation: "MaskResult.report", reason: "see MaskResult.output" },
];

/// One exported operation.
struct Export {
    /// The name as the binding's callers spell it.
    shown: String,
    /// `file:line` of its definition.
    at: String,
}

/// The operations a binding exports, by normalized name: snake_case,
/// `Type.method` for methods and constructors, `Type.new` for the primary
/// constructor (wasm `constructor`, uniffi `new`).
fn exports(binding: Binding) -> BTreeMap<String, Export> {
    let dir = binding.source_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    let mut found = BTreeMap::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let file =
            format!("bindings/{}/src/{}", crate_name(binding), path.file_name().unwrap().to_string_lossy());
        for (operation, line) in scan(binding, &text, &file) {
            let key = normalize(&operation);
            let export = Export { shown: operation, at: format!("{file}:{line}") };
            if let Some(first) = found.insert(key.clone(), export) {
                panic!("{binding} exports `{key}` twice (also at {})", first.at);
            }
        }
    }
    found
}

fn crate_name(binding: Binding) -> &'static str {
    match binding {
        Binding::Wasm => "wasm",
        Binding::Uniffi => "ffi",
    }
}

/// The exported operations of one file, as `(name as spelled, line number)`.
fn scan(binding: Binding, text: &str, file: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut ops = Vec::new();
    // Attributes waiting for their item: at column 0, and at four spaces in a block.
    let mut item_attrs: Vec<String> = Vec::new();
    let mut member_attrs: Vec<String> = Vec::new();
    // The exported impl block (or wasm struct, for its public fields) being read.
    let mut block: Option<(String, Block)> = None;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let text = line.trim();
        let indent = line.len() - line.trim_start().len();
        let lineno = i + 1;
        i += 1;
        if text.is_empty() || text.starts_with("//") {
            continue;
        }
        if text.starts_with("#[") && (indent == 0 || (indent == 4 && block.is_some())) {
            let (attr, next) = attribute(&lines, i - 1);
            i = next;
            if indent == 0 { &mut item_attrs } else { &mut member_attrs }.push(attr);
            continue;
        }
        if indent == 0 {
            if block.is_some() && text == "}" {
                block = None;
            } else if let Some(name) = fn_name(text) {
                if let Some(attr) = export_attr(binding, &item_attrs) {
                    ops.push((renamed(binding, &attr).unwrap_or(name), lineno));
                }
            } else if let Some(rest) = text.strip_prefix("impl") {
                if let Some(attr) = export_attr(binding, &item_attrs) {
                    assert!(
                        rest.starts_with(' ') && !rest.contains(" for ") && !attr.contains("js_class"),
                        "{file}:{lineno}: an exported generic, trait or renamed impl; teach export_parity.rs"
                    );
                    block = Some((ident(rest.trim_start()), Block::Impl));
                }
            } else if let Some(name) = struct_name(text) {
                if let Some(attr) = export_attr(binding, &item_attrs) {
                    match binding {
                        Binding::Wasm => {
                            assert!(
                                !attr.contains("js_name"),
                                "{file}:{lineno}: a renamed class; teach export_parity.rs"
                            );
                            if text.ends_with('{') {
                                block = Some((name, Block::WasmStruct));
                            }
                        }
                        Binding::Uniffi => ops.extend(
                            trait_exports(&attr, file, lineno)
                                .into_iter()
                                .map(|m| (format!("{name}.{m}"), lineno)),
                        ),
                    }
                }
            }
            item_attrs.clear();
        } else if indent == 4 {
            if let Some((type_name, kind)) = &block {
                let method = match kind {
                    // uniffi exports every fn of the block, wasm-bindgen only the public ones.
                    Block::Impl if binding == Binding::Uniffi || text.starts_with("pub ") => {
                        fn_name(text).map(|name| member_name(binding, &member_attrs, name, file, lineno))
                    }
                    Block::Impl => None,
                    // A public field of a wasm-bindgen struct becomes a JS property.
                    Block::WasmStruct => text.strip_prefix("pub ").map(ident),
                };
                if let Some(method) = method {
                    ops.push((format!("{type_name}.{method}"), lineno));
                }
                member_attrs.clear();
            }
        }
    }
    ops
}

enum Block {
    Impl,
    WasmStruct,
}

/// The attribute starting at `lines[start]`, joined onto one line, and the
/// index of the line after it (rustfmt may spread one attribute over several).
fn attribute(lines: &[&str], start: usize) -> (String, usize) {
    let mut joined = String::new();
    let mut depth = 0i32;
    let mut in_string = false;
    for (i, line) in lines.iter().enumerate().skip(start) {
        let text = line.trim();
        joined.push_str(text);
        joined.push(' ');
        let mut escaped = false;
        for c in text.chars() {
            match c {
                _ if escaped => escaped = false,
                '\\' if in_string => escaped = true,
                '"' => in_string = !in_string,
                '[' | '(' if !in_string => depth += 1,
                ']' | ')' if !in_string => depth -= 1,
                _ => {}
            }
        }
        if depth == 0 {
            return (joined.trim_end().to_owned(), i + 1);
        }
    }
    panic!("unterminated attribute at line {}", start + 1);
}

/// The attribute that exports the item, if any.
fn export_attr(binding: Binding, attrs: &[String]) -> Option<String> {
    let prefix = match binding {
        Binding::Wasm => "#[wasm_bindgen",
        Binding::Uniffi => "#[uniffi::export",
    };
    attrs.iter().find(|a| a.starts_with(prefix)).cloned()
}

/// The name a method, getter or constructor is exported under.
fn member_name(binding: Binding, attrs: &[String], rust_name: String, file: &str, line: usize) -> String {
    let mut name = rust_name;
    for attr in attrs {
        let args = arguments(attr);
        let flag = |f: &str| args.iter().any(|(k, v)| k == f && v.is_none());
        match binding {
            Binding::Wasm if attr.starts_with("#[wasm_bindgen") => {
                if flag("constructor") {
                    return "new".to_owned();
                }
                assert!(!flag("setter"), "{file}:{line}: a setter; teach export_parity.rs");
                for (key, value) in &args {
                    if let ("js_name" | "getter", Some(value)) = (key.as_str(), value) {
                        name = value.clone();
                    }
                }
            }
            Binding::Uniffi if attr.starts_with("#[uniffi::") => {
                if let Some(renamed) = renamed(binding, attr) {
                    name = renamed;
                }
            }
            _ => {}
        }
    }
    name
}

/// A rename in an export attribute: wasm `js_name = x`, uniffi `name = "x"`.
fn renamed(binding: Binding, attr: &str) -> Option<String> {
    let key = match binding {
        Binding::Wasm => "js_name",
        Binding::Uniffi => "name",
    };
    arguments(attr).into_iter().find(|(k, _)| k == key).and_then(|(_, v)| v)
}

/// The top-level `key` / `key = value` arguments of an attribute (quotes removed).
fn arguments(attr: &str) -> Vec<(String, Option<String>)> {
    let Some(open) = attr.find('(') else { return Vec::new() };
    let inner = &attr[open + 1..attr.rfind(')').unwrap_or(attr.len())];
    let mut parts = Vec::new();
    let (mut depth, mut in_string, mut start) = (0, false, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '(' | '[' if !in_string => depth += 1,
            ')' | ']' if !in_string => depth -= 1,
            ',' if !in_string && depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.trim().to_owned(), Some(v.trim().trim_matches('"').to_owned())),
            None => (p.to_owned(), None),
        })
        .collect()
}

/// uniffi trait exports on an object (`#[uniffi::export(Debug)]`): Debug and
/// Display give Python `repr`/`str` and Kotlin `toString`, wasm's `toString`.
fn trait_exports(attr: &str, file: &str, line: usize) -> Vec<&'static str> {
    let mut methods = Vec::new();
    for (name, _) in arguments(attr) {
        match name.as_str() {
            "Debug" | "Display" if !methods.contains(&"to_string") => methods.push("to_string"),
            "Debug" | "Display" => {}
            other => panic!("{file}:{line}: trait export {other}; teach export_parity.rs"),
        }
    }
    methods
}

/// The name of a function declared on this line (`pub fn name(`), if it is one.
fn fn_name(text: &str) -> Option<String> {
    let mut words = text.split_whitespace();
    loop {
        match words.next()? {
            "fn" => break,
            "pub" | "async" | "const" | "unsafe" => {}
            word if word.starts_with("pub(") => {}
            _ => return None,
        }
    }
    Some(ident(words.next()?))
}

/// The name of a struct declared on this line.
fn struct_name(text: &str) -> Option<String> {
    let rest = text.strip_prefix("pub struct ").or_else(|| text.strip_prefix("struct "))?;
    Some(ident(rest))
}

/// The identifier at the start of `text`.
fn ident(text: &str) -> String {
    text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// `Type.fooBar` → `Type.foo_bar`: the type keeps its name, each upper-case
/// letter of a member starts a word (the inverse of wasm-bindgen's camelCase).
fn normalize(operation: &str) -> String {
    let (owner, member) = match operation.split_once('.') {
        Some((owner, member)) => (Some(owner), member),
        None => (None, operation),
    };
    let mut snake = String::new();
    for c in member.chars() {
        if c.is_uppercase() {
            if !snake.is_empty() && !snake.ends_with('_') {
                snake.push('_');
            }
            snake.extend(c.to_lowercase());
        } else {
            snake.push(c);
        }
    }
    match owner {
        Some(owner) => format!("{owner}.{snake}"),
        None => snake,
    }
}

fn intended(binding: Binding, shown: &str) -> Option<&'static Intended> {
    INTENDED_DIFFERENCES.iter().find(|d| d.only_in == binding && d.operation == shown)
}

#[test]
fn wasm_and_uniffi_export_the_same_operations() {
    let wasm = exports(Binding::Wasm);
    let uniffi = exports(Binding::Uniffi);
    assert!(
        wasm.len() > 100 && uniffi.len() > 100,
        "the scan found too few exports; is the layout still rustfmt's?"
    );
    let mut problems = Vec::new();
    for (binding, mine, theirs) in [(Binding::Wasm, &wasm, &uniffi), (Binding::Uniffi, &uniffi, &wasm)] {
        for (key, export) in mine {
            if !theirs.contains_key(key) && intended(binding, &export.shown).is_none() {
                problems.push(format!(
                    "`{key}` ({binding}: `{}` at {}) is missing from {}: export it there, or list it in \
                     INTENDED_DIFFERENCES with the reason",
                    export.shown,
                    export.at,
                    binding.other()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "the bindings export different operations:\n{}", problems.join("\n"));
}

#[test]
fn every_intended_difference_is_still_a_difference() {
    let wasm = exports(Binding::Wasm);
    let uniffi = exports(Binding::Uniffi);
    let mut stale = Vec::new();
    for d in INTENDED_DIFFERENCES {
        let (mine, theirs) = match d.only_in {
            Binding::Wasm => (&wasm, &uniffi),
            Binding::Uniffi => (&uniffi, &wasm),
        };
        let key = normalize(d.operation);
        match mine.get(&key) {
            None => stale.push(format!(
                "`{}`: {} does not export it (any more); remove or correct the entry",
                d.operation, d.only_in
            )),
            Some(export) if export.shown != d.operation => stale.push(format!(
                "`{}`: {} spells it `{}`; correct the entry",
                d.operation, d.only_in, export.shown
            )),
            Some(_) if theirs.contains_key(&key) => stale.push(format!(
                "`{}`: {} now exports it too; remove it from INTENDED_DIFFERENCES",
                d.operation,
                d.only_in.other()
            )),
            Some(_) => {}
        }
        assert!(!d.reason.trim().is_empty(), "`{}` has no reason", d.operation);
    }
    assert!(stale.is_empty(), "INTENDED_DIFFERENCES is out of date:\n{}", stale.join("\n"));
}

#[test]
fn names_are_normalized() {
    assert_eq!(normalize("Key.fromHmacSecret"), "Key.from_hmac_secret");
    assert_eq!(normalize("Key.from_hmac_secret"), "Key.from_hmac_secret");
    assert_eq!(normalize("sm2Digest"), "sm2_digest");
    assert_eq!(normalize("PlatformExchange.inFlight"), "PlatformExchange.in_flight");
    // `toJSON` must not be mistaken for `toJson`.
    assert_ne!(normalize("MaskManifest.toJSON"), normalize("MaskManifest.toJson"));
}

#[test]
fn the_scan_reads_both_binding_styles() {
    let wasm = "\
/// Doc.
#[wasm_bindgen(js_name = doThing)]
pub fn do_thing(
    #[wasm_bindgen(unchecked_param_type = \"string\")] x: JsValue,
) {}

#[wasm_bindgen]
pub fn plain() {}

pub fn not_exported() {}

#[wasm_bindgen]
impl Thing {
    #[wasm_bindgen(constructor)]
    pub fn create() -> Thing {}

    #[wasm_bindgen(
        getter,
        js_name = keyId
    )]
    pub fn key_id(&self) -> String {}

    fn private_helper(&self) {}
}

impl Thing {
    pub fn rust_only(&self) {}
}
";
    let found: Vec<String> = scan(Binding::Wasm, wasm, "test.rs").into_iter().map(|(op, _)| op).collect();
    assert_eq!(found, ["doThing", "plain", "Thing.new", "Thing.keyId"]);

    let uniffi = "\
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Thing {
    inner: u8,
}

#[uniffi::export(default(user_id = \"1234\"))]
pub fn digest(user_id: String) {}

#[uniffi::export(name = \"renamed\")]
pub fn original() {}

#[uniffi::export]
impl Thing {
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {}

    #[uniffi::constructor(default(x = None))]
    pub fn from_x(x: Option<u8>) -> Arc<Self> {}

    fn also_exported(&self) {}
}
";
    let found: Vec<String> = scan(Binding::Uniffi, uniffi, "test.rs").into_iter().map(|(op, _)| op).collect();
    assert_eq!(
        found,
        ["Thing.to_string", "digest", "renamed", "Thing.new", "Thing.from_x", "Thing.also_exported"]
    );
}
