//! Catalog lint: core-metadata completeness and the rules of the catalog
//! standard and the decree, as findings with stable codes.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::engine::Catalog;
use super::model::{IdentifierClass, LegalBasisKind, Sharing, SharingType};
use crate::identifiers::{check_credit_code, CreditCodeStatus};
use crate::Result;

/// Longest resource name the standard allows, in characters.
pub const MAX_NAME_CHARS: usize = 50;
/// Longest abstract the standard allows, in characters.
pub const MAX_ABSTRACT_CHARS: usize = 256;

pub use crate::finding::Severity;

/// One problem found in a catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct LintFinding {
    /// Stable snake_case code, e.g. `missing_metadata`.
    pub code: String,
    pub severity: Severity,
    /// Id of the catalog.
    pub catalog: String,
    /// Code of the resource concerned (none for catalog-level findings).
    pub resource: Option<String>,
    /// JSON path in the catalog document, e.g. `$.resources[3].abstract`.
    pub path: String,
    /// The message in English (`message_zh`: in Chinese); the one spelling
    /// every record of the crate uses.
    pub message_en: String,
    pub message_zh: String,
    /// The article(s) of the 政务数据共享条例 (Decree No. 809) the rule
    /// applies, e.g. `Art. 15`; `None` when the rule comes from a standard
    /// only.
    pub article: Option<String>,
    /// The standard the rule applies, e.g. `GB/T 21063.3`, `GB 32100`,
    /// `GB/T 43697`; `None` when the rule comes from the decree only.
    pub standard: Option<String>,
}

/// What a rule applies: an article of the decree and/or a standard.
#[derive(Debug, Clone, Copy)]
struct Cite {
    article: Option<&'static str>,
    standard: Option<&'static str>,
}

const fn cite(article: &'static str, standard: &'static str) -> Cite {
    Cite {
        article: if article.is_empty() { None } else { Some(article) },
        standard: if standard.is_empty() { None } else { Some(standard) },
    }
}

/// The catalog metadata standard (政务信息资源目录 core metadata).
const METADATA: Cite = cite("", "GB/T 21063.3");
/// A field Decree No. 809 Art. 13 makes mandatory, from the metadata standard.
const ART13_METADATA: Cite = cite("Art. 13", "GB/T 21063.3");
/// The unified social credit code.
const CREDIT_CODE: Cite = cite("", "GB 32100");
/// Classification and grading: Art. 13 with GB/T 43697.
const ART13_GRADING: Cite = cite("Art. 13", "GB/T 43697");

/// Loads and lints a catalog document in one step (duplicate codes load
/// fine and are reported as `duplicate_code`).
pub fn lint_json(bytes: &[u8]) -> Result<Vec<LintFinding>> {
    Ok(Catalog::from_json(bytes)?.lint())
}

/// `YYYY-MM-DD` naming a real day.
pub(crate) fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else { return false };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// 类 (1 digit), 项 (2 more), 目 (3 more), 细目 (any more).
fn valid_classification(s: &str) -> bool {
    digits(s) && (s.len() == 1 || s.len() == 3 || s.len() >= 6)
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

struct Sink<'a> {
    catalog: &'a str,
    out: Vec<(u64, LintFinding)>,
}

impl Sink<'_> {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        order: u64,
        code: &str,
        sev: Severity,
        cite: Cite,
        res: Option<&str>,
        path: String,
        en: String,
        zh: String,
    ) {
        self.out.push((
            order,
            LintFinding {
                code: code.into(),
                severity: sev,
                catalog: self.catalog.into(),
                resource: res.map(str::to_owned),
                path,
                message_en: en,
                message_zh: zh,
                article: cite.article.map(str::to_owned),
                standard: cite.standard.map(str::to_owned),
            },
        ));
    }
}

impl Catalog {
    /// Every finding, ordered by resource position, then path, then code.
    pub fn lint(&self) -> Vec<LintFinding> {
        let s = &self.store;
        let mut sink = Sink { catalog: &self.info.id, out: Vec::new() };
        if let Some(p) = &self.info.published {
            if !valid_date(p) {
                sink.add(
                    0,
                    "invalid_date",
                    Severity::Error,
                    METADATA,
                    None,
                    "$.catalog.published".into(),
                    "catalog publication date is not a valid YYYY-MM-DD date".into(),
                    "目录发布日期不是有效的 YYYY-MM-DD 日期".into(),
                );
            }
        }
        // Duplicate codes: every occurrence after the first.
        let mut first_of: HashMap<u32, u32> = HashMap::new();
        for pair in self.index.code_order.windows(2) {
            if let [a, b] = *pair {
                if s.code(a) == s.code(b) {
                    let first = first_of.get(&a).copied().unwrap_or(a);
                    first_of.insert(b, first);
                }
            }
        }
        // 一数一源: item names with authoritative items from several
        // providers (the first provider seen, and whether another was).
        let mut sources: HashMap<u32, (u32, bool)> = HashMap::new();
        for r in 0..s.len() as u32 {
            let provider = provider_key(self, r);
            for i in s.items_of(r) {
                if s.item_authoritative(i) {
                    let e = sources.entry(s.item_name_id(i)).or_insert((provider, false));
                    e.1 |= e.0 != provider;
                }
            }
        }
        for r in 0..s.len() as u32 {
            self.lint_resource(r, &mut sink, &first_of, &sources);
        }
        let mut out = sink.out;
        out.sort_by(|(oa, a), (ob, b)| {
            oa.cmp(ob).then_with(|| a.path.cmp(&b.path)).then_with(|| a.code.cmp(&b.code))
        });
        out.into_iter().map(|(_, f)| f).collect()
    }

    fn lint_resource(
        &self,
        r: u32,
        sink: &mut Sink<'_>,
        first_of: &HashMap<u32, u32>,
        sources: &HashMap<u32, (u32, bool)>,
    ) {
        let s = &self.store;
        let res = self.store.resource(r);
        let code = res.code.as_str();
        let at = |field: &str| format!("$.resources[{r}].{field}");
        let order = u64::from(r) + 1;
        let c = Some(code);
        let mut missing = |field: &str, zh: &str, cite: Cite| {
            sink.add(
                order,
                "missing_metadata",
                Severity::Error,
                cite,
                c,
                at(field),
                format!("core metadata `{field}` is missing"),
                format!("缺少核心元数据“{zh}”"),
            );
        };
        if blank(&res.code) {
            missing("code", "信息资源代码", METADATA);
        }
        if blank(&res.classification) {
            missing("classification", "信息资源分类", ART13_METADATA);
        }
        if blank(&res.name) {
            missing("name", "信息资源名称", ART13_METADATA);
        }
        if blank(&res.provider) {
            missing("provider", "提供方", ART13_METADATA);
        }
        if blank(&res.provider_code) {
            missing("provider_code", "提供方代码", METADATA);
        }
        if blank(&res.summary) {
            missing("abstract", "信息资源摘要", METADATA);
        }
        if res.format.is_none() {
            missing("format", "信息资源格式", ART13_METADATA);
        }
        if res.items.is_empty() {
            missing("items", "信息项", ART13_METADATA);
        }
        if res.update_cycle.is_none() {
            missing("update_cycle", "更新周期", ART13_METADATA);
        }
        if blank(&res.published) {
            missing("published", "发布日期", METADATA);
        }
        let code_ok = match res.code.split_once('/') {
            Some((class, seq)) => digits(class) && digits(seq),
            None => false,
        };
        if !blank(code) && !code_ok {
            sink.add(
                order,
                "malformed_code",
                Severity::Error,
                METADATA,
                c,
                at("code"),
                "resource code is not `<classification digits>/<sequence digits>`".into(),
                "信息资源代码不符合“分类代码/顺序号”（均为数字）的格式".into(),
            );
        }
        if !blank(&res.classification) && !valid_classification(&res.classification) {
            sink.add(
                order,
                "malformed_classification",
                Severity::Error,
                METADATA,
                c,
                at("classification"),
                "classification is not digits of 类 (1), 项 (+2), 目 (+3) and 细目".into(),
                "信息资源分类代码不符合类（1位）、项（2位）、目（3位）、细目的数字格式".into(),
            );
        }
        if code_ok && !blank(&res.classification) {
            let prefix = res.code.split('/').next().unwrap_or("");
            if prefix != res.classification {
                sink.add(
                    order,
                    "classification_mismatch",
                    Severity::Error,
                    METADATA,
                    c,
                    at("classification"),
                    "the classification part of the code differs from `classification`".into(),
                    "信息资源代码中的分类部分与信息资源分类不一致".into(),
                );
            }
        }
        if !blank(&res.provider_code) {
            match check_credit_code(&res.provider_code) {
                CreditCodeStatus::Malformed => sink.add(
                    order,
                    "malformed_provider_code",
                    Severity::Error,
                    CREDIT_CODE,
                    c,
                    at("provider_code"),
                    "provider code is not an 18-character unified social credit code (GB 32100)".into(),
                    "提供方代码不是 18 位统一社会信用代码（GB 32100）".into(),
                ),
                CreditCodeStatus::CheckFailed => sink.add(
                    order,
                    "malformed_provider_code",
                    Severity::Warning,
                    CREDIT_CODE,
                    c,
                    at("provider_code"),
                    "provider code fails the GB 32100 check character (some early codes do)".into(),
                    "提供方代码校验位不符合 GB 32100（部分早期代码如此）".into(),
                ),
                CreditCodeStatus::Valid => {}
            }
        }
        if res.name.chars().count() > MAX_NAME_CHARS {
            sink.add(
                order,
                "name_too_long",
                Severity::Warning,
                METADATA,
                c,
                at("name"),
                format!("name is longer than {MAX_NAME_CHARS} characters"),
                format!("信息资源名称超过 {MAX_NAME_CHARS} 个字符"),
            );
        }
        if res.summary.chars().count() > MAX_ABSTRACT_CHARS {
            sink.add(
                order,
                "abstract_too_long",
                Severity::Warning,
                METADATA,
                c,
                at("abstract"),
                format!("abstract is longer than {MAX_ABSTRACT_CHARS} characters"),
                format!("信息资源摘要超过 {MAX_ABSTRACT_CHARS} 个字符"),
            );
        }
        if !blank(&res.published) && !valid_date(&res.published) {
            sink.add(
                order,
                "invalid_date",
                Severity::Error,
                METADATA,
                c,
                at("published"),
                "publication date is not a valid YYYY-MM-DD date".into(),
                "发布日期不是有效的 YYYY-MM-DD 日期".into(),
            );
        }
        self.lint_sharing(&res.sharing, order, c, &at, sink);
        if res.security_level.is_none() {
            // A version 1 document could not state it: a warning there.
            let (sev, en, zh) = if self.source_version < 2 {
                (
                    Severity::Warning,
                    "no GB/T 43697 security level (core/important/general); format version 2 adds `security_level`",
                    "未标注 GB/T 43697 数据级别（核心/重要/一般）；格式版本 2 增加了 security_level 字段",
                )
            } else {
                (
                    Severity::Error,
                    "the GB/T 43697 security level (core/important/general) is missing",
                    "缺少 GB/T 43697 数据级别（核心/重要/一般）",
                )
            };
            sink.add(
                order,
                "missing_security_level",
                sev,
                ART13_GRADING,
                c,
                at("security_level"),
                en.into(),
                zh.into(),
            );
        }
        if let Some(&first) = first_of.get(&r) {
            sink.add(
                order,
                "duplicate_code",
                Severity::Error,
                METADATA,
                c,
                at("code"),
                format!("code is already used by resource {first}"),
                format!("信息资源代码与第 {first} 个资源重复"),
            );
        }
        for (k, code_ref) in res.related.iter().enumerate() {
            if self.index.find_code(s, code_ref).next().is_none() {
                sink.add(
                    order,
                    "unknown_related_code",
                    Severity::Warning,
                    METADATA,
                    c,
                    at(&format!("related[{k}]")),
                    "related resource code is not in this catalog".into(),
                    "关联资源代码不在本目录中".into(),
                );
            }
        }
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for (j, (item, i)) in res.items.iter().zip(s.items_of(r)).enumerate() {
            let at_item = |f: &str| format!("$.resources[{r}].items[{j}].{f}");
            if blank(&item.name) {
                sink.add(
                    order,
                    "missing_metadata",
                    Severity::Error,
                    ART13_METADATA,
                    c,
                    at_item("name"),
                    "data item name is missing".into(),
                    "缺少信息项名称".into(),
                );
            } else if !seen.insert(item.name.as_str()) {
                sink.add(
                    order,
                    "duplicate_item",
                    Severity::Warning,
                    METADATA,
                    c,
                    at_item("name"),
                    "the resource lists this data item name twice".into(),
                    "同一资源中信息项名称重复".into(),
                );
            }
            if !(1..=4).contains(&item.grade) {
                sink.add(
                    order,
                    "invalid_grade",
                    Severity::Error,
                    cite("Art. 13", ""),
                    c,
                    at_item("grade"),
                    format!("grade {} is not 1–4", item.grade),
                    format!("分级 {} 不在 1–4 之间", item.grade),
                );
            }
            if item.pi_kind.is_some() && item.grade == 1 {
                sink.add(
                    order,
                    "personal_info_low_grade",
                    Severity::Warning,
                    cite("Art. 34", ""),
                    c,
                    at_item("grade"),
                    "personal information graded 1 (not sensitive, open)".into(),
                    "个人信息被定为 1 级（不敏感、可开放）".into(),
                );
            }
            if item.identifier_class == Some(IdentifierClass::Other)
                && IdentifierClass::default_for(item.pi_kind.as_deref()) != IdentifierClass::Other
            {
                sink.add(
                    order,
                    "identifier_class_other_for_personal_info",
                    Severity::Warning,
                    cite("Art. 25", "GB/T 37964-2019"),
                    c,
                    at_item("identifier_class"),
                    "a personal-information item is classed `other`: it escapes the de-identification check"
                        .into(),
                    "个人信息项被标为“其他属性”，去标识化检查将不考虑它".into(),
                );
            }
            if item.authoritative && sources.get(&s.item_name_id(i)).is_some_and(|p| p.1) {
                sink.add(
                    order,
                    "authoritative_source_conflict",
                    Severity::Error,
                    cite("Art. 19", ""),
                    c,
                    at_item("authoritative"),
                    "several providers claim to be the authoritative source of this data item".into(),
                    "多个提供方均声明为该信息项的权威来源（违反一数一源）".into(),
                );
            }
        }
    }
}

impl Catalog {
    /// The sharing attribute: Art. 13 (mode, conditions of use), Art. 14(3)
    /// and Art. 15 (scope and purpose; reason and legal basis).
    fn lint_sharing(
        &self,
        sh: &Sharing,
        order: u64,
        c: Option<&str>,
        at: &dyn Fn(&str) -> String,
        sink: &mut Sink<'_>,
    ) {
        let mut add = |code: &str, sev: Severity, cite: Cite, field: &str, en: &str, zh: &str| {
            sink.add(order, code, sev, cite, c, at(field), en.into(), zh.into());
        };
        let conditions = sh.conditions.as_deref().unwrap_or("");
        let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !blank(v));
        match sh.sharing_type {
            SharingType::Conditional => {
                if blank(conditions) {
                    add(
                        "conditional_without_conditions",
                        Severity::Error,
                        cite("Art. 13", ""),
                        "sharing.conditions",
                        "conditional sharing must state its conditions of use",
                        "有条件共享的资源必须注明使用条件",
                    );
                }
                if !given(&sh.scope) {
                    add(
                        "conditional_without_scope",
                        Severity::Error,
                        cite("Art. 15", ""),
                        "sharing.scope",
                        "conditional sharing must state its sharing scope",
                        "有条件共享的资源必须列明共享范围",
                    );
                }
                if !given(&sh.purpose) {
                    add(
                        "conditional_without_purpose",
                        Severity::Error,
                        cite("Art. 15", ""),
                        "sharing.purpose",
                        "conditional sharing must state its purpose of use",
                        "有条件共享的资源必须列明使用用途",
                    );
                }
            }
            SharingType::NotShared => {
                if blank(conditions) {
                    add(
                        "not_shared_without_basis",
                        Severity::Error,
                        cite("Art. 15", ""),
                        "sharing.conditions",
                        "not-shared resources must state the reason (in `conditions`)",
                        "不予共享的资源必须说明理由（conditions）",
                    );
                }
                match &sh.legal_basis {
                    None => add(
                        "not_shared_without_legal_basis",
                        Severity::Error,
                        cite("Art. 14(3), Art. 15", ""),
                        "sharing.legal_basis",
                        "not-shared resources must name the law, administrative regulation or State Council decision that forbids sharing",
                        "不予共享的资源必须列明禁止共享的法律、行政法规或国务院决定依据",
                    ),
                    Some(b) if b.kind == LegalBasisKind::Other => add(
                        "legal_basis_insufficient_rank",
                        Severity::Error,
                        cite("Art. 14(3)", ""),
                        "sharing.legal_basis.kind",
                        "only a law, an administrative regulation or a State Council decision can make a resource not shared; a lower-ranking document is not enough",
                        "只有法律、行政法规或国务院决定明确禁止共享的方可列为不予共享，其他文件不能作为依据",
                    ),
                    Some(_) => {}
                }
            }
            SharingType::Unconditional => {
                if !blank(conditions) && conditions.trim() != "无条件" {
                    add(
                        "unconditional_with_conditions",
                        Severity::Warning,
                        cite("Art. 15", ""),
                        "sharing.conditions",
                        "unconditional sharing states conditions (conditions may not be added)",
                        "无条件共享的资源注明了共享条件（不得擅自增设条件）",
                    );
                }
            }
        }
        if let Some(b) = &sh.legal_basis {
            if blank(&b.title) {
                add(
                    "missing_metadata",
                    Severity::Error,
                    cite("Art. 15", ""),
                    "sharing.legal_basis.title",
                    "the legal basis has no title",
                    "法律依据缺少名称",
                );
            }
        }
        if sh.sharing_type != SharingType::NotShared && sh.modes.is_empty() {
            add(
                "missing_metadata",
                Severity::Error,
                ART13_METADATA,
                "sharing.modes",
                "core metadata `sharing.modes` is missing (a shared resource states its sharing modes)",
                "缺少核心元数据“共享方式”",
            );
        }
    }
}

/// A provider's identity: its code's dict id, or its name's when it has no code.
fn provider_key(c: &Catalog, r: u32) -> u32 {
    let s = &c.store;
    if blank(s.provider_code_str(r)) {
        s.provider.get(r as usize).copied().unwrap_or(u32::MAX)
    } else {
        s.provider_code.get(r as usize).copied().unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(valid_date("2024-02-29"));
        assert!(!valid_date("2023-02-29"));
        assert!(!valid_date("2024-13-01"));
        assert!(!valid_date("2024/01/01"));
        assert!(!valid_date("２024-01-01"));
    }
}
