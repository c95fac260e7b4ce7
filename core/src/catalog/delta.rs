//! Applying deltas: all or nothing.
//!
//! Every change is checked first, in order, against the catalog as the
//! earlier changes of the same delta leave it; only when all pass is a new
//! store and index made and swapped in: the delta's resources are indexed
//! and merged with the rest (`splice.rs`), which is not indexed again. A
//! refused delta leaves the catalog exactly as it was.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::engine::Catalog;
use super::index::Builder;
use super::load::{load_delta, LoadOptions};
use super::model::*;
use super::splice::{splice, Row};
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

#[derive(Clone, Copy)]
enum Method {
    Splice,
    Rebuild,
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
    ///
    /// Only the resources the delta brings are indexed; the rest of the
    /// catalog is merged array by array (see `splice.rs`), and the result is
    /// the catalog a rebuild from the resulting resources makes.
    pub fn apply_delta_document(&mut self, delta: &DeltaDocument) -> Result<DeltaOutcome> {
        self.apply_delta_with(delta, Method::Splice).map(|(outcome, _)| outcome)
    }

    /// Applies a parsed delta by indexing every resource again: the
    /// reference [`Catalog::apply_delta_document`] is tested and benchmarked
    /// against. Not for use: it costs a full index build.
    #[doc(hidden)]
    pub fn apply_delta_document_by_rebuild(&mut self, delta: &DeltaDocument) -> Result<DeltaOutcome> {
        self.apply_delta_with(delta, Method::Rebuild).map(|(outcome, _)| outcome)
    }

    /// [`Catalog::apply_delta_document`], also saying whether the merge made
    /// the new catalog (`false`: it gave up and every resource was indexed
    /// again). For tests, which must see that the merge made their catalogs.
    #[doc(hidden)]
    pub fn apply_delta_document_reporting(&mut self, delta: &DeltaDocument) -> Result<(DeltaOutcome, bool)> {
        self.apply_delta_with(delta, Method::Splice)
    }

    fn apply_delta_with(&mut self, delta: &DeltaDocument, method: Method) -> Result<(DeltaOutcome, bool)> {
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
        // Everything checked: the resources the catalog is left with, in
        // document order (a replaced resource keeps its place; a code the
        // delta adds comes last, in the order the delta adds it).
        // Only the rows of the codes the delta names are looked at.
        let mut touched: Vec<(u32, &Final<'_>)> = state
            .iter()
            .flat_map(|(&code, fin)| self.index.find_code(s, code).map(move |r| (r, fin)))
            .collect();
        touched.sort_unstable_by_key(|&(r, _)| r);
        let mut touched = touched.into_iter().peekable();
        let mut plan = Vec::with_capacity(s.len() + appended.len());
        let mut emitted: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for r in 0..s.len() as u32 {
            let Some((_, fin)) = touched.next_if(|&(t, _)| t == r) else {
                plan.push(Row::Kept(r));
                continue;
            };
            if let Final::Present(res) = fin {
                if emitted.insert(res.code.as_str()) {
                    plan.push(Row::New(res));
                }
            }
        }
        for code in appended {
            if let Some(Final::Present(res)) = state.get(code) {
                plan.push(Row::New(res));
            }
        }
        let spliced = match method {
            Method::Splice => splice(s, &self.index, &plan)?,
            Method::Rebuild => None,
        };
        let spliced_it = spliced.is_some();
        let (store, index) = match spliced {
            Some(parts) => parts,
            // The reference, and the way out when the catalog's arrays
            // disagree with each other: index every resource again.
            None => {
                let mut b = Builder::default();
                for row in &plan {
                    match *row {
                        Row::Kept(r) => b.add_model(&s.resource(r))?,
                        Row::New(res) => b.add_model(res)?,
                    }
                }
                b.finish()?
            }
        };
        let mut info = self.info.clone();
        info.version = delta.new_version;
        let mut next = Catalog::from_parts(info, store, index);
        next.source_version = self.source_version;
        *self = next;
        let outcome = DeltaOutcome {
            catalog: self.info.id.clone(),
            base_version: delta.base_version,
            new_version: delta.new_version,
            added,
            replaced,
            withdrawn,
            resources: self.len(),
        };
        Ok((outcome, spliced_it))
    }
}
