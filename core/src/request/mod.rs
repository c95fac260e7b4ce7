//! Sharing applications: build and validate them against the catalog and the
//! rules, canonicalize them (RFC 8785), track working-day deadlines, and shape
//! the HTTP requests a sharing platform expects. See docs/request.md.
//!
//! - [`application`]: the application / data-need model and its builder
//! - [`validate`]: coded findings against a catalog ([`ResourceLookup`])
//! - [`lifecycle`]: the decree's process: states, events and the only legal moves
//! - [`entitlement`]: what a department may fetch now
//! - [`calendar`], [`deadline`]: working days and the decree's time limits

pub mod application;
pub mod calendar;
pub mod deadline;
pub mod entitlement;
pub mod lifecycle;
pub mod validate;

pub use crate::finding::{Finding, Severity};
pub use crate::identifiers::{check_credit_code, CreditCodeStatus};
pub use application::{build, Application, ApplicationDraft};
pub use calendar::WorkCalendar;
pub use deadline::{
    catalog_update_schedule, schedule, CatalogUpdateInput, DeadlineProfile, Schedule, ScheduleInput,
    StepKind, StepStatus, Track,
};
pub use entitlement::{check_entitled, entitlements, Entitlement, Grant};
pub use lifecycle::{
    answer_correction, file_correction, transition, ApplicationState, Correction, CorrectionOutcome,
    CorrectionState, DeliveryMode, DisposalMethod, DisputeLevel, EndOfUse, Event, Lifecycle,
    ServiceChangeKind,
};
pub use validate::{validate, Outcome, ResourceLookup, ValidationPolicy, ValidationReport};
