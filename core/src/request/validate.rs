//! Validation of an application against the catalog and the sharing rules,
//! as coded findings. It never fails: a finding of severity `error` means the
//! application cannot succeed as written (or, for `resource_not_shared`,
//! will be refused).
//!
//! Conditions of conditional resources are free text in the catalog, so
//! "meets the stated conditions" is modelled as what can be checked by
//! machine: a duty basis, a purpose and a scenario are present; the mode is
//! one the catalog offers; and where the conditions mention 权力事项 the
//! basis includes a 权力事项 with its code. The conditions text is quoted
//! (`conditions_apply`) so the reviewer judges the rest.

use serde::{Deserialize, Serialize};

use super::application::{Application, DutyBasisKind};
use super::deadline::Track;
use crate::catalog::{Resource, SharingType};
use crate::finding::{Finding, Severity};
use crate::identifiers::{check_credit_code, CreditCodeStatus};
use crate::time::Day;

/// Looks up a catalog resource by its code. Implemented for closures, for
/// slices of resources, and (by the catalog module) for a loaded catalog.
pub trait ResourceLookup {
    fn resource(&self, code: &str) -> Option<Resource>;
}

impl<F: Fn(&str) -> Option<Resource>> ResourceLookup for F {
    fn resource(&self, code: &str) -> Option<Resource> {
        self(code)
    }
}

impl ResourceLookup for [Resource] {
    fn resource(&self, code: &str) -> Option<Resource> {
        self.iter().find(|r| r.code == code).cloned()
    }
}

impl ResourceLookup for Vec<Resource> {
    fn resource(&self, code: &str) -> Option<Resource> {
        self.as_slice().resource(code)
    }
}

/// A loaded catalog answers by code from its index.
impl ResourceLookup for crate::catalog::Catalog {
    fn resource(&self, code: &str) -> Option<Resource> {
        crate::catalog::Catalog::resource(self, code)
    }
}

/// Policy knobs of validation (docs/request.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ValidationPolicy {
    /// Longest validity accepted, in days counting both ends (default 366:
    /// one year, leap years included).
    #[cfg_attr(feature = "uniffi", uniffi(default = 366))]
    pub max_validity_days: u32,
}

impl Default for ValidationPolicy {
    fn default() -> Self {
        ValidationPolicy { max_validity_days: 366 }
    }
}

/// What the provider's answer is expected to be once the application is
/// submitted (Decree No. 809 Art. 14, 21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Outcome {
    /// Unconditional data (Art. 14), no errors: to be agreed within 1 working day.
    Agreed,
    /// Conditional data or a data need, no errors: the provider decides
    /// within 10 working days (Art. 21).
    AwaitingAnswer,
    /// Not-shared data: refused with the catalog's legal basis (Art. 14).
    Refused,
    /// Errors to fix before submitting.
    Incomplete,
}

/// The result of validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ValidationReport {
    /// No finding of severity `error`.
    pub ok: bool,
    pub outcome: Outcome,
    /// The deadline track, when the resource was found (or a data need).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub track: Option<Track>,
    pub findings: Vec<Finding>,
}

struct Findings(Vec<Finding>);

impl Findings {
    fn add(&mut self, code: &str, severity: Severity, path: &str, en: String, zh: String) {
        self.0.push(Finding::new(code, severity, path, en, zh));
    }

    /// A finding under an article of Decree No. 809.
    fn art(&mut self, article: &str, code: &str, severity: Severity, path: &str, en: String, zh: String) {
        self.0.push(Finding::new(code, severity, path, en, zh).with_article(article));
    }
}

/// Validates an application against the catalog (`lookup`) and the policy.
pub fn validate(
    app: &Application,
    lookup: &dyn ResourceLookup,
    policy: &ValidationPolicy,
) -> ValidationReport {
    let d = app.draft();
    let mut f = Findings(Vec::new());
    credit_code(&mut f, &d.requester.credit_code, "$.requester.credit_code");

    let mut track = None;
    let mut refused = false;
    if let Some(need) = &d.data_need {
        track = Some(Track::DataNeed);
        if let Some(code) = &need.holder.credit_code {
            credit_code(&mut f, code, "$.data_need.holder.credit_code");
        }
        f.art(
            "Art. 20",
            "data_need",
            Severity::Info,
            "$.data_need",
            "the data is not in the catalog: this is a data need (需求清单), answered within the longer time limit".into(),
            "所需数据不在目录中，按需求清单处理，适用较长的答复时限".into(),
        );
        require_basis_purpose(&mut f, d, Severity::Error);
    }
    if d.internal_approval.is_none() {
        f.art(
            "Art. 20",
            "internal_approval_missing",
            Severity::Error,
            "$.internal_approval",
            "the head of the requester's sharing office must approve the application before it is filed (approver and date)".into(),
            "申请须经本部门政务数据共享工作机构负责人审核同意后提出（审核人及日期）".into(),
        );
    }
    if let Some(target) = &d.target {
        match lookup.resource(&target.resource_code) {
            None => f.add(
                "unknown_resource",
                Severity::Error,
                "$.target.resource_code",
                format!("the catalog has no resource with code {:?}", target.resource_code),
                format!("目录中没有代码为 {:?} 的信息资源", target.resource_code),
            ),
            Some(res) => {
                for (i, item) in target.items.iter().enumerate() {
                    if !res.items.iter().any(|it| &it.name == item) {
                        f.art(
                            "Art. 20",
                            "unknown_item",
                            Severity::Error,
                            &format!("$.target.items[{i}]"),
                            format!("resource {:?} has no data item {:?}", res.code, item),
                            format!("信息资源 {:?} 没有信息项 {:?}", res.code, item),
                        );
                    }
                }
                if res.items.len() > 1 && res.items.iter().all(|it| target.items.contains(&it.name)) {
                    f.add(
                        "all_items_requested",
                        Severity::Warning,
                        "$.target.items",
                        format!("all {} data items are requested: ask only for the items the duty needs (minimum necessary)", res.items.len()),
                        format!("申请了全部 {} 个信息项：请按最小必要原则只申请履职所需的信息项", res.items.len()),
                    );
                }
                if !res.sharing.modes.is_empty() && !d.mode.is_offered_by(&res.sharing.modes) {
                    f.art(
                        "Art. 20",
                        "mode_not_offered",
                        Severity::Error,
                        "$.mode",
                        "the requested sharing mode is not one the catalog offers for this resource".into(),
                        "所申请的共享方式不在目录为该资源提供的共享方式之内".into(),
                    );
                }
                match res.sharing.sharing_type {
                    SharingType::NotShared => {
                        refused = true;
                        let basis = res.sharing.conditions.clone().unwrap_or_default();
                        let (en_basis, zh_basis) = if basis.trim().is_empty() {
                            ("the catalog states no basis".to_owned(), "目录未载明依据".to_owned())
                        } else {
                            (format!("basis: {basis}"), format!("依据：{basis}"))
                        };
                        f.art(
                            "Art. 14",
                            "resource_not_shared",
                            Severity::Error,
                            "$.target.resource_code",
                            format!("resource {:?} is not shared (不予共享) and the application will be refused; {en_basis}", res.code),
                            format!("信息资源 {:?} 为不予共享，申请将被拒绝；{zh_basis}", res.code),
                        );
                        track = Some(Track::NotShared);
                    }
                    SharingType::Conditional => {
                        track = Some(Track::Conditional);
                        require_basis_purpose(&mut f, d, Severity::Error);
                        let conditions = res.sharing.conditions.clone().unwrap_or_default();
                        if conditions.contains("权力事项")
                            && !d.duty_basis.iter().any(|b| b.kind == DutyBasisKind::PowerItem)
                        {
                            f.art(
                                "Art. 15",
                                "power_item_required",
                                Severity::Error,
                                "$.duty_basis",
                                "the resource's sharing conditions refer to 权力事项: name the 权力事项 (with its code) the data is needed for".into(),
                                "该资源的共享条件涉及权力事项：请列明所依据的权力事项及其编码".into(),
                            );
                        }
                        if !conditions.trim().is_empty() {
                            f.art(
                                "Art. 15",
                                "conditions_apply",
                                Severity::Info,
                                "$.target.resource_code",
                                format!("conditional resource; the provider will check the catalog's conditions: {conditions}"),
                                format!("有条件共享资源，提供方将审核目录载明的共享条件：{conditions}"),
                            );
                        }
                    }
                    SharingType::Unconditional => {
                        track = Some(Track::Unconditional);
                        require_basis_purpose(&mut f, d, Severity::Warning);
                    }
                }
            }
        }
    }

    // Validity and commitments.
    let (from, until) = app.validity_days();
    let days = until.0 - from.0 + 1;
    if days > i64::from(policy.max_validity_days) {
        f.add(
            "validity_too_long",
            Severity::Error,
            "$.validity.until",
            format!("the validity period is {days} days; policy allows at most {}", policy.max_validity_days),
            format!("有效期为 {days} 天，超过政策允许的最长 {} 天", policy.max_validity_days),
        );
    }
    commitments(&mut f, app, until);

    let ok = !f.0.iter().any(|x| x.severity == Severity::Error);
    let outcome = if refused {
        Outcome::Refused
    } else if !ok {
        Outcome::Incomplete
    } else {
        match track {
            Some(Track::Unconditional) => Outcome::Agreed,
            _ => Outcome::AwaitingAnswer,
        }
    };
    ValidationReport { ok, outcome, track, findings: f.0 }
}

fn credit_code(f: &mut Findings, code: &str, path: &str) {
    match check_credit_code(code) {
        CreditCodeStatus::Valid => {}
        CreditCodeStatus::Malformed => f.0.push(
            Finding::new(
                "credit_code_malformed",
                Severity::Error,
                path,
                "not a 统一社会信用代码: expected 18 characters from 0-9 and A-Y without I, O, S, V, Z".into(),
                "不是有效的统一社会信用代码：应为 18 位，由数字和除 I、O、S、V、Z 外的大写字母组成".into(),
            )
            .with_standard("GB 32100"),
        ),
        CreditCodeStatus::CheckFailed => f.0.push(
            Finding::new(
                "credit_code_check_failed",
                Severity::Warning,
                path,
                "the 统一社会信用代码's check character does not match (GB 32100); some early codes are like this — confirm it".into(),
                "统一社会信用代码校验位不符（GB 32100）；部分早期代码如此，请核实".into(),
            )
            .with_standard("GB 32100"),
        ),
    }
}

/// Art. 20: every application states its basis of use and its scenario (the
/// scope, mode and period of use are required by the format). The purpose
/// of use is an error where the catalog's conditions make it one (Art. 15:
/// conditional data names its purpose of use), a warning otherwise.
fn require_basis_purpose(f: &mut Findings, d: &super::application::ApplicationDraft, purpose: Severity) {
    if d.duty_basis.is_empty() {
        f.art(
            "Art. 20",
            "duty_basis_missing",
            Severity::Error,
            "$.duty_basis",
            "no basis of use: name the law, regulation or 权力事项 that makes the duty need this data".into(),
            "未填写使用依据：请列明需要该数据的法律、法规或权力事项".into(),
        );
    }
    if d.purpose.is_none() {
        let finding = Finding::new(
            "purpose_missing",
            purpose,
            "$.purpose",
            "no purpose: say what the data will be used for".into(),
            "未填写用途：请说明数据的使用目的".into(),
        );
        f.0.push(if purpose == Severity::Error { finding.with_article("Art. 15") } else { finding });
    }
    if d.scenario.is_none() {
        f.art(
            "Art. 20",
            "scenario_missing",
            Severity::Error,
            "$.scenario",
            "no usage scenario: describe the business scenario".into(),
            "未填写应用场景：请描述具体业务场景".into(),
        );
    }
}

fn commitments(f: &mut Findings, app: &Application, until: Day) {
    let missing = |f: &mut Findings, path: &str, en: &str, zh: &str| {
        f.add(
            "commitment_missing",
            Severity::Error,
            path,
            format!("security commitment missing: {en}"),
            format!("缺少安全承诺：{zh}"),
        );
    };
    let Some(c) = &app.draft().commitments else {
        missing(
            f,
            "$.commitments",
            "storage location, retention period and destruction date",
            "存储位置、保存期限和销毁日期",
        );
        return;
    };
    if c.storage_location.is_none() {
        missing(f, "$.commitments.storage_location", "storage location", "存储位置");
    }
    if c.retention_days.is_none() {
        missing(f, "$.commitments.retention_days", "retention period", "保存期限");
    }
    match &c.destruction_date {
        None => missing(f, "$.commitments.destruction_date", "destruction date", "销毁日期"),
        Some(text) => {
            // Checked by `build`.
            if let Ok(day) = Day::parse(text, "") {
                if day < until {
                    f.add(
                        "destruction_before_validity_end",
                        Severity::Error,
                        "$.commitments.destruction_date",
                        "the destruction date is before the validity period ends".into(),
                        "销毁日期早于有效期结束日期".into(),
                    );
                }
            }
        }
    }
}
