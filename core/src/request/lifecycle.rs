//! The sharing process of 《政务数据共享条例》 (Decree No. 809) on the
//! requester's side: a fixed set of states and the only moves between them,
//! each move an [`Event`] carrying what the decree asks to be recorded.
//! Every move is timestamped with the `now` the caller gives; an invalid move
//! is an `illegal_transition` naming the state and the article.
//!
//! ```text
//! draft ─approve_internally (Art. 20)→ approved_internally ─submit→ submitted
//! submitted ─request_materials (Art. 21 ¶2)→ materials_requested ─resubmit→ submitted
//! submitted ─extend (Art. 21, an event; the state stays)
//! submitted ─agree (Art. 21)→ agreed | ─refuse (Art. 21, with reasons)→ refused
//! agreed ─deliver (Art. 22)→ delivered ─start_use→ in_use ─end_use (Art. 27 ¶1)→ disposal_due
//! agreed | delivered | in_use ─suspend (Art. 27 ¶2)→ suspended ─resume→ (where it was)
//! agreed | delivered | in_use | suspended ─terminate (Art. 27 ¶2)→ terminated ─end_use→ disposal_due
//! disposal_due ─dispose (the method the provider required, Art. 27 ¶1)→ disposed
//! disposed | refused | withdrawn ─close→ closed
//! draft | approved_internally | submitted | materials_requested ─withdraw→ withdrawn
//! change_service (Art. 27 ¶3) and escalate (Art. 28) are recorded events.
//! ```

use serde::{Deserialize, Serialize};

use super::deadline::{day_or_time, DeadlineProfile};
use crate::time::{parse_timestamp, Day};
use crate::{Error, Result};

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ApplicationState {
    Draft,
    /// The requester's sharing-office head approved (Art. 20).
    ApprovedInternally,
    /// Received by the provider; the answer clock runs (Art. 21).
    Submitted,
    /// The provider listed everything missing at once (Art. 21 ¶2).
    MaterialsRequested,
    Agreed,
    /// Refused, with reasons (Art. 21).
    Refused,
    /// Data delivered (Art. 22).
    Delivered,
    /// In use until the period of use ends.
    InUse,
    /// Sharing rights suspended for rectification (Art. 27 ¶2).
    Suspended,
    /// Sharing terminated (Art. 27 ¶2); the data must still be disposed of.
    Terminated,
    /// The purpose is achieved, unachievable or no longer necessary, or the
    /// period of use ended: disposal is owed (Art. 27 ¶1).
    DisposalDue,
    /// Disposed of as the provider required (Art. 27 ¶1).
    Disposed,
    Withdrawn,
    Closed,
}

impl ApplicationState {
    pub const ALL: [ApplicationState; 14] = [
        ApplicationState::Draft,
        ApplicationState::ApprovedInternally,
        ApplicationState::Submitted,
        ApplicationState::MaterialsRequested,
        ApplicationState::Agreed,
        ApplicationState::Refused,
        ApplicationState::Delivered,
        ApplicationState::InUse,
        ApplicationState::Suspended,
        ApplicationState::Terminated,
        ApplicationState::DisposalDue,
        ApplicationState::Disposed,
        ApplicationState::Withdrawn,
        ApplicationState::Closed,
    ];

    /// The snake_case name (as in JSON, OpenAPI and audit `status`).
    pub fn as_str(self) -> &'static str {
        use ApplicationState::*;
        match self {
            Draft => "draft",
            ApprovedInternally => "approved_internally",
            Submitted => "submitted",
            MaterialsRequested => "materials_requested",
            Agreed => "agreed",
            Refused => "refused",
            Delivered => "delivered",
            InUse => "in_use",
            Suspended => "suspended",
            Terminated => "terminated",
            DisposalDue => "disposal_due",
            Disposed => "disposed",
            Withdrawn => "withdrawn",
            Closed => "closed",
        }
    }

    /// Terminal: nothing follows.
    pub fn is_final(self) -> bool {
        self == ApplicationState::Closed
    }

    /// A grant in this state lets the requester fetch data: agreed and not
    /// suspended, terminated or past its use (Art. 22, 27).
    pub fn allows_data_requests(self) -> bool {
        matches!(self, ApplicationState::Agreed | ApplicationState::Delivered | ApplicationState::InUse)
    }
}

impl std::str::FromStr for ApplicationState {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        ApplicationState::ALL.into_iter().find(|st| st.as_str() == s).ok_or_else(|| Error::InvalidArgument {
            name: "state".into(),
            detail: "not a state of the sharing process (see docs/decree.md)".into(),
        })
    }
}

/// How data is delivered (Art. 22).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum DeliveryMode {
    /// 服务接口
    ServiceInterface,
    /// 批量交换
    BulkExchange,
    /// 文件下载
    FileDownload,
    Other,
}

/// How shared data is disposed of; the provider decides (Art. 27 ¶1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum DisposalMethod {
    /// 删除
    Delete,
    /// 退回
    Return,
    /// 封存
    Seal,
    Other,
}

impl DisposalMethod {
    pub const ALL: [DisposalMethod; 4] =
        [DisposalMethod::Delete, DisposalMethod::Return, DisposalMethod::Seal, DisposalMethod::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            DisposalMethod::Delete => "delete",
            DisposalMethod::Return => "return",
            DisposalMethod::Seal => "seal",
            DisposalMethod::Other => "other",
        }
    }
}

impl std::str::FromStr for DisposalMethod {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        DisposalMethod::ALL.into_iter().find(|m| m.as_str() == s).ok_or_else(|| Error::InvalidArgument {
            name: "disposal_method".into(),
            detail: "expected delete, return, seal or other (Art. 27 ¶1)".into(),
        })
    }
}

/// Why use ends (Art. 27 ¶1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum EndOfUse {
    /// The period of use (使用时限) is over.
    PeriodEnded,
    PurposeAchieved,
    PurposeUnachievable,
    NoLongerNecessary,
    /// After termination (Art. 27 ¶2).
    Terminated,
}

/// A change the provider makes to a service (Art. 27 ¶3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ServiceChangeKind {
    Changed,
    Ended,
}

/// The levels a dispute may reach, in order (Art. 28).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum DisputeLevel {
    /// 协商
    Negotiation,
    /// 本级政务数据共享主管部门
    SameLevelCoordinator,
    /// 共同的上级主管部门 (across levels or regions)
    CommonUpperCoordinator,
    /// 该主管部门的本级人民政府 decides
    Government,
}

/// One move of the process, with what the decree asks to be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Event {
    /// Art. 20: the requester's sharing-office head approved the application.
    ApproveInternally {
        approver: String,
    },
    /// The provider received the application.
    Submit {},
    /// Art. 21 ¶2: the provider lists, at once, everything missing.
    RequestMaterials {
        missing: Vec<String>,
    },
    /// The missing materials were supplied.
    Resubmit {},
    /// Art. 21: the answer extended with the coordinating department's
    /// approval, and the requester told (`requester_notified`, a date).
    Extend {
        days: u32,
        approval_ref: String,
        requester_notified: String,
    },
    /// Art. 21: agreed; the grant states the period of use and the disposal
    /// method the provider requires (Art. 27 ¶1).
    Agree {
        use_until: String,
        disposal_method: DisposalMethod,
    },
    /// Art. 21: refused, with reasons.
    Refuse {
        reasons: Vec<String>,
    },
    /// Art. 22: the data was delivered.
    Deliver {
        mode: DeliveryMode,
    },
    StartUse {},
    /// Art. 27 ¶2: sharing rights suspended.
    Suspend {
        reason: String,
        decided_by: String,
    },
    /// Art. 27 ¶2: rectified; sharing resumes where it was.
    Resume {
        rectification: String,
    },
    /// Art. 27 ¶2: sharing terminated.
    Terminate {
        reason: String,
        decided_by: String,
    },
    /// Art. 27 ¶1: use ends; disposal is owed.
    EndUse {
        reason: EndOfUse,
    },
    /// Art. 27 ¶1: disposed of, by the method the provider required.
    Dispose {
        method: DisposalMethod,
    },
    Close {},
    /// The requester withdraws before the answer.
    Withdraw {},
    /// Art. 27 ¶3: the provider changed or ended the service; without the
    /// negotiation and the filing (备案) reference it is flagged.
    ChangeService {
        kind: ServiceChangeKind,
        negotiation_ref: Option<String>,
        filing_ref: Option<String>,
    },
    /// Art. 28: the dispute reached a level.
    Escalate {
        level: DisputeLevel,
    },
}

impl Event {
    /// The snake_case name (as in JSON).
    pub fn name(&self) -> &'static str {
        match self {
            Event::ApproveInternally { .. } => "approve_internally",
            Event::Submit {} => "submit",
            Event::RequestMaterials { .. } => "request_materials",
            Event::Resubmit {} => "resubmit",
            Event::Extend { .. } => "extend",
            Event::Agree { .. } => "agree",
            Event::Refuse { .. } => "refuse",
            Event::Deliver { .. } => "deliver",
            Event::StartUse {} => "start_use",
            Event::Suspend { .. } => "suspend",
            Event::Resume { .. } => "resume",
            Event::Terminate { .. } => "terminate",
            Event::EndUse { .. } => "end_use",
            Event::Dispose { .. } => "dispose",
            Event::Close {} => "close",
            Event::Withdraw {} => "withdraw",
            Event::ChangeService { .. } => "change_service",
            Event::Escalate { .. } => "escalate",
        }
    }

    /// The article that governs the move.
    pub fn article(&self) -> &'static str {
        match self {
            Event::ApproveInternally { .. } | Event::Submit {} | Event::Withdraw {} => "Art. 20",
            Event::RequestMaterials { .. } | Event::Resubmit {} => "Art. 21 ¶2",
            Event::Extend { .. } | Event::Agree { .. } | Event::Refuse { .. } => "Art. 21",
            Event::Deliver { .. } | Event::StartUse {} => "Art. 22",
            Event::Suspend { .. } | Event::Resume { .. } | Event::Terminate { .. } => "Art. 27 ¶2",
            Event::EndUse { .. } | Event::Dispose { .. } | Event::Close {} => "Art. 27 ¶1",
            Event::ChangeService { .. } => "Art. 27 ¶3",
            Event::Escalate { .. } => "Art. 28",
        }
    }
}

/// The approved extension (Art. 21).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Extension {
    pub days: u32,
    pub approval_ref: String,
    /// `YYYY-MM-DD`.
    pub requester_notified: String,
}

/// A suspension or termination (Art. 27 ¶2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Sanction {
    pub reason: String,
    pub decided_by: String,
    pub at: String,
}

/// A recorded service change (Art. 27 ¶3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ServiceChange {
    pub kind: ServiceChangeKind,
    pub negotiation_ref: Option<String>,
    pub filing_ref: Option<String>,
    pub at: String,
    /// Negotiation or filing missing: a provider liability (Art. 39).
    pub flagged: bool,
}

/// A dispute level reached (Art. 28).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DisputeRecord {
    pub level: DisputeLevel,
    pub at: String,
}

/// One recorded move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TransitionRecord {
    pub from: ApplicationState,
    pub to: ApplicationState,
    /// The event's name (`agree`).
    pub event: String,
    /// RFC 3339, as the caller gave it.
    pub at: String,
}

/// An application's state, what the decree asks to keep about it, and its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Lifecycle {
    pub state: ApplicationState,
    /// Who approved internally (Art. 20); when is in `history`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub internal_approver: Option<String>,
    /// What the provider asked for (Art. 21 ¶2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub materials_missing: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub extension: Option<Extension>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub refusal_reasons: Vec<String>,
    /// Last day of the period of use (`YYYY-MM-DD`), from the agreement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub use_until: Option<String>,
    /// The disposal method the provider requires (Art. 27 ¶1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub disposal_method: Option<DisposalMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub delivery_mode: Option<DeliveryMode>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub suspension: Option<Sanction>,
    /// The state a suspension returns to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub suspended_from: Option<ApplicationState>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub termination: Option<Sanction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub end_of_use: Option<EndOfUse>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub service_changes: Vec<ServiceChange>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub disputes: Vec<DisputeRecord>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub history: Vec<TransitionRecord>,
}

impl Lifecycle {
    /// A new application in `draft`.
    pub fn new() -> Lifecycle {
        Lifecycle {
            state: ApplicationState::Draft,
            internal_approver: None,
            materials_missing: Vec::new(),
            extension: None,
            refusal_reasons: Vec::new(),
            use_until: None,
            disposal_method: None,
            delivery_mode: None,
            suspension: None,
            suspended_from: None,
            termination: None,
            end_of_use: None,
            service_changes: Vec::new(),
            disputes: Vec::new(),
            history: Vec::new(),
        }
    }
}

impl Default for Lifecycle {
    fn default() -> Self {
        Lifecycle::new()
    }
}

/// Applies `event` at `now` (RFC 3339) under `profile` (the extension limit),
/// or explains why not (`illegal_transition` naming the state and the
/// article; `invalid_argument` for a missing record). The input is not changed.
pub fn transition(
    lifecycle: &Lifecycle,
    event: &Event,
    now: &str,
    profile: &DeadlineProfile,
) -> Result<Lifecycle> {
    use ApplicationState::*;
    let now_ms = parse_timestamp(now, "now")?;
    if let Some(last) = lifecycle.history.last() {
        if now_ms < parse_timestamp(&last.at, "$.history[-1].at")? {
            return Err(Error::InvalidArgument {
                name: "now".into(),
                detail: "is earlier than the previous transition".into(),
            });
        }
    }
    let from = lifecycle.state;
    let article = event.article();
    let illegal = |detail: String| Error::IllegalTransition {
        from: from.as_str().to_owned(),
        to: event.name().to_owned(),
        detail: format!("{detail} ({article} of Decree No. 809)"),
    };
    let not_here = || illegal(format!("{} is not allowed in state {}", event.name(), from.as_str()));
    let mut next = lifecycle.clone();
    let to = match event {
        Event::ApproveInternally { approver } => {
            if from != Draft {
                return Err(not_here());
            }
            next.internal_approver = Some(required_text(approver, "approver")?);
            ApprovedInternally
        }
        Event::Submit {} => match from {
            ApprovedInternally => Submitted,
            Draft => return Err(illegal("the requester's sharing-office head must approve first".into())),
            _ => return Err(not_here()),
        },
        Event::RequestMaterials { missing } => {
            if from != Submitted {
                return Err(not_here());
            }
            if !lifecycle.materials_missing.is_empty() {
                return Err(illegal(
                    "everything missing must be listed at once; materials were already requested".into(),
                ));
            }
            next.materials_missing = required_list(missing, "missing")?;
            MaterialsRequested
        }
        Event::Resubmit {} => {
            if from != MaterialsRequested {
                return Err(not_here());
            }
            Submitted
        }
        Event::Extend { days, approval_ref, requester_notified } => {
            if from != Submitted {
                return Err(not_here());
            }
            if lifecycle.extension.is_some() {
                return Err(illegal("the answer was already extended once".into()));
            }
            if *days == 0 || *days > profile.max_extension_days {
                return Err(Error::InvalidArgument {
                    name: "days".into(),
                    detail: format!(
                        "an extension is 1 to {} working days (Art. 21 of Decree No. 809)",
                        profile.max_extension_days
                    ),
                });
            }
            let notified = day_or_time(requester_notified, "$.requester_notified")?;
            next.extension = Some(Extension {
                days: *days,
                approval_ref: required_text(approval_ref, "approval_ref")?,
                requester_notified: notified.to_string(),
            });
            Submitted
        }
        Event::Agree { use_until, disposal_method } => {
            if from != Submitted {
                return Err(not_here());
            }
            let until = Day::parse(use_until, "$.use_until")?;
            if until < Day::of_instant_cst(now_ms) {
                return Err(Error::InvalidArgument {
                    name: "use_until".into(),
                    detail: "the period of use ends before the agreement".into(),
                });
            }
            next.use_until = Some(until.to_string());
            next.disposal_method = Some(*disposal_method);
            Agreed
        }
        Event::Refuse { reasons } => {
            if from != Submitted {
                return Err(not_here());
            }
            next.refusal_reasons = required_list(reasons, "reasons").map_err(|_| Error::InvalidArgument {
                name: "reasons".into(),
                detail: "a refusal without reasons is invalid (Art. 21 of Decree No. 809)".into(),
            })?;
            Refused
        }
        Event::Deliver { mode } => {
            if from != Agreed {
                return Err(not_here());
            }
            next.delivery_mode = Some(*mode);
            Delivered
        }
        Event::StartUse {} => {
            if from != Delivered {
                return Err(not_here());
            }
            InUse
        }
        Event::Suspend { reason, decided_by } => {
            if !matches!(from, Agreed | Delivered | InUse) {
                return Err(not_here());
            }
            next.suspension = Some(sanction(reason, decided_by, now)?);
            next.suspended_from = Some(from);
            Suspended
        }
        Event::Resume { rectification } => {
            if from != Suspended {
                return Err(not_here());
            }
            required_text(rectification, "rectification")?;
            let back = lifecycle
                .suspended_from
                .ok_or_else(|| illegal("the suspension does not say where it came from".into()))?;
            next.suspended_from = None;
            back
        }
        Event::Terminate { reason, decided_by } => {
            if !matches!(from, Agreed | Delivered | InUse | Suspended) {
                return Err(not_here());
            }
            next.termination = Some(sanction(reason, decided_by, now)?);
            next.suspended_from = None;
            Terminated
        }
        Event::EndUse { reason } => {
            match (from, reason) {
                (Terminated, EndOfUse::Terminated) => {}
                (Terminated, _) | (_, EndOfUse::Terminated) => {
                    return Err(illegal("after termination, use ends for that reason only".into()))
                }
                (InUse, EndOfUse::PeriodEnded) => {
                    if let Some(until) = &lifecycle.use_until {
                        let until = Day::parse(until, "$.use_until")?;
                        if Day::of_instant_cst(now_ms) <= until {
                            return Err(illegal(format!("the period of use runs until {until}")));
                        }
                    }
                }
                (InUse, _) => {}
                _ => return Err(not_here()),
            }
            next.end_of_use = Some(*reason);
            DisposalDue
        }
        Event::Dispose { method } => {
            if from != DisposalDue {
                return Err(not_here());
            }
            match lifecycle.disposal_method {
                Some(required) if required == *method => {}
                Some(required) => {
                    return Err(illegal(format!(
                        "the provider required {} as the disposal method, not {}",
                        required.as_str(),
                        method.as_str()
                    )))
                }
                None => return Err(illegal("the agreement names no disposal method".into())),
            }
            Disposed
        }
        Event::Close {} => {
            if !matches!(from, Disposed | Refused | Withdrawn) {
                return Err(not_here());
            }
            Closed
        }
        Event::Withdraw {} => {
            if !matches!(from, Draft | ApprovedInternally | Submitted | MaterialsRequested) {
                return Err(not_here());
            }
            Withdrawn
        }
        Event::ChangeService { kind, negotiation_ref, filing_ref } => {
            if !matches!(from, Agreed | Delivered | InUse | Suspended) {
                return Err(not_here());
            }
            let negotiation_ref = optional_text(negotiation_ref);
            let filing_ref = optional_text(filing_ref);
            let flagged = negotiation_ref.is_none() || filing_ref.is_none();
            next.service_changes.push(ServiceChange {
                kind: *kind,
                negotiation_ref,
                filing_ref,
                at: now.to_owned(),
                flagged,
            });
            from
        }
        Event::Escalate { level } => {
            if from == Closed {
                return Err(not_here());
            }
            if let Some(last) = lifecycle.disputes.last() {
                if *level <= last.level {
                    return Err(illegal("a dispute escalates to a higher level only".into()));
                }
            }
            next.disputes.push(DisputeRecord { level: *level, at: now.to_owned() });
            from
        }
    };
    next.state = to;
    next.history.push(TransitionRecord { from, to, event: event.name().to_owned(), at: now.to_owned() });
    Ok(next)
}

/// Where a correction (校核) request stands (Art. 26).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum CorrectionState {
    Filed,
    Answered,
}

/// How the provider answered a correction request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum CorrectionOutcome {
    /// The data was corrected.
    Corrected,
    /// The data was checked and is right.
    ConfirmedCorrect,
}

/// A correction (校核) request: the requester found shared data inaccurate or
/// incomplete (Art. 26), linked to its grant and to the data it concerns (by
/// resource, items and a digest of the records — never the values). The
/// provider answers within 10 working days (`request::schedule`'s
/// `correction` step).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Correction {
    /// The grant (application) the data came with.
    pub application_id: String,
    pub resource_code: String,
    /// The data items found wrong.
    pub items: Vec<String>,
    /// `sha256:<hex>` or `sm3:<hex>` of the records concerned.
    pub data_digest: String,
    pub state: CorrectionState,
    /// The day the provider received the request (`YYYY-MM-DD`).
    pub filed_on: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub answered_on: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub outcome: Option<CorrectionOutcome>,
}

/// Files a correction request (Art. 26): `filed_on` is a date or RFC 3339 time.
pub fn file_correction(
    application_id: &str,
    resource_code: &str,
    items: &[String],
    data_digest: &str,
    filed_on: &str,
) -> Result<Correction> {
    if !crate::digest::is_tagged_digest(data_digest) {
        return Err(Error::InvalidArgument {
            name: "data_digest".into(),
            detail: "expected sha256:<64 lowercase hex> or sm3:<64 lowercase hex> (records by digest, never values)".into(),
        });
    }
    Ok(Correction {
        application_id: required_text(application_id, "application_id")?,
        resource_code: required_text(resource_code, "resource_code")?,
        items: required_list(items, "items")?,
        data_digest: data_digest.to_owned(),
        state: CorrectionState::Filed,
        filed_on: day_or_time(filed_on, "$.filed_on")?.to_string(),
        answered_on: None,
        outcome: None,
    })
}

/// The provider's answer to a correction request (Art. 26). Answering twice,
/// or before the request was filed, is refused.
pub fn answer_correction(
    correction: &Correction,
    answered_on: &str,
    outcome: CorrectionOutcome,
) -> Result<Correction> {
    if correction.state != CorrectionState::Filed {
        return Err(Error::IllegalTransition {
            from: "answered".into(),
            to: "answer".into(),
            detail: "the correction request was answered already (Art. 26 of Decree No. 809)".into(),
        });
    }
    let filed = Day::parse(&correction.filed_on, "$.filed_on")?;
    let answered = day_or_time(answered_on, "$.answered_on")?;
    if answered < filed {
        return Err(Error::InvalidArgument {
            name: "answered_on".into(),
            detail: "is before the request was filed (Art. 26 of Decree No. 809)".into(),
        });
    }
    let mut next = correction.clone();
    next.state = CorrectionState::Answered;
    next.answered_on = Some(answered.to_string());
    next.outcome = Some(outcome);
    Ok(next)
}

fn required_text(v: &str, name: &str) -> Result<String> {
    let t = v.trim();
    if t.is_empty() {
        return Err(Error::InvalidArgument { name: name.to_owned(), detail: "must not be empty".into() });
    }
    Ok(t.to_owned())
}

fn optional_text(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned)
}

fn required_list(v: &[String], name: &str) -> Result<Vec<String>> {
    let list: Vec<String> = v.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).map(str::to_owned).collect();
    if list.is_empty() || list.len() != v.len() {
        return Err(Error::InvalidArgument {
            name: name.to_owned(),
            detail: "needs at least one non-empty entry, and no empty ones".into(),
        });
    }
    Ok(list)
}

fn sanction(reason: &str, by: &str, now: &str) -> Result<Sanction> {
    Ok(Sanction {
        reason: required_text(reason, "reason")?,
        decided_by: required_text(by, "decided_by")?,
        at: now.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationState::*;

    fn step(lc: &Lifecycle, e: Event, at: &str) -> Result<Lifecycle> {
        transition(lc, &e, at, &DeadlineProfile::national())
    }

    #[test]
    fn the_decree_process_end_to_end() {
        let mut lc = Lifecycle::new();
        let events = [
            (
                Event::ApproveInternally { approver: "处长".into() },
                "2026-03-02T09:00:00+08:00",
                ApprovedInternally,
            ),
            (Event::Submit {}, "2026-03-02T10:00:00+08:00", Submitted),
            (
                Event::RequestMaterials { missing: vec!["授权书".into(), "职责依据".into()] },
                "2026-03-03T10:00:00+08:00",
                MaterialsRequested,
            ),
            (Event::Resubmit {}, "2026-03-04T10:00:00+08:00", Submitted),
            (
                Event::Extend {
                    days: 10,
                    approval_ref: "主管〔2026〕1号".into(),
                    requester_notified: "2026-03-10".into(),
                },
                "2026-03-10T10:00:00+08:00",
                Submitted,
            ),
            (
                Event::Agree { use_until: "2026-12-31".into(), disposal_method: DisposalMethod::Delete },
                "2026-03-20T10:00:00+08:00",
                Agreed,
            ),
            (Event::Deliver { mode: DeliveryMode::ServiceInterface }, "2026-03-25T10:00:00+08:00", Delivered),
            (Event::StartUse {}, "2026-03-25T11:00:00+08:00", InUse),
            (
                Event::Suspend { reason: "超范围使用".into(), decided_by: "提供部门".into() },
                "2026-05-01T10:00:00+08:00",
                Suspended,
            ),
            (Event::Resume { rectification: "已整改".into() }, "2026-05-10T10:00:00+08:00", InUse),
            (Event::EndUse { reason: EndOfUse::PurposeAchieved }, "2026-06-01T10:00:00+08:00", DisposalDue),
            (Event::Dispose { method: DisposalMethod::Delete }, "2026-06-02T10:00:00+08:00", Disposed),
            (Event::Close {}, "2026-06-02T11:00:00+08:00", Closed),
        ];
        for (e, at, want) in events {
            lc = step(&lc, e, at).expect("legal");
            assert_eq!(lc.state, want);
        }
        assert_eq!(lc.history.len(), 13);
        assert!(lc.state.is_final());
    }

    #[test]
    fn refusals_name_the_article() {
        let submitted = Lifecycle { state: Submitted, ..Lifecycle::new() };
        let e = step(&submitted, Event::Refuse { reasons: vec![] }, "2026-03-02T10:00:00+08:00").unwrap_err();
        assert_eq!(e.code(), "invalid_argument");
        assert!(e.to_string().contains("Art. 21"));
        let e = step(&Lifecycle::new(), Event::Submit {}, "2026-03-02T10:00:00+08:00").unwrap_err();
        assert_eq!(e.code(), "illegal_transition");
        assert!(e.to_string().contains("Art. 20"));
        let due = Lifecycle {
            state: DisposalDue,
            disposal_method: Some(DisposalMethod::Return),
            ..Lifecycle::new()
        };
        let e = step(&due, Event::Dispose { method: DisposalMethod::Delete }, "2026-03-02T10:00:00+08:00")
            .unwrap_err();
        assert!(e.to_string().contains("Art. 27"));
        let e = step(
            &submitted,
            Event::Extend { days: 11, approval_ref: "x".into(), requester_notified: "2026-03-02".into() },
            "2026-03-02T10:00:00+08:00",
        )
        .unwrap_err();
        assert_eq!(e.code(), "invalid_argument");
    }
}
