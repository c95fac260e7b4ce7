//! Applying deltas: all or nothing.
//!
//! Every change is checked first, in order, against the catalog as the
//! earlier changes of the same delta leave it; only when all pass is a new
//! store and index built (the index is rebuilt, not patched) and swapped in.
//! A refused delta leaves the catalog exactly as it was.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::engine::Catalog;
use super::index::Builder;
use super::load::{load_delta, LoadOptions};
use super::model::*;
use crate::{Error, Location, Result};

/// What an applied delta did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct DeltaOutcome {
    pub catalog: String,
    pub base_version: u64,
    pub new_version: u64,
    pub added: u64,
    pub replaced: u64,
    pub withdrawn: u64,
    /// Resources in the catalog afterwards.
    pub resources: u64,
}

/// Reads a delta document (limits, UTF-8 and format checked).
pub fn parse_delta(bytes: &[u8]) -> Result<DeltaDocument> {
    load_delta(bytes, &LoadOptions::default())
}

enum Final<'d> {
    Present(&'d Resource),
    Absent,
}

impl Catalog {
    /// Applies a delta document; on any error nothing changes.
    pub fn apply_delta(&mut self, delta_json: &[u8]) -> Result<DeltaOutcome> {
        let delta = parse_delta(delta_json)?;
        self.apply_delta_document(&delta)
    }

    /// Applies a parsed delta; on any error nothing changes.
    pub fn apply_delta_document(&mut self, delta: &DeltaDocument) -> Result<DeltaOutcome> {
        if delta.catalog != self.info.id {
            return Err(Error::DeltaCatalogMismatch {
                delta_catalog: delta.catalog.chars().take(64).collect(),
                catalog: self.info.id.clone(),
            });
        }
        if delta.base_version != self.info.version {
            return Err(Error::DeltaBaseMismatch {
                delta_base: delta.base_version,
                catalog_version: self.info.version,
            });
        }
        if delta.new_version <= delta.base_version {
            return Err(Error::InvalidValue {
                location: Location::path("$.new_version"),
                detail: "new_version must be greater than base_version".into(),
            });
        }
        let s = &self.store;
        let count = |code: &str| self.index.find_code(s, code).count();
        let mut state: HashMap<&str, Final<'_>> = HashMap::new();
        let mut appended: Vec<&str> = Vec::new();
        let mut appended_set: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let (mut added, mut replaced, mut withdrawn) = (0u64, 0u64, 0u64);
        for (index, change) in delta.changes.iter().enumerate() {
            let (op, code) = match change {
                DeltaChange::Add { resource } => ("add", resource.code.as_str()),
                DeltaChange::Replace { resource } => ("replace", resource.code.as_str()),
                DeltaChange::Withdraw { code, .. } => ("withdraw", code.as_str()),
            };
            let exists = match state.get(code) {
                Some(Final::Present(_)) => true,
                Some(Final::Absent) => false,
                None => count(code) > 0,
            };
            let conflict = |detail: &str| Error::DeltaConflict {
                index: index as u64,
                op: op.into(),
                code: code.chars().take(64).collect(),
                detail: detail.into(),
            };
            match change {
                DeltaChange::Add { resource } => {
                    if exists {
                        return Err(conflict("a resource with this code already exists"));
                    }
                    if count(code) == 0 && appended_set.insert(code) {
                        appended.push(code);
                    }
                    state.insert(code, Final::Present(resource));
                    added += 1;
                }
                DeltaChange::Replace { resource } => {
                    if !exists {
                        return Err(conflict("no resource with this code"));
                    }
                    if !state.contains_key(code) && count(code) > 1 {
                        return Err(conflict(
                            "the code is duplicated in the catalog; which one to replace is ambiguous",
                        ));
                    }
                    state.insert(code, Final::Present(resource));
                    replaced += 1;
                }
                DeltaChange::Withdraw { .. } => {
                    if !exists {
                        return Err(conflict("no resource with this code"));
                    }
                    state.insert(code, Final::Absent);
                    withdrawn += 1;
                }
            }
        }
        // Everything checked: build the new catalog, then swap it in.
        let mut b = Builder::default();
        let mut emitted: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for r in 0..s.len() as u32 {
            let code = s.code(r);
            match state.get(code) {
                None => b.add_model(&s.resource(r))?,
                Some(Final::Absent) => {}
                Some(Final::Present(res)) => {
                    if emitted.insert(code) {
                        b.add_model(res)?;
                    }
                }
            }
        }
        for code in appended {
            if let Some(Final::Present(res)) = state.get(code) {
                b.add_model(res)?;
            }
        }
        let mut info = self.info.clone();
        info.version = delta.new_version;
        let mut next = Catalog::from_builder(info, b)?;
        next.source_version = self.source_version;
        *self = next;
        Ok(DeltaOutcome {
            catalog: self.info.id.clone(),
            base_version: delta.base_version,
            new_version: delta.new_version,
            added,
            replaced,
            withdrawn,
            resources: self.len(),
        })
    }
}
