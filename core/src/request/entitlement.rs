//! Entitlements: what a department may fetch right now, from its approved
//! applications. A data request outside them is refused (`not_entitled`)
//! before anything is sent.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::application::Application;
use super::lifecycle::{ApplicationState, DisposalMethod};
use crate::time::{parse_timestamp, Day};
use crate::{Error, Result};

/// An application's grant: who may fetch which items of which resource, when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Grant {
    /// The platform's application id.
    pub application_id: String,
    /// 统一社会信用代码 of the requesting department.
    pub requester_credit_code: String,
    pub resource_code: String,
    pub items: Vec<String>,
    /// Inclusive Beijing dates.
    pub valid_from: String,
    pub valid_until: String,
    /// The application's lifecycle state.
    pub state: ApplicationState,
    /// The disposal method the provider requires once use ends (Art. 27 ¶1),
    /// when the agreement named it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub disposal_method: Option<DisposalMethod>,
}

impl Grant {
    /// The grant an application would give; `None` for a data need.
    pub fn from_application(
        application_id: &str,
        app: &Application,
        state: ApplicationState,
    ) -> Option<Grant> {
        let d = app.draft();
        let target = d.target.as_ref()?;
        Some(Grant {
            application_id: application_id.to_owned(),
            requester_credit_code: d.requester.credit_code.clone(),
            resource_code: target.resource_code.clone(),
            items: target.items.clone(),
            valid_from: d.validity.from.clone(),
            valid_until: d.validity.until.clone(),
            state,
            disposal_method: None,
        })
    }
}

/// One item the department may fetch, until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct EntitledItem {
    pub name: String,
    /// Last Beijing date it may be fetched (the latest of its grants).
    pub valid_until: String,
}

/// What may be fetched of one resource.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Entitlement {
    pub resource_code: String,
    /// Sorted by name.
    pub items: Vec<EntitledItem>,
    /// The latest `valid_until` of its items.
    pub valid_until: String,
    /// Ids of the applications it comes from, sorted.
    pub application_ids: Vec<String>,
}

/// The department's current entitlements at `now` (RFC 3339), by resource
/// code. A grant counts when its state is agreed, delivered or in use — a
/// suspended or terminated grant refuses data requests (Art. 27 ¶2) — and
/// `now`'s Beijing date is within its period of use.
pub fn entitlements(grants: &[Grant], credit_code: &str, now: &str) -> Result<Vec<Entitlement>> {
    let today = Day::of_instant_cst(parse_timestamp(now, "now")?);
    let mut by_resource: BTreeMap<&str, (BTreeMap<&str, Day>, Vec<String>)> = BTreeMap::new();
    for (i, g) in grants.iter().enumerate() {
        let from = Day::parse(&g.valid_from, &format!("$[{i}].valid_from"))?;
        let until = Day::parse(&g.valid_until, &format!("$[{i}].valid_until"))?;
        let live = g.state.allows_data_requests();
        if g.requester_credit_code != credit_code || !live || today < from || today > until {
            continue;
        }
        let entry = by_resource.entry(g.resource_code.as_str()).or_default();
        for item in &g.items {
            let best = entry.0.entry(item.as_str()).or_insert(until);
            *best = (*best).max(until);
        }
        entry.1.push(g.application_id.clone());
    }
    Ok(by_resource
        .into_iter()
        .map(|(code, (items, mut ids))| {
            ids.sort();
            ids.dedup();
            let latest = items.values().max().copied().unwrap_or(today);
            Entitlement {
                resource_code: code.to_owned(),
                items: items
                    .into_iter()
                    .map(|(name, until)| EntitledItem {
                        name: name.to_owned(),
                        valid_until: until.to_string(),
                    })
                    .collect(),
                valid_until: latest.to_string(),
                application_ids: ids,
            }
        })
        .collect())
}

/// Refuses (`not_entitled`) a request for `items` of `resource_code` that
/// the entitlements do not cover.
pub fn check_entitled(entitlements: &[Entitlement], resource_code: &str, items: &[String]) -> Result<()> {
    let Some(ent) = entitlements.iter().find(|e| e.resource_code == resource_code) else {
        return Err(Error::NotEntitled {
            resource: resource_code.to_owned(),
            what: "any data item".into(),
            detail: "no active approval covers this resource".into(),
        });
    };
    if items.is_empty() {
        return Err(Error::InvalidArgument {
            name: "items".into(),
            detail: "name at least one data item".into(),
        });
    }
    for item in items {
        if !ent.items.iter().any(|e| &e.name == item) {
            return Err(Error::NotEntitled {
                resource: resource_code.to_owned(),
                what: format!("data item {item:?}"),
                detail: "the active approvals do not include this item".into(),
            });
        }
    }
    Ok(())
}
