//! The demo's de-identification step (issue #15): a catalog entry states its
//! items' identifier classes, the policy derived from it names the check's
//! columns, and a received table is checked for k-anonymity and ℓ-diversity.
//! The table is synthetic (a fixed pseudo-random sequence: no real person).

use govshare_core::mask::{check_deid, DataFormat, DeidReport, MaskPolicy};

use crate::fail::CliError;

/// A catalog entry of a health commission's outpatient records, with classes.
const RESOURCE: &str = r#"[{"code": "345001/00001", "name": "门诊就诊记录", "provider": "某市卫生健康委员会",
  "provider_code": "11350100MB0000000X", "security_level": "important",
  "sharing": {"type": "conditional", "conditions": "用于医疗保障结算", "scope": "医疗保障部门", "purpose": "医保结算"},
  "items": [
    {"name": "公民身份号码", "type": "C", "grade": 3, "pi_kind": "cn_resident_id"},
    {"name": "出生年份", "type": "N", "grade": 2, "identifier_class": "quasi"},
    {"name": "性别", "type": "C", "grade": 2, "pi_kind": "sex"},
    {"name": "区县", "type": "C", "grade": 2, "identifier_class": "quasi"},
    {"name": "诊断", "type": "C", "grade": 3, "identifier_class": "sensitive"}
  ]}]"#;

const MAP: &str = r#"{"map": {"公民身份号码": "id", "出生年份": "birth_year", "性别": "sex", "区县": "district", "诊断": "diagnosis"}}"#;

/// 600 records: ID numbers masked 6+4, birth years over 30 years, two
/// sexes, five districts, five diagnoses. With `decades`, birth years are
/// generalized to their decade (`1960-1969`), the generalization the check
/// suggests.
fn table(decades: bool) -> String {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let districts = ["鼓楼区", "台江区", "仓山区", "晋安区", "马尾区"];
    let diagnoses = ["流感", "高血压", "糖尿病", "胃炎", "哮喘"];
    let mut csv = String::from("id,birth_year,sex,district,diagnosis\n");
    for _ in 0..600 {
        let year = 1960 + next(30);
        let birth =
            if decades { format!("{}-{}", year / 10 * 10, year / 10 * 10 + 9) } else { year.to_string() };
        csv.push_str(&format!(
            "350102********{:04},{birth},{},{},{}\n",
            next(10_000),
            if next(2) == 0 { "男" } else { "女" },
            districts[next(5) as usize],
            diagnoses[next(5) as usize]
        ));
    }
    csv
}

fn show(r: &DeidReport) {
    outln!(
        "  {} records in {} classes; smallest class k = {} (required {}), {} records in classes below k",
        r.records,
        r.classes,
        r.k_achieved,
        r.k_required,
        r.records_below_k
    );
    for c in r.risky_combinations.iter().take(3) {
        outln!(
            "  singles people out: {} — {} records in {} classes below k",
            c.columns.join(" + "),
            c.records_below_k,
            c.classes_below_k
        );
    }
    let l: Vec<String> = r.l_achieved.iter().map(|(c, l)| format!("{c} ℓ = {l}")).collect();
    outln!(
        "  direct identifiers masked: {} · k-anonymous: {} · ℓ-diverse: {} ({})",
        r.deidentified,
        r.k_anonymous,
        r.l_diverse,
        l.join(", ")
    );
}

fn mark(what: &str, ok: bool) {
    outln!("  {} {what}", if ok { "✔" } else { "✘" });
}

/// Runs the step; returns whether its verdicts were the expected ones.
pub fn run(n: u32, step: fn(u32, &str)) -> Result<bool, CliError> {
    step(n, "De-identification of a received table: identifier classes → policy → k-anonymity and ℓ-diversity (GB/T 37964, GB/T 42460)");
    let policy = MaskPolicy::derive_json(RESOURCE, MAP)?;
    let options = policy.deid_options()?;
    outln!(
        "  from the catalog's identifier classes: quasi {} · sensitive {} · direct {}",
        options.quasi.join(", "),
        options.sensitive.join(", "),
        options.direct.join(", ")
    );
    let first = check_deid(DataFormat::Csv, table(false).as_bytes(), &options)?;
    show(&first);
    let suggested = first.suggestion.clone().unwrap_or_default();
    let first_ok = first.deidentified && !first.k_anonymous && suggested == "birth_year";
    mark(
        &format!(
            "direct identifiers masked, but not k-anonymous: generalize {suggested} first (a column name, never a value)"
        ),
        first_ok,
    );
    let second = check_deid(DataFormat::Csv, table(true).as_bytes(), &options)?;
    outln!("  the provider sends birth years as decades (1960-1969…):");
    show(&second);
    let second_ok = second.k_anonymous && second.l_diverse && second.passed;
    mark("k-anonymous and ℓ-diverse — de-identified, still personal information (PIPL Art. 73)", second_ok);
    let expected = first_ok && second_ok;
    Ok(expected)
}
