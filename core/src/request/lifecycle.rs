//! The application lifecycle: a fixed set of states and the only moves
//! between them. Every move is timestamped with the `now` the caller gives.
//!
//! ```text
//! draft → submitted
//! submitted → granted (unconditional) | under_review (conditional) | rejected (not shared)
//! under_review → approved | rejected
//! submitted | under_review → withdrawn
//! granted | approved → active → expired (validity ended) → destroyed (destruction confirmed)
//! ```

use serde::{Deserialize, Serialize};

use super::time::{parse_timestamp, Day};
use crate::{Error, Result};

/// Where an application stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ApplicationState {
    Draft,
    Submitted,
    Granted,
    UnderReview,
    Approved,
    Rejected,
    Withdrawn,
    Active,
    Expired,
    Destroyed,
}

impl ApplicationState {
    /// The snake_case name (as in JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            ApplicationState::Draft => "draft",
            ApplicationState::Submitted => "submitted",
            ApplicationState::Granted => "granted",
            ApplicationState::UnderReview => "under_review",
            ApplicationState::Approved => "approved",
            ApplicationState::Rejected => "rejected",
            ApplicationState::Withdrawn => "withdrawn",
            ApplicationState::Active => "active",
            ApplicationState::Expired => "expired",
            ApplicationState::Destroyed => "destroyed",
        }
    }

    /// The states reachable in one step.
    pub fn next_states(self) -> Vec<ApplicationState> {
        use ApplicationState::*;
        match self {
            Draft => vec![Submitted],
            Submitted => vec![Granted, UnderReview, Rejected, Withdrawn],
            UnderReview => vec![Approved, Rejected, Withdrawn],
            Granted | Approved => vec![Active],
            Active => vec![Expired],
            Expired => vec![Destroyed],
            Rejected | Withdrawn | Destroyed => vec![],
        }
    }

    /// Terminal: nothing follows.
    pub fn is_final(self) -> bool {
        self.next_states().is_empty()
    }
}

/// One recorded move.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct TransitionRecord {
    pub from: ApplicationState,
    pub to: ApplicationState,
    /// RFC 3339, as the caller gave it.
    pub at: String,
}

/// An application's state and its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Lifecycle {
    pub state: ApplicationState,
    /// Last day of validity (Beijing date), once known; `expired` is only
    /// reached after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub valid_until: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    pub history: Vec<TransitionRecord>,
}

impl Lifecycle {
    /// A new application in `draft`.
    pub fn new(valid_until: Option<String>) -> Lifecycle {
        Lifecycle { state: ApplicationState::Draft, valid_until, history: Vec::new() }
    }
}

/// Moves `lifecycle` to `to` at `now` (RFC 3339), or explains why not
/// (`illegal_transition`). The input is not changed.
pub fn transition(lifecycle: &Lifecycle, to: ApplicationState, now: &str) -> Result<Lifecycle> {
    let now_ms = parse_timestamp(now, "now")?;
    let from = lifecycle.state;
    let illegal = |detail: String| Error::IllegalTransition {
        from: from.as_str().to_owned(),
        to: to.as_str().to_owned(),
        detail,
    };
    if !from.next_states().contains(&to) {
        let allowed: Vec<&str> = from.next_states().into_iter().map(ApplicationState::as_str).collect();
        return Err(illegal(if allowed.is_empty() {
            format!("{} is final", from.as_str())
        } else {
            format!("from {} only {} may follow", from.as_str(), allowed.join(", "))
        }));
    }
    if let Some(last) = lifecycle.history.last() {
        let last_ms = parse_timestamp(&last.at, "$.history[-1].at")?;
        if now_ms < last_ms {
            return Err(Error::InvalidArgument {
                name: "now".into(),
                detail: "is earlier than the previous transition".into(),
            });
        }
    }
    if to == ApplicationState::Expired {
        if let Some(until) = &lifecycle.valid_until {
            let until = Day::parse(until, "$.valid_until")?;
            if Day::of_instant_cst(now_ms) <= until {
                return Err(illegal(format!("validity runs until {until}")));
            }
        }
    }
    let mut next = lifecycle.clone();
    next.state = to;
    next.history.push(TransitionRecord { from, to, at: now.to_owned() });
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationState::*;

    #[test]
    fn happy_path_and_refusals() {
        let mut lc = Lifecycle::new(Some("2026-12-31".into()));
        for (to, at) in [
            (Submitted, "2026-01-05T09:00:00+08:00"),
            (UnderReview, "2026-01-06T09:00:00+08:00"),
            (Approved, "2026-01-08T09:00:00+08:00"),
            (Active, "2026-01-08T10:00:00+08:00"),
        ] {
            lc = transition(&lc, to, at).expect("legal");
        }
        let e = transition(&lc, Expired, "2026-12-31T23:00:00+08:00").unwrap_err();
        assert_eq!(e.code(), "illegal_transition");
        lc = transition(&lc, Expired, "2027-01-01T00:00:00+08:00").expect("expired");
        assert_eq!(
            transition(&lc, Active, "2027-01-02T00:00:00+08:00").unwrap_err().code(),
            "illegal_transition"
        );
        lc = transition(&lc, Destroyed, "2027-01-02T00:00:00+08:00").expect("destroyed");
        assert!(lc.state.is_final());
        assert_eq!(lc.history.len(), 6);
        let back = transition(&Lifecycle::new(None), Submitted, "2026-01-01T00:00:00Z").expect("ok");
        assert_eq!(
            transition(&back, Withdrawn, "2025-12-31T00:00:00Z").unwrap_err().code(),
            "invalid_argument"
        );
    }
}
