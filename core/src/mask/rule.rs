//! Masking rules: their JSON form ([`FieldRule`]), the checked form ([`Rule`]),
//! the strictness order between rules, applying a rule to a value, and
//! checking that a received value conforms to a declared rule.
//!
//! All character counts are Unicode scalar values (Rust `char`s), never bytes
//! or UTF-16 units, so a CJK Extension B name counts as its visible length.

use hmac::{KeyInit, Mac};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Location, Result};

/// The rule names of the policy format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum RuleKind {
    /// Keep the first `first` and last `last` characters, mask the rest.
    Keep,
    /// Mask every character.
    Redact,
    /// Replace the whole value by a fixed `value`.
    Replace,
    /// Keyed HMAC (`alg` sm3 or sha256), lowercase hex.
    Hash,
    /// An unkeyed digest (`alg` sm3 or sha256) of the value, lowercase hex,
    /// as some providers send an ID number. Reversible by enumeration (an
    /// ID number, a phone number have few enough values to hash them all):
    /// a verifier reports it (`unkeyed_hash_reversible`); it is never a
    /// default.
    Digest,
    /// Generalize a date, address or age (`to`).
    Generalize,
    /// Keep only the first `first` characters.
    Truncate,
    /// No masking required (the value is still scanned for leaks).
    #[default]
    Plain,
}

/// Which part of the value a `keep` rule works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum KeepScope {
    /// The whole value (default).
    Whole,
    /// Only the local part of an e-mail (before the last `@`); the domain stays.
    EmailLocal,
}

/// Hash function of the `hash` (HMAC) and `digest` (unkeyed) rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum HashAlg {
    Sm3,
    Sha256,
}

/// Target of the `generalize` rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum GeneralizeTo {
    /// Date → `YYYY`.
    Year,
    /// Date → `YYYY-MM`.
    YearMonth,
    /// Address → up to the province (省/自治区/直辖市).
    Province,
    /// Address → up to the city (市/州/盟/地区).
    City,
    /// Address → up to the county (区/县/旗/县级市).
    County,
    /// Age → band of `width` years, e.g. `30-39`.
    AgeBand,
}

/// One field's rule as written in a policy, approval or manifest (JSON).
///
/// Only the parameters of its `rule` may be present; [`Rule::from_spec`]
/// checks that. `item`, `grade`, `pi_kind`, `source` and `identifier_class` are provenance that
/// [`derive`](super::MaskPolicy::derive) fills in; they do not change the rule.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct FieldRule {
    pub rule: RuleKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub first: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub last: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub mask_char: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub scope: Option<KeepScope>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub alg: Option<HashAlg>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub to: Option<GeneralizeTo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub width: Option<u32>,
    /// 信息项名称 the rule was derived for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub item: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub grade: Option<u8>,
    /// Personal-information kind; also selects type checks of kept characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub pi_kind: Option<String>,
    /// `default` (from grade and pi_kind), `approval`, or `explicit`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub source: Option<String>,
    /// The item's identifier class (GB/T 37964-2019 §3.6): the catalog's
    /// `identifier_class`, else the default for its `pi_kind`. The
    /// de-identification check takes its columns from it
    /// ([`MaskPolicy::deid_options`](super::MaskPolicy::deid_options)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub identifier_class: Option<crate::catalog::IdentifierClass>,
}

// The levels live with the generalization code, which does not depend on
// the rules (no import circle); they are re-exported here, where rules use them.
pub use super::generalize::{AddrLevel, DateLevel};

/// A checked rule. Mask characters live beside it (per field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    Keep {
        first: u32,
        last: u32,
        scope: KeepScope,
    },
    Redact,
    Replace(String),
    Hash(HashAlg),
    /// Unkeyed digest: reversible by enumeration.
    Digest(HashAlg),
    Date(DateLevel),
    Address(AddrLevel),
    Age(u32),
    Truncate(u32),
    Plain,
}

/// Longest `first`/`last`/`width` a rule may name.
const MAX_COUNT: u32 = 10_000;

fn invalid(path: &str, detail: impl Into<String>) -> Error {
    Error::MaskPolicyInvalid { location: Location::path(path), detail: detail.into() }
}

impl Rule {
    /// Checks a [`FieldRule`]: parameters present, in range and only those of
    /// its rule. `path` locates it in the document for errors.
    pub fn from_spec(spec: &FieldRule, path: &str) -> Result<Rule> {
        let allowed: &[&str] = match spec.rule {
            RuleKind::Keep => &["first", "last", "mask_char", "scope"],
            RuleKind::Redact => &["mask_char"],
            RuleKind::Replace => &["value"],
            RuleKind::Hash => &["alg"],
            RuleKind::Digest => &["alg"],
            RuleKind::Generalize => &["to", "width"],
            RuleKind::Truncate => &["first"],
            RuleKind::Plain => &[],
        };
        let present = [
            ("first", spec.first.is_some()),
            ("last", spec.last.is_some()),
            ("mask_char", spec.mask_char.is_some()),
            ("scope", spec.scope.is_some()),
            ("value", spec.value.is_some()),
            ("alg", spec.alg.is_some()),
            ("to", spec.to.is_some()),
            ("width", spec.width.is_some()),
        ];
        for (name, is) in present {
            if is && !allowed.contains(&name) {
                return Err(invalid(
                    &format!("{path}.{name}"),
                    format!("parameter {name:?} does not belong to rule {:?}", spec.rule.as_str()),
                ));
            }
        }
        if let Some(m) = &spec.mask_char {
            mask_char_of(m, &format!("{path}.mask_char"))?;
        }
        let count = |v: Option<u32>, name: &str| -> Result<u32> {
            let v = v.unwrap_or(0);
            if v > MAX_COUNT {
                return Err(invalid(&format!("{path}.{name}"), format!("must be at most {MAX_COUNT}")));
            }
            Ok(v)
        };
        Ok(match spec.rule {
            RuleKind::Keep => Rule::Keep {
                first: count(spec.first, "first")?,
                last: count(spec.last, "last")?,
                scope: spec.scope.unwrap_or(KeepScope::Whole),
            },
            RuleKind::Redact => Rule::Redact,
            RuleKind::Replace => Rule::Replace(
                spec.value
                    .clone()
                    .ok_or_else(|| invalid(&format!("{path}.value"), "rule replace needs a value"))?,
            ),
            RuleKind::Hash => Rule::Hash(spec.alg.unwrap_or(HashAlg::Sm3)),
            // No default: a declaration that names no function is not guessed.
            RuleKind::Digest => {
                Rule::Digest(spec.alg.ok_or_else(|| {
                    invalid(&format!("{path}.alg"), "rule digest needs alg (sm3 or sha256)")
                })?)
            }
            RuleKind::Generalize => {
                let to = spec.to.ok_or_else(|| {
                    invalid(
                        &format!("{path}.to"),
                        "rule generalize needs \"to\" (year, year_month, province, city, county, age_band)",
                    )
                })?;
                if spec.width.is_some() && to != GeneralizeTo::AgeBand {
                    return Err(invalid(&format!("{path}.width"), "width belongs to to=age_band only"));
                }
                match to {
                    GeneralizeTo::Year => Rule::Date(DateLevel::Year),
                    GeneralizeTo::YearMonth => Rule::Date(DateLevel::YearMonth),
                    GeneralizeTo::Province => Rule::Address(AddrLevel::Province),
                    GeneralizeTo::City => Rule::Address(AddrLevel::City),
                    GeneralizeTo::County => Rule::Address(AddrLevel::County),
                    GeneralizeTo::AgeBand => {
                        let w = count(Some(spec.width.unwrap_or(10)), "width")?;
                        if w == 0 {
                            return Err(invalid(&format!("{path}.width"), "must be at least 1"));
                        }
                        Rule::Age(w)
                    }
                }
            }
            RuleKind::Truncate => Rule::Truncate(count(spec.first, "first").and_then(|v| {
                spec.first
                    .map(|_| v)
                    .ok_or_else(|| invalid(&format!("{path}.first"), "rule truncate needs first"))
            })?),
            RuleKind::Plain => Rule::Plain,
        })
    }

    /// The JSON form (without provenance or mask character).
    pub fn to_spec(&self) -> FieldRule {
        let mut s = FieldRule::default();
        match self {
            Rule::Keep { first, last, scope } => {
                s.rule = RuleKind::Keep;
                s.first = Some(*first);
                s.last = Some(*last);
                if *scope != KeepScope::Whole {
                    s.scope = Some(*scope);
                }
            }
            Rule::Redact => s.rule = RuleKind::Redact,
            Rule::Replace(v) => {
                s.rule = RuleKind::Replace;
                s.value = Some(v.clone());
            }
            Rule::Hash(a) => {
                s.rule = RuleKind::Hash;
                s.alg = Some(*a);
            }
            Rule::Digest(a) => {
                s.rule = RuleKind::Digest;
                s.alg = Some(*a);
            }
            Rule::Date(l) => {
                s.rule = RuleKind::Generalize;
                s.to = Some(match l {
                    DateLevel::Year => GeneralizeTo::Year,
                    DateLevel::YearMonth => GeneralizeTo::YearMonth,
                });
            }
            Rule::Address(l) => {
                s.rule = RuleKind::Generalize;
                s.to = Some(match l {
                    AddrLevel::Province => GeneralizeTo::Province,
                    AddrLevel::City => GeneralizeTo::City,
                    AddrLevel::County => GeneralizeTo::County,
                });
            }
            Rule::Age(w) => {
                s.rule = RuleKind::Generalize;
                s.to = Some(GeneralizeTo::AgeBand);
                s.width = Some(*w);
            }
            Rule::Truncate(n) => {
                s.rule = RuleKind::Truncate;
                s.first = Some(*n);
            }
            Rule::Plain => s.rule = RuleKind::Plain,
        }
        s
    }

    /// The rule's name as reports show it.
    pub fn name(&self) -> &'static str {
        self.kind().as_str()
    }

    pub fn kind(&self) -> RuleKind {
        match self {
            Rule::Keep { .. } => RuleKind::Keep,
            Rule::Redact => RuleKind::Redact,
            Rule::Replace(_) => RuleKind::Replace,
            Rule::Hash(_) => RuleKind::Hash,
            Rule::Digest(_) => RuleKind::Digest,
            Rule::Date(_) | Rule::Address(_) | Rule::Age(_) => RuleKind::Generalize,
            Rule::Truncate(_) => RuleKind::Truncate,
            Rule::Plain => RuleKind::Plain,
        }
    }

    /// Whether values under this rule need masking at all.
    pub fn masks(&self) -> bool {
        !matches!(self, Rule::Plain)
    }

    /// `self` reveals no more than `other`: the strictness order.
    ///
    /// `redact` = `replace` (reveal nothing but, for redact, the length) >
    /// `hash` (reveals only equality) > the families `keep`/`truncate`,
    /// date, address and age generalization > `digest` (an unkeyed hash:
    /// reversible by enumeration) > `plain`. Within `keep`: fewer
    /// kept characters at both ends (component-wise) is stricter, and a
    /// whole-value keep is at least as strict as an e-mail-local one with the
    /// same or larger counts. `truncate n` ≥ `keep f+l` when n ≤ f; `keep f+0`
    /// ≥ `truncate n` when f ≤ n (the length a keep reveals is not counted).
    /// Coarser generalization is stricter (year ≥ year_month; province ≥ city
    /// ≥ county; a wider age band ≥ a narrower one). Rules of different
    /// families are incomparable: neither is at least as strict.
    pub fn at_least_as_strict(&self, other: &Rule) -> bool {
        use Rule::*;
        match (self, other) {
            (_, Plain) => true,
            (Redact | Replace(_), _) => true,
            (_, Redact | Replace(_)) => false,
            // An unkeyed digest reveals the value to whoever enumerates the
            // possible values: above plain only. Every masking rule is at
            // least as strict as it.
            (Digest(_), Digest(_)) => true,
            (Plain, Digest(_)) => false,
            (_, Digest(_)) => true,
            (Digest(_), _) => false,
            (Hash(_), _) => true,
            (_, Hash(_)) => false,
            (Keep { first: f1, last: l1, scope: s1 }, Keep { first: f2, last: l2, scope: s2 }) => {
                f1 <= f2 && l1 <= l2 && (s1 == s2 || *s1 == KeepScope::Whole)
            }
            (Truncate(n), Keep { first, .. }) => n <= first,
            (Keep { first, last, scope }, Truncate(n)) => {
                *scope == KeepScope::Whole && *last == 0 && first <= n
            }
            (Truncate(a), Truncate(b)) => a <= b,
            (Date(a), Date(b)) => a <= b,
            (Address(a), Address(b)) => a <= b,
            (Age(a), Age(b)) => a >= b,
            _ => false,
        }
    }
}

crate::names::named_enum!(GeneralizeTo, "generalization level" {
    Year = "year",
    YearMonth = "year_month",
    Province = "province",
    City = "city",
    County = "county",
    AgeBand = "age_band",
});

impl RuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Keep => "keep",
            RuleKind::Redact => "redact",
            RuleKind::Replace => "replace",
            RuleKind::Hash => "hash",
            RuleKind::Digest => "digest",
            RuleKind::Generalize => "generalize",
            RuleKind::Truncate => "truncate",
            RuleKind::Plain => "plain",
        }
    }
}

/// A mask character: exactly one Unicode scalar value, not a letter or digit.
pub fn mask_char_of(s: &str, path: &str) -> Result<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) if !c.is_alphanumeric() && !c.is_whitespace() => Ok(c),
        _ => Err(invalid(path, "mask_char must be one character that is not a letter, digit or space")),
    }
}

// ------------------------------------------------------------------- apply

/// The result of applying a rule to one value.
#[derive(Debug, PartialEq, Eq)]
pub enum Applied {
    /// The masked value.
    Value(String),
    /// The rule cannot be applied to this value (keep 6+6 of 10 characters,
    /// a date that is not a date); the value was masked completely instead.
    NotApplicable(String),
}

/// The HMAC key and function used by the `hash` rule.
pub(crate) fn hmac_hex(alg: HashAlg, key: &[u8], value: &str) -> String {
    use crate::encoding::hex;
    match alg {
        HashAlg::Sm3 => {
            let mut m = <hmac::Hmac<sm3::Sm3> as KeyInit>::new_from_slice(key).unwrap_or_else(|_| {
                // HMAC accepts keys of any length; this branch is unreachable.
                <hmac::Hmac<sm3::Sm3> as KeyInit>::new(&Default::default())
            });
            m.update(value.as_bytes());
            hex(&m.finalize().into_bytes())
        }
        // ring is the one SHA-256 implementation (RFC 9421, digests, keys).
        HashAlg::Sha256 => {
            let k = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, key);
            hex(ring::hmac::sign(&k, value.as_bytes()).as_ref())
        }
    }
}

fn mask_all(value: &str, mask: char) -> String {
    value.chars().map(|_| mask).collect()
}

/// Applies `rule` to `value`. `key` is the HMAC key (required for `hash`;
/// the caller checks it is present).
pub fn apply_rule(rule: &Rule, value: &str, mask: char, key: &[u8]) -> Applied {
    match rule {
        Rule::Plain => Applied::Value(value.to_owned()),
        Rule::Redact => Applied::Value(mask_all(value, mask)),
        Rule::Replace(v) => Applied::Value(v.clone()),
        Rule::Hash(alg) => Applied::Value(hmac_hex(*alg, key, value)),
        Rule::Digest(HashAlg::Sha256) => Applied::Value(crate::digest::sha256_hex(value.as_bytes())),
        Rule::Digest(HashAlg::Sm3) => Applied::Value(crate::digest::sm3_hex(value.as_bytes())),
        Rule::Truncate(n) => Applied::Value(value.chars().take(*n as usize).collect()),
        Rule::Keep { first, last, scope } => {
            let (part, rest) = split_scope(value, *scope);
            let n = part.chars().count();
            let (f, l) = (*first as usize, *last as usize);
            if n == 0 {
                return Applied::Value(value.to_owned());
            }
            if n <= f.saturating_add(l) {
                return Applied::NotApplicable(format!("{}{}", mask_all(part, mask), rest));
            }
            let masked: String =
                part.chars().enumerate().map(|(k, c)| if k < f || k >= n - l { c } else { mask }).collect();
            Applied::Value(masked + rest)
        }
        Rule::Date(level) => match super::generalize::date(value, *level) {
            Some(v) => Applied::Value(v),
            None if value.is_empty() => Applied::Value(String::new()),
            None => Applied::NotApplicable(mask_all(value, mask)),
        },
        Rule::Address(level) => match super::generalize::address(value, *level) {
            Some(v) => Applied::Value(v.to_owned()),
            None if value.is_empty() => Applied::Value(String::new()),
            None => Applied::NotApplicable(mask_all(value, mask)),
        },
        Rule::Age(w) => match super::generalize::age(value, *w) {
            Some(v) => Applied::Value(v),
            None if value.is_empty() => Applied::Value(String::new()),
            None => Applied::NotApplicable(mask_all(value, mask)),
        },
    }
}

/// Splits off the part a keep rule works on, and the rest kept verbatim.
fn split_scope(value: &str, scope: KeepScope) -> (&str, &str) {
    match scope {
        KeepScope::Whole => (value, ""),
        KeepScope::EmailLocal => match value.rfind('@') {
            Some(p) => value.split_at(p),
            None => (value, ""),
        },
    }
}

// ------------------------------------------------------------------- check

/// Why a received value does not conform to its declared rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nonconformity {
    /// A character that should be masked is not, or the value is not masked at all.
    MaskCountMismatch,
    /// The value is too short for the rule, and not fully masked.
    RuleNotApplicable,
    /// A kept character is impossible for the field's kind (a letter in an ID's head).
    KeptCharsInvalid,
    /// The value's length is impossible for the field's kind.
    LengthMismatch,
    /// Not a lowercase hex digest of the right length.
    HashMalformed,
    /// A date/address/age more precise than declared.
    NotGeneralized,
    /// Not the declared replacement value.
    ReplaceMismatch,
    /// Longer than a truncate rule allows.
    TooLong,
}

impl Nonconformity {
    pub fn as_str(self) -> &'static str {
        match self {
            Nonconformity::MaskCountMismatch => "mask_count_mismatch",
            Nonconformity::RuleNotApplicable => "rule_not_applicable",
            Nonconformity::KeptCharsInvalid => "kept_chars_invalid",
            Nonconformity::LengthMismatch => "length_mismatch",
            Nonconformity::HashMalformed => "hash_malformed",
            Nonconformity::NotGeneralized => "not_generalized",
            Nonconformity::ReplaceMismatch => "replace_mismatch",
            Nonconformity::TooLong => "too_long",
        }
    }
}

/// Checks that `value` is what `rule` produces. `pi_kind` adds type checks of
/// kept characters and length for identifier kinds. A mask character where a
/// character could have been kept is always accepted (that is stricter).
pub fn check_rule(rule: &Rule, value: &str, mask: char, pi_kind: Option<&str>) -> Option<Nonconformity> {
    // A fully masked value reveals nothing: it conforms to every rule that
    // masks characters (what apply produces when a rule does not fit a value).
    let suppressed = !value.is_empty() && value.chars().all(|c| c == mask);
    if suppressed && !matches!(rule, Rule::Replace(_) | Rule::Hash(_) | Rule::Digest(_)) {
        return None;
    }
    match rule {
        Rule::Plain => None,
        Rule::Redact => (!value.chars().all(|c| c == mask)).then_some(Nonconformity::MaskCountMismatch),
        Rule::Replace(v) => (value != v).then_some(Nonconformity::ReplaceMismatch),
        Rule::Hash(_) | Rule::Digest(_) => {
            let ok =
                value.len() == 64 && value.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            (!ok).then_some(Nonconformity::HashMalformed)
        }
        Rule::Truncate(n) => (value.chars().count() > *n as usize).then_some(Nonconformity::TooLong),
        Rule::Keep { first, last, scope } => {
            let (part, _) = split_scope(value, *scope);
            let n = part.chars().count();
            if n == 0 {
                return None;
            }
            let (f, l) = (*first as usize, *last as usize);
            if n <= f.saturating_add(l) {
                return (!part.chars().all(|c| c == mask)).then_some(Nonconformity::RuleNotApplicable);
            }
            if let Some(bad) = kind_shape(pi_kind, part, n, mask) {
                return Some(bad);
            }
            let middle_ok = part.chars().enumerate().all(|(k, c)| k < f || k >= n - l || c == mask);
            (!middle_ok).then_some(Nonconformity::MaskCountMismatch)
        }
        Rule::Date(level) => {
            let ok = value.is_empty() || super::generalize::is_generalized_date(value, *level);
            (!ok).then_some(Nonconformity::NotGeneralized)
        }
        Rule::Address(level) => {
            let ok = value.is_empty() || super::generalize::address(value, *level) == Some(value);
            (!ok).then_some(Nonconformity::NotGeneralized)
        }
        Rule::Age(w) => {
            let ok = value.is_empty() || super::generalize::is_age_band(value, *w);
            (!ok).then_some(Nonconformity::NotGeneralized)
        }
    }
}

/// Length and kept-character checks for identifier kinds: kept characters
/// must be what the identifier has at those positions.
fn kind_shape(pi_kind: Option<&str>, part: &str, n: usize, mask: char) -> Option<Nonconformity> {
    let (lens, id_tail): (&[usize], bool) = match pi_kind? {
        "cn_resident_id" => (&[15, 18], true),
        "cn_mobile" => (&[11], false),
        "bank_card" => (&[16, 17, 18, 19], false),
        _ => return None,
    };
    if !lens.contains(&n) {
        return Some(Nonconformity::LengthMismatch);
    }
    let ok = part.chars().enumerate().all(|(k, c)| {
        c == mask || c.is_ascii_digit() || (id_tail && n == 18 && k == 17 && (c == 'X' || c == 'x'))
    });
    (!ok).then_some(Nonconformity::KeptCharsInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(f: u32, l: u32) -> Rule {
        Rule::Keep { first: f, last: l, scope: KeepScope::Whole }
    }

    #[test]
    fn generalize_to_names_are_serdes() {
        for &g in GeneralizeTo::ALL {
            assert_eq!(serde_json::to_value(g).unwrap(), serde_json::json!(g.as_str()));
            assert_eq!(g.as_str().parse::<GeneralizeTo>().unwrap(), g);
        }
    }

    #[test]
    fn strictness() {
        assert!(Rule::Redact.at_least_as_strict(&Rule::Hash(HashAlg::Sm3)));
        assert!(Rule::Hash(HashAlg::Sm3).at_least_as_strict(&keep(6, 4)));
        assert!(keep(3, 4).at_least_as_strict(&keep(6, 4)));
        assert!(!keep(6, 5).at_least_as_strict(&keep(6, 4)));
        assert!(!keep(1, 8).at_least_as_strict(&keep(6, 4)));
        assert!(Rule::Date(DateLevel::Year).at_least_as_strict(&Rule::Date(DateLevel::YearMonth)));
        assert!(!Rule::Plain.at_least_as_strict(&keep(1, 0)));
        assert!(!Rule::Date(DateLevel::Year).at_least_as_strict(&keep(4, 0)));
    }

    #[test]
    fn keep_apply_and_check() {
        let r = keep(6, 4);
        let Applied::Value(v) = apply_rule(&r, "11010519491231002X", '*', b"") else { panic!() };
        assert_eq!(v, "110105********002X");
        assert_eq!(check_rule(&r, &v, '*', Some("cn_resident_id")), None);
        assert_eq!(check_rule(&r, "11010519491231002X", '*', None), Some(Nonconformity::MaskCountMismatch));
        assert_eq!(
            check_rule(&r, "11A105********002X", '*', Some("cn_resident_id")),
            Some(Nonconformity::KeptCharsInvalid)
        );
        assert!(matches!(apply_rule(&keep(6, 6), "1234567890", '*', b""), Applied::NotApplicable(_)));
        assert_eq!(check_rule(&keep(6, 6), "1234567890", '*', None), Some(Nonconformity::RuleNotApplicable));
        assert_eq!(check_rule(&keep(1, 0), "𠀀*", '*', None), None);
    }

    #[test]
    fn hmac_known_values() {
        // RFC 4231 test case 2 (HMAC-SHA-256, key "Jefe").
        assert_eq!(
            hmac_hex(HashAlg::Sha256, b"Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(hmac_hex(HashAlg::Sm3, b"k", "v").len(), 64);
    }
}
