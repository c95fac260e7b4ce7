//! Masking policies (what each field must be masked to), their derivation
//! from catalog items and an approval, and the provider's masking manifest.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::deid::DeidOptions;
use super::detect::{DetectorKind, ALL_KINDS};
use super::rule::{mask_char_of, AddrLevel, DateLevel, FieldRule, KeepScope, Rule};
use crate::catalog::{IdentifierClass, Resource};
use crate::error::{Error, Location, Result};

/// The default mask character.
pub const DEFAULT_MASK_CHAR: char = '*';
/// The manifest version this build writes and reads.
pub const MANIFEST_VERSION: u32 = 1;

fn invalid(path: impl Into<String>, detail: impl Into<String>) -> Error {
    Error::MaskPolicyInvalid { location: Location::path(path), detail: detail.into() }
}

fn manifest_invalid(path: impl Into<String>, detail: impl Into<String>) -> Error {
    Error::MaskManifestInvalid { location: Location::path(path), detail: detail.into() }
}

/// A JSON path of a key inside `$.fields`, quoted when it is not a plain word.
fn field_path(base: &str, key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_') {
        format!("{base}.{key}")
    } else {
        format!("{base}[{}]", serde_json::to_string(key).unwrap_or_default())
    }
}

/// Checks a field name: a top-level key or a dot path with `[n]`/`[*]`.
/// Returns whether it has a `[*]` wildcard.
fn check_field_name(name: &str, path: &str) -> Result<bool> {
    if name.is_empty() {
        return Err(invalid(path, "field name is empty"));
    }
    let mut wildcard = false;
    let mut rest = name;
    while let Some(open) = rest.find('[') {
        let Some(close) = rest.get(open..).and_then(|r| r.find(']')).map(|c| open + c) else {
            return Err(invalid(path, "unclosed '[' in field path"));
        };
        let inner = rest.get(open + 1..close).unwrap_or("");
        if inner == "*" {
            wildcard = true;
        } else if inner.is_empty() || !inner.bytes().all(|b| b.is_ascii_digit()) || inner.len() > 9 {
            return Err(invalid(path, "an index in a field path must be [n] or [*]"));
        }
        rest = rest.get(close + 1..).unwrap_or("");
        if !(rest.is_empty() || rest.starts_with('[') || rest.starts_with('.')) {
            return Err(invalid(path, "']' in a field path must be followed by '.', '[' or the end"));
        }
    }
    if rest.contains(']') {
        return Err(invalid(path, "unmatched ']' in field path"));
    }
    Ok(wildcard)
}

/// Does `pattern` (with `[*]`) match the concrete `path` (with `[n]`)?
pub(crate) fn wildcard_match(pattern: &str, path: &str) -> bool {
    let (p, s) = (pattern.as_bytes(), path.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < p.len() {
        if p.get(i..i + 3) == Some(b"[*]") {
            if s.get(j) != Some(&b'[') {
                return false;
            }
            let digits = s.get(j + 1..).map_or(0, |r| r.iter().take_while(|b| b.is_ascii_digit()).count());
            if digits == 0 || s.get(j + 1 + digits) != Some(&b']') {
                return false;
            }
            i += 3;
            j += digits + 2;
        } else {
            if p.get(i) != s.get(j) {
                return false;
            }
            i += 1;
            j += 1;
        }
    }
    j == s.len()
}

/// One field of a policy: its name, required rule and mask character.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PolicyField {
    pub name: String,
    pub wildcard: bool,
    pub rule: Rule,
    pub mask: char,
    pub spec: FieldRule,
}

/// A masking policy: the rule each field must be masked to.
///
/// JSON form (`docs/masking.md`):
/// `{"policy_version": 1, "mask_char": "*", "fields": {"idNumber": {"rule":
/// "keep", "first": 6, "last": 4}}, "leak_kinds": [...]}`; only `fields` is
/// required.
#[derive(Debug, Clone, PartialEq)]
pub struct MaskPolicy {
    pub(crate) fields: Vec<PolicyField>,
    pub(crate) mask: char,
    /// Which detections count as leaks in verify (default: all kinds but `cn_uscc`).
    pub(crate) leak_kinds: [bool; 9],
    /// Fields in the data that neither policy nor manifest covers are
    /// warnings instead of violations (`"uncovered_fields": "warning"`).
    pub(crate) uncovered_as_warning: bool,
}

fn default_leak_kinds() -> [bool; 9] {
    let mut k = [true; 9];
    k[DetectorKind::CnUscc.index()] = false;
    k
}

fn parse_rule_value(v: &Value, path: &str, manifest: bool) -> Result<(FieldRule, Rule)> {
    let wrap = |e: Error| if manifest { into_manifest_error(e) } else { e };
    let spec: FieldRule = serde_json::from_value(v.clone()).map_err(|e| {
        let mut detail = e.to_string();
        if let Some(p) = detail.find(" at line ") {
            detail.truncate(p);
        }
        wrap(invalid(path, detail))
    })?;
    let rule = Rule::from_spec(&spec, path).map_err(wrap)?;
    Ok((spec, rule))
}

fn into_manifest_error(e: Error) -> Error {
    match e {
        Error::MaskPolicyInvalid { location, detail } => Error::MaskManifestInvalid { location, detail },
        other => other,
    }
}

impl MaskPolicy {
    /// Reads a policy document.
    pub fn from_json(json: &str) -> Result<MaskPolicy> {
        let v: Value = serde_json::from_str(json).map_err(|e| crate::error::json_error(&e))?;
        let Value::Object(obj) = v else { return Err(invalid("$", "a policy must be a JSON object")) };
        let mut mask = DEFAULT_MASK_CHAR;
        let mut leak_kinds = default_leak_kinds();
        let mut fields = Vec::new();
        let mut saw_fields = false;
        let mut uncovered_as_warning = false;
        for (k, val) in &obj {
            match k.as_str() {
                "policy_version" => {
                    if val.as_u64() != Some(1) {
                        return Err(invalid("$.policy_version", "only policy_version 1 is supported"));
                    }
                }
                "description" => {
                    if !val.is_string() {
                        return Err(invalid("$.description", "must be a string"));
                    }
                }
                "mask_char" => {
                    let s = val.as_str().ok_or_else(|| invalid("$.mask_char", "must be a string"))?;
                    mask = mask_char_of(s, "$.mask_char")?;
                }
                "leak_kinds" => {
                    let arr = val
                        .as_array()
                        .ok_or_else(|| invalid("$.leak_kinds", "must be an array of kind names"))?;
                    leak_kinds = [false; 9];
                    for (i, x) in arr.iter().enumerate() {
                        let kind = x.as_str().and_then(DetectorKind::parse).ok_or_else(|| {
                            invalid(format!("$.leak_kinds[{i}]"), "not a detector kind name")
                        })?;
                        leak_kinds[kind.index()] = true;
                    }
                }
                "uncovered_fields" => {
                    uncovered_as_warning = match val.as_str() {
                        Some("violation") => false,
                        Some("warning") => true,
                        _ => {
                            return Err(invalid("$.uncovered_fields", "must be \"violation\" or \"warning\""))
                        }
                    };
                }
                "fields" => {
                    saw_fields = true;
                    let f = val.as_object().ok_or_else(|| invalid("$.fields", "must be an object"))?;
                    for (name, rv) in f {
                        let path = field_path("$.fields", name);
                        let wildcard = check_field_name(name, &path)?;
                        let (spec, rule) = parse_rule_value(rv, &path, false)?;
                        fields.push((name.clone(), wildcard, spec, rule));
                    }
                }
                other => return Err(invalid(field_path("$", other), "unknown policy key")),
            }
        }
        if !saw_fields {
            return Err(invalid("$.fields", "a policy needs a \"fields\" object"));
        }
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        let fields = fields
            .into_iter()
            .map(|(name, wildcard, spec, rule)| {
                let m = spec.mask_char.as_deref().and_then(|s| s.chars().next()).unwrap_or(mask);
                PolicyField { name, wildcard, rule, mask: m, spec }
            })
            .collect();
        Ok(MaskPolicy { fields, mask, leak_kinds, uncovered_as_warning })
    }

    /// The policy as a JSON document (fields sorted by name).
    pub fn to_json(&self) -> String {
        let mut fields = serde_json::Map::new();
        for f in &self.fields {
            fields.insert(f.name.clone(), serde_json::to_value(&f.spec).unwrap_or(Value::Null));
        }
        let mut doc = serde_json::Map::new();
        doc.insert("policy_version".into(), Value::from(1));
        doc.insert("mask_char".into(), Value::from(self.mask.to_string()));
        doc.insert("fields".into(), Value::Object(fields));
        if self.leak_kinds != default_leak_kinds() {
            let kinds: Vec<Value> = ALL_KINDS
                .iter()
                .filter(|k| self.leak_kinds[k.index()])
                .map(|k| Value::from(k.as_str()))
                .collect();
            doc.insert("leak_kinds".into(), Value::Array(kinds));
        }
        if self.uncovered_as_warning {
            doc.insert("uncovered_fields".into(), Value::from("warning"));
        }
        canonical_json(&Value::Object(doc))
    }

    /// The field names of the policy, in document order.
    pub fn field_names(&self) -> Vec<String> {
        self.fields.iter().map(|f| f.name.clone()).collect()
    }

    /// The manifest a provider declares when it applies exactly this policy.
    pub fn manifest(&self) -> MaskManifest {
        let fields = self
            .fields
            .iter()
            .map(|f| {
                let mut spec = f.rule.to_spec();
                if f.mask != self.mask && matches!(f.rule, Rule::Keep { .. } | Rule::Redact) {
                    spec.mask_char = Some(f.mask.to_string());
                }
                (f.name.clone(), spec)
            })
            .collect();
        MaskManifest { manifest_version: MANIFEST_VERSION, fields, mask_char: self.mask.to_string() }
    }

    /// Derives a policy from catalog resources: each data item's default rule
    /// from its grade and `pi_kind` ([`default_rule`]), record keys from
    /// `options.map` (else the item name), then the approval's overrides.
    ///
    /// An item name that occurs several times gets the strictest of its
    /// rules (`redact` when two are incomparable). An approval rule replaces
    /// the default when it is at least as strict; a looser or incomparable one
    /// only when the approval lists the field in `allow_looser`, else
    /// [`Error::ApprovalRuleLooser`].
    pub fn derive(resources: &[Resource], options: &DeriveOptions) -> Result<MaskPolicy> {
        let mask = match &options.mask_char {
            Some(m) => mask_char_of(m, "$.mask_char")?,
            None => DEFAULT_MASK_CHAR,
        };
        // key -> (item name, rule, spec)
        let mut by_key: BTreeMap<String, (Rule, FieldRule)> = BTreeMap::new();
        let mut item_key: HashMap<String, String> = HashMap::new();
        for (ri, res) in resources.iter().enumerate() {
            if options.resource.as_ref().is_some_and(|c| c != &res.code) {
                continue;
            }
            for (ii, item) in res.items.iter().enumerate() {
                let path = format!("$.resources[{ri}].items[{ii}]");
                let rule = default_rule(item.grade, item.pi_kind.as_deref())
                    .ok_or_else(|| invalid(format!("{path}.grade"), "grade must be 1-4"))?;
                let key = options.map.get(&item.name).cloned().unwrap_or_else(|| item.name.clone());
                check_field_name(&key, &field_path("$.map", &item.name))?;
                item_key.insert(item.name.clone(), key.clone());
                let mut spec = rule.to_spec();
                spec.item = Some(item.name.clone());
                spec.grade = Some(item.grade);
                spec.pi_kind = item.pi_kind.clone();
                spec.source = Some("default".into());
                spec.identifier_class = Some(item.effective_identifier_class());
                match by_key.get_mut(&key) {
                    None => {
                        by_key.insert(key, (rule, spec));
                    }
                    Some((old, old_spec)) => {
                        // One key, several items: the class that asks most of
                        // the data (direct > quasi > sensitive > other).
                        let class =
                            strongest_class(old_spec.identifier_class, item.effective_identifier_class());
                        let combined = if old.at_least_as_strict(&rule) {
                            old.clone()
                        } else if rule.at_least_as_strict(old) {
                            rule
                        } else {
                            Rule::Redact
                        };
                        if &combined != old {
                            let mut s = combined.to_spec();
                            s.item = old_spec.item.clone();
                            s.grade = old_spec.grade.max(Some(item.grade));
                            s.pi_kind = old_spec.pi_kind.clone().or(item.pi_kind.clone());
                            s.source = Some("default".into());
                            s.identifier_class = Some(class);
                            *old_spec = s;
                            *old = combined;
                        } else {
                            old_spec.grade = old_spec.grade.max(Some(item.grade));
                            old_spec.identifier_class = Some(class);
                        }
                    }
                }
            }
        }
        let mut names: Vec<&String> = options.map.keys().collect();
        names.sort();
        for n in names {
            if !item_key.contains_key(n) {
                return Err(invalid(field_path("$.map", n), "names no data item of the resources"));
            }
        }
        if let Some(appr) = &options.approval {
            let mut names: Vec<&String> = appr.fields.keys().collect();
            names.sort();
            for name in names {
                let Some(spec_in) = appr.fields.get(name) else { continue };
                let path = field_path("$.approval.fields", name);
                let key = item_key
                    .get(name)
                    .cloned()
                    .or_else(|| by_key.contains_key(name).then(|| name.clone()))
                    .ok_or_else(|| invalid(&path, "names no data item or record key of the resources"))?;
                let rule = Rule::from_spec(spec_in, &path)?;
                let Some((old, old_spec)) = by_key.get_mut(&key) else { continue };
                let looser_ok = appr.allow_looser.iter().any(|a| a == name || *a == key);
                if !rule.at_least_as_strict(old) && !looser_ok {
                    return Err(Error::ApprovalRuleLooser { field: name.clone() });
                }
                let mut s = rule.to_spec();
                s.mask_char = spec_in.mask_char.clone();
                s.item = old_spec.item.clone();
                s.grade = old_spec.grade;
                s.pi_kind = old_spec.pi_kind.clone();
                s.identifier_class = old_spec.identifier_class;
                s.source =
                    Some(if rule.at_least_as_strict(old) { "approval" } else { "approval_looser" }.into());
                *old = rule;
                *old_spec = s;
            }
        }
        let fields = by_key
            .into_iter()
            .map(|(name, (rule, spec))| {
                let m = spec.mask_char.as_deref().and_then(|s| s.chars().next()).unwrap_or(mask);
                let wildcard = name.contains("[*]");
                PolicyField { name, wildcard, rule, mask: m, spec }
            })
            .collect();
        Ok(MaskPolicy { fields, mask, leak_kinds: default_leak_kinds(), uncovered_as_warning: false })
    }

    /// [`derive`](Self::derive) from JSON: `resources_json` is an array of
    /// catalog resources (or a catalog document with `resources`),
    /// `options_json` a [`DeriveOptions`] object (may be empty `{}`).
    pub fn derive_json(resources_json: &str, options_json: &str) -> Result<MaskPolicy> {
        let v: Value = serde_json::from_str(resources_json).map_err(|e| crate::error::json_error(&e))?;
        let arr = match v {
            Value::Array(a) => Value::Array(a),
            Value::Object(mut o) => o.remove("resources").ok_or_else(|| Error::InvalidValue {
                location: Location::path("$.resources"),
                detail: "missing resources".into(),
            })?,
            _ => {
                return Err(Error::InvalidValue {
                    location: Location::path("$"),
                    detail: "expected an array of resources".into(),
                })
            }
        };
        let resources: Vec<Resource> =
            serde_json::from_value(arr).map_err(|e| crate::error::json_error(&e))?;
        let options: DeriveOptions = if options_json.trim().is_empty() {
            DeriveOptions::default()
        } else {
            serde_json::from_str(options_json).map_err(|e| {
                let mut detail = e.to_string();
                if let Some(p) = detail.find(" at line ") {
                    detail.truncate(p);
                }
                invalid("$", detail)
            })?
        };
        MaskPolicy::derive(&resources, &options)
    }
}

/// Of two identifier classes, the one that asks most of the data: direct
/// (must be masked) > quasi (counted in k) > sensitive (ℓ) > other.
fn strongest_class(a: Option<IdentifierClass>, b: IdentifierClass) -> IdentifierClass {
    let rank = |c: IdentifierClass| match c {
        IdentifierClass::Direct => 3,
        IdentifierClass::Quasi => 2,
        IdentifierClass::Sensitive => 1,
        IdentifierClass::Other => 0,
    };
    match a {
        Some(a) if rank(a) >= rank(b) => a,
        _ => b,
    }
}

impl MaskPolicy {
    /// The de-identification check's columns from the fields' identifier
    /// classes (GB/T 37964-2019 §3.6): `quasi` fields are the
    /// quasi-identifiers, `sensitive` the sensitive attributes, `direct` the
    /// direct identifiers; k and ℓ keep their defaults. Fields in policy
    /// order.
    ///
    /// A policy with no `quasi` field gives no quasi-identifier, which
    /// [`DeidChecker::new`](super::DeidChecker::new) refuses until some are
    /// named. Error (`invalid_argument`): a classed field is a wildcard path
    /// (the check reads named columns).
    pub fn deid_options(&self) -> Result<DeidOptions> {
        let mut options = DeidOptions::default();
        for f in &self.fields {
            let list = match f.spec.identifier_class {
                Some(IdentifierClass::Quasi) => &mut options.quasi,
                Some(IdentifierClass::Sensitive) => &mut options.sensitive,
                Some(IdentifierClass::Direct) => &mut options.direct,
                Some(IdentifierClass::Other) | None => continue,
            };
            if f.wildcard {
                return Err(Error::InvalidArgument {
                    name: "policy".into(),
                    detail: format!(
                        "field {:?} has an identifier class but a [*] path; the de-identification check reads named columns",
                        f.name
                    ),
                });
            }
            list.push(f.name.clone());
        }
        Ok(options)
    }
}

/// The default rule of a data item from its grade (1–4) and personal
/// information kind (`None` for grades outside 1–4).
///
/// Grade 1 → `plain`; grade 4 → `redact`; grades 2 and 3 by `pi_kind`:
/// `cn_resident_id` keep 6+4, `cn_mobile` keep 3+4, `cn_landline` keep 4+2,
/// `name` keep 1+0, `address` generalize county, `bank_card` keep 6+4,
/// `email` keep 1 of the local part, `birth_date` generalize year, `age`
/// 10-year band, `cn_passport`/`cn_hk_macau_permit` keep 1+3, `cn_plate`
/// keep 2+0, `cn_uscc` plain (a registered organization's public code), no
/// `pi_kind` → plain (still scanned for leaks), any other kind → `redact`.
pub fn default_rule(grade: u8, pi_kind: Option<&str>) -> Option<Rule> {
    let keep = |first, last| Rule::Keep { first, last, scope: KeepScope::Whole };
    Some(match grade {
        1 => Rule::Plain,
        4 => Rule::Redact,
        2 | 3 => match pi_kind {
            None => Rule::Plain,
            Some("cn_resident_id") | Some("bank_card") => keep(6, 4),
            Some("cn_mobile") => keep(3, 4),
            Some("cn_landline") => keep(4, 2),
            Some("name") => keep(1, 0),
            Some("address") => Rule::Address(AddrLevel::County),
            Some("email") => Rule::Keep { first: 1, last: 0, scope: KeepScope::EmailLocal },
            Some("birth_date") => Rule::Date(DateLevel::Year),
            Some("age") => Rule::Age(10),
            Some("cn_passport") | Some("cn_hk_macau_permit") => keep(1, 3),
            Some("cn_plate") => keep(2, 0),
            Some("cn_uscc") => Rule::Plain,
            Some(_) => Rule::Redact,
        },
        _ => return None,
    })
}

/// Options of [`MaskPolicy::derive`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DeriveOptions {
    /// 信息项名称 → record key, for items whose key is not their name.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub map: HashMap<String, String>,
    /// Only the items of the resource with this code.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// The approval of the sharing request, when it sets rules.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<Approval>,
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mask_char: Option<String>,
}

/// The masking part of an approved sharing request.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Approval {
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Item name (or record key) → the rule the approval sets.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub fields: HashMap<String, FieldRule>,
    /// Fields for which the approval explicitly allows a rule looser than
    /// (or not comparable to) the grade's default.
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[serde(default)]
    pub allow_looser: Vec<String>,
}

/// What a provider declares it applied: one rule per field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaskManifest {
    pub manifest_version: u32,
    pub fields: HashMap<String, FieldRule>,
    #[serde(default = "default_mask_string")]
    pub mask_char: String,
}

fn default_mask_string() -> String {
    DEFAULT_MASK_CHAR.to_string()
}

impl MaskManifest {
    /// Reads and checks a manifest.
    pub fn from_json(json: &str) -> Result<MaskManifest> {
        let v: Value = serde_json::from_str(json).map_err(|e| crate::error::json_error(&e))?;
        let obj = v.as_object().ok_or_else(|| manifest_invalid("$", "a manifest must be a JSON object"))?;
        for k in obj.keys() {
            if !matches!(k.as_str(), "manifest_version" | "fields" | "mask_char") {
                return Err(manifest_invalid(field_path("$", k), "unknown manifest key"));
            }
        }
        if obj.get("manifest_version").and_then(Value::as_u64) != Some(u64::from(MANIFEST_VERSION)) {
            return Err(manifest_invalid("$.manifest_version", "only manifest_version 1 is supported"));
        }
        let mask_char = match obj.get("mask_char") {
            None => default_mask_string(),
            Some(m) => {
                let s = m.as_str().ok_or_else(|| manifest_invalid("$.mask_char", "must be a string"))?;
                mask_char_of(s, "$.mask_char").map_err(into_manifest_error)?;
                s.to_owned()
            }
        };
        let f = obj
            .get("fields")
            .and_then(Value::as_object)
            .ok_or_else(|| manifest_invalid("$.fields", "a manifest needs a \"fields\" object"))?;
        let mut fields = HashMap::new();
        for (name, rv) in f {
            let path = field_path("$.fields", name);
            check_field_name(name, &path).map_err(into_manifest_error)?;
            let (spec, _) = parse_rule_value(rv, &path, true)?;
            fields.insert(name.clone(), spec);
        }
        Ok(MaskManifest { manifest_version: MANIFEST_VERSION, fields, mask_char })
    }

    /// The canonical bytes to sign: JSON with sorted keys and no whitespace
    /// (RFC 8785 form for this content: strings and small integers only).
    pub fn to_canonical_json(&self) -> Vec<u8> {
        canonical_json(&serde_json::to_value(self).unwrap_or(Value::Null)).into_bytes()
    }
}

/// JSON with object keys sorted (by UTF-16 code units, as RFC 8785 says) and no whitespace.
pub fn canonical_json(v: &Value) -> String {
    let mut out = String::new();
    write_canonical(v, &mut out);
    out
}

fn write_canonical(v: &Value, out: &mut String) {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            out.push('{');
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(k).unwrap_or_default());
                out.push(':');
                if let Some(x) = m.get(*k) {
                    write_canonical(x, out);
                }
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(x, out);
            }
            out.push(']');
        }
        other => out.push_str(&serde_json::to_string(other).unwrap_or_default()),
    }
}

/// Why a declared rule fails the required one: an unkeyed digest is named
/// for what it is (reversible by enumeration), any other weaker rule is
/// `rule_weaker_than_required`.
fn weaker_reason(declared: &Rule) -> &'static str {
    if matches!(declared, Rule::Digest(_)) {
        "unkeyed_hash_reversible"
    } else {
        "rule_weaker_than_required"
    }
}

/// One field as the verifier and masker see it: the required rule and the
/// declared one (the same when there is no manifest).
#[derive(Debug, Clone)]
pub(crate) struct EffectiveField {
    pub name: String,
    pub required: Rule,
    pub declared: Rule,
    pub mask: char,
    pub pi_kind: Option<String>,
    pub in_policy: bool,
}

/// FNV-1a: field paths are short and not attacker-chosen keys of a long-lived
/// map, so a fast non-keyed hash is fine for the per-value look-up.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

type FastMap<V> = HashMap<String, V, std::hash::BuildHasherDefault<Fnv>>;

/// The fields of a policy (and manifest) with fast look-up by concrete path.
#[derive(Debug, Clone)]
pub(crate) struct FieldTable {
    pub fields: Vec<EffectiveField>,
    exact: FastMap<usize>,
    wildcards: Vec<usize>,
}

impl FieldTable {
    /// Builds the table. Manifest-level problems (a declared rule weaker than
    /// the required one, a masked field not declared) are returned as
    /// `(field, reason)` pairs for the report.
    pub fn new(
        policy: &MaskPolicy,
        manifest: Option<&MaskManifest>,
    ) -> Result<(FieldTable, Vec<(String, String)>)> {
        let mut problems = Vec::new();
        let mut fields = Vec::new();
        let manifest_mask = match manifest {
            Some(m) => mask_char_of(&m.mask_char, "$.mask_char").map_err(into_manifest_error)?,
            None => policy.mask,
        };
        for f in &policy.fields {
            let (declared, mask) = match manifest {
                None => (f.rule.clone(), f.mask),
                Some(m) => match m.fields.get(&f.name) {
                    Some(spec) => {
                        let path = field_path("$.fields", &f.name);
                        let rule = Rule::from_spec(spec, &path).map_err(into_manifest_error)?;
                        let mask =
                            spec.mask_char.as_deref().and_then(|s| s.chars().next()).unwrap_or(manifest_mask);
                        if !rule.at_least_as_strict(&f.rule) {
                            problems.push((f.name.clone(), weaker_reason(&rule).to_owned()));
                        }
                        (rule, mask)
                    }
                    None => {
                        if f.rule.masks() {
                            problems.push((f.name.clone(), "field_not_declared".to_owned()));
                        }
                        (f.rule.clone(), manifest_mask)
                    }
                },
            };
            fields.push(EffectiveField {
                name: f.name.clone(),
                required: f.rule.clone(),
                declared,
                mask,
                pi_kind: f.spec.pi_kind.clone(),
                in_policy: true,
            });
        }
        if let Some(m) = manifest {
            let mut extra: Vec<(&String, &FieldRule)> =
                m.fields.iter().filter(|(k, _)| !policy.fields.iter().any(|f| &f.name == *k)).collect();
            extra.sort_by(|a, b| a.0.cmp(b.0));
            for (name, spec) in extra {
                let rule =
                    Rule::from_spec(spec, &field_path("$.fields", name)).map_err(into_manifest_error)?;
                let mask = spec.mask_char.as_deref().and_then(|s| s.chars().next()).unwrap_or(manifest_mask);
                // The policy is a floor the manifest cannot lower: an entry the
                // policy does not name exactly is still governed by the policy
                // wildcard that matches it (`persons[0].id` under
                // `persons[*].id`), and may not declare less than it.
                let governing = policy.fields.iter().find(|f| wildcard_match(&f.name, name));
                let required = governing.map_or(Rule::Plain, |f| f.rule.clone());
                if !rule.at_least_as_strict(&required) {
                    problems.push((name.clone(), weaker_reason(&rule).to_owned()));
                }
                fields.push(EffectiveField {
                    name: name.clone(),
                    required,
                    declared: rule,
                    mask,
                    pi_kind: spec.pi_kind.clone().or_else(|| governing.and_then(|f| f.spec.pi_kind.clone())),
                    in_policy: governing.is_some(),
                });
            }
        }
        Ok((FieldTable::from_fields(fields), problems))
    }

    /// A table for applying a policy (declared = required).
    pub fn for_policy(policy: &MaskPolicy) -> FieldTable {
        let fields = policy
            .fields
            .iter()
            .map(|f| EffectiveField {
                name: f.name.clone(),
                required: f.rule.clone(),
                declared: f.rule.clone(),
                mask: f.mask,
                pi_kind: f.spec.pi_kind.clone(),
                in_policy: true,
            })
            .collect();
        FieldTable::from_fields(fields)
    }

    /// A table with no fields (a placeholder while one is borrowed out).
    pub fn empty() -> FieldTable {
        FieldTable { fields: Vec::new(), exact: FastMap::default(), wildcards: Vec::new() }
    }

    fn from_fields(fields: Vec<EffectiveField>) -> FieldTable {
        let mut exact = FastMap::default();
        let mut wildcards = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            if f.name.contains("[*]") {
                wildcards.push(i);
            } else {
                exact.entry(f.name.clone()).or_insert(i);
            }
        }
        FieldTable { fields, exact, wildcards }
    }

    /// The field governing a concrete path.
    pub fn lookup(&self, path: &str) -> Option<usize> {
        if let Some(i) = self.exact.get(path) {
            return Some(*i);
        }
        self.wildcards
            .iter()
            .copied()
            .find(|&i| self.fields.get(i).is_some_and(|f| wildcard_match(&f.name, path)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_policy_parses() {
        let p = MaskPolicy::from_json(
            r#"{"fields": {"name": {"rule": "keep", "first": 1, "last": 0}, "idNumber": {"rule": "keep", "first": 6, "last": 4}, "remark": {"rule": "plain"}}, "mask_char": "*"}"#,
        )
        .unwrap();
        assert_eq!(p.fields.len(), 3);
        let e = MaskPolicy::from_json(r#"{"fields": {"a": {"rule": "keep", "value": "x"}}}"#).unwrap_err();
        assert_eq!(e.code(), "mask_policy_invalid");
        assert_eq!(e.location().and_then(|l| l.path.clone()).as_deref(), Some("$.fields.a.value"));
    }

    /// A manifest entry cannot shadow the policy's wildcard rule with a
    /// weaker one: it is governed by the wildcard and reported.
    #[test]
    fn a_manifest_entry_cannot_shadow_a_wildcard_rule() {
        let policy = MaskPolicy::from_json(
            r#"{"fields": {"persons[*].id": {"rule": "keep", "first": 6, "last": 4}}}"#,
        )
        .unwrap();
        let manifest = MaskManifest::from_json(
            r#"{"manifest_version": 1, "fields": {"persons[*].id": {"rule": "keep", "first": 6, "last": 4}, "persons[0].id": {"rule": "plain"}}}"#,
        )
        .unwrap();
        let (table, problems) = FieldTable::new(&policy, Some(&manifest)).unwrap();
        assert!(
            problems.contains(&("persons[0].id".to_owned(), "rule_weaker_than_required".to_owned())),
            "{problems:?}"
        );
        let i = table.lookup("persons[0].id").expect("governed");
        assert!(table.fields[i].required.masks(), "the policy's rule still applies to persons[0].id");
    }

    #[test]
    fn wildcards() {
        assert!(wildcard_match("a.phones[*]", "a.phones[12]"));
        assert!(!wildcard_match("a.phones[*]", "a.phones"));
        assert!(wildcard_match("x[*].id", "x[0].id"));
    }
}
