//! Catalog lint: core-metadata completeness and the rules of the catalog
//! standard and the decree, as findings with stable codes.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::engine::Catalog;
use super::model::SharingType;
use crate::identifiers::{check_credit_code, CreditCodeStatus};
use crate::Result;

/// Longest resource name the standard allows, in characters.
pub const MAX_NAME_CHARS: usize = 50;
/// Longest abstract the standard allows, in characters.
pub const MAX_ABSTRACT_CHARS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Severity {
    Error,
    Warning,
    Info,
}

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
    pub message: String,
    pub message_zh: String,
}

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
                message: en,
                message_zh: zh,
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
        let mut missing = |field: &str, zh: &str| {
            sink.add(
                order,
                "missing_metadata",
                Severity::Error,
                c,
                at(field),
                format!("core metadata `{field}` is missing"),
                format!("缺少核心元数据“{zh}”"),
            );
        };
        if blank(&res.code) {
            missing("code", "信息资源代码");
        }
        if blank(&res.classification) {
            missing("classification", "信息资源分类");
        }
        if blank(&res.name) {
            missing("name", "信息资源名称");
        }
        if blank(&res.provider) {
            missing("provider", "提供方");
        }
        if blank(&res.provider_code) {
            missing("provider_code", "提供方代码");
        }
        if blank(&res.summary) {
            missing("abstract", "信息资源摘要");
        }
        if res.format.is_none() {
            missing("format", "信息资源格式");
        }
        if res.items.is_empty() {
            missing("items", "信息项");
        }
        if res.update_cycle.is_none() {
            missing("update_cycle", "更新周期");
        }
        if blank(&res.published) {
            missing("published", "发布日期");
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
                    c,
                    at("provider_code"),
                    "provider code is not an 18-character unified social credit code (GB 32100)".into(),
                    "提供方代码不是 18 位统一社会信用代码（GB 32100）".into(),
                ),
                CreditCodeStatus::CheckFailed => sink.add(
                    order,
                    "malformed_provider_code",
                    Severity::Warning,
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
                c,
                at("published"),
                "publication date is not a valid YYYY-MM-DD date".into(),
                "发布日期不是有效的 YYYY-MM-DD 日期".into(),
            );
        }
        let conditions = res.sharing.conditions.as_deref().unwrap_or("");
        match res.sharing.sharing_type {
            SharingType::Conditional if blank(conditions) => sink.add(
                order,
                "conditional_without_conditions",
                Severity::Error,
                c,
                at("sharing.conditions"),
                "conditional sharing must state its conditions".into(),
                "有条件共享的资源必须注明共享条件".into(),
            ),
            SharingType::NotShared if blank(conditions) => sink.add(
                order,
                "not_shared_without_basis",
                Severity::Error,
                c,
                at("sharing.conditions"),
                "not-shared resources must state the legal or policy basis".into(),
                "不予共享的资源必须注明法律、行政法规或政策依据".into(),
            ),
            SharingType::Unconditional if !blank(conditions) && conditions.trim() != "无条件" => sink.add(
                order,
                "unconditional_with_conditions",
                Severity::Warning,
                c,
                at("sharing.conditions"),
                "unconditional sharing states conditions (conditions may not be added)".into(),
                "无条件共享的资源注明了共享条件（不得擅自增设条件）".into(),
            ),
            _ => {}
        }
        if let Some(&first) = first_of.get(&r) {
            sink.add(
                order,
                "duplicate_code",
                Severity::Error,
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
                    c,
                    at_item("grade"),
                    "personal information graded 1 (not sensitive, open)".into(),
                    "个人信息被定为 1 级（不敏感、可开放）".into(),
                );
            }
            if item.authoritative && sources.get(&s.item_name_id(i)).is_some_and(|p| p.1) {
                sink.add(
                    order,
                    "authoritative_source_conflict",
                    Severity::Error,
                    c,
                    at_item("authoritative"),
                    "several providers claim to be the authoritative source of this data item".into(),
                    "多个提供方均声明为该信息项的权威来源（违反一数一源）".into(),
                );
            }
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
