//! Item queries: which resources carry a data item, and who is its
//! authoritative source (一数一源).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::engine::Catalog;
use super::model::ItemType;
use super::text::{normalize, query_terms};

/// Near-name occurrences returned at most (exact ones are never cut).
pub const MAX_NEAR_OCCURRENCES: usize = 1_000;

/// Where a data item occurs and who is authoritative for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ItemQueryResult {
    /// The name asked for.
    pub name: String,
    /// Exact-name occurrences first, then near names (containing the name
    /// after normalization), each sorted by item name, catalog, code.
    pub occurrences: Vec<ItemOccurrence>,
    /// Providers marking the exact item `authoritative`, by provider.
    pub authoritative: Vec<AuthoritativeSource>,
    /// More than one provider claims to be the authoritative source.
    pub conflict: bool,
    /// Near-name occurrences were cut at [`MAX_NEAR_OCCURRENCES`].
    pub near_truncated: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ItemOccurrence {
    pub catalog: String,
    pub code: String,
    pub resource_name: String,
    pub provider: String,
    pub provider_code: String,
    pub item_name: String,
    /// False for a near name (one that contains the name asked for).
    pub exact: bool,
    pub authoritative: bool,
    pub grade: u8,
    pub data_type: ItemType,
    pub length: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct AuthoritativeSource {
    pub provider: String,
    pub provider_code: String,
    /// `catalog:code` of each resource where it is marked authoritative.
    pub resources: Vec<String>,
}

impl Catalog {
    /// Which resources carry the item `name` (exactly, or a name containing it).
    pub fn item(&self, name: &str) -> ItemQueryResult {
        let (occ, truncated) = self.item_occurrences(name, MAX_NEAR_OCCURRENCES);
        item_result(name, occ, truncated)
    }

    /// Occurrences of `name` here; near ones capped at `max_near`.
    pub(crate) fn item_occurrences(&self, name: &str, max_near: usize) -> (Vec<ItemOccurrence>, bool) {
        let s = &self.store;
        let mut out = Vec::new();
        let exact = s.vocab.lookup(name);
        let push_vid = |vid: u32, is_exact: bool, out: &mut Vec<ItemOccurrence>, budget: &mut usize| {
            for (r, _) in self.index.item_postings(vid) {
                for i in s.items_of(r) {
                    if s.item_name_id(i) != vid {
                        continue;
                    }
                    if !is_exact {
                        if *budget == 0 {
                            return false;
                        }
                        *budget -= 1;
                    }
                    out.push(ItemOccurrence {
                        catalog: self.info.id.clone(),
                        code: s.code(r).to_owned(),
                        resource_name: s.name(r).owned(),
                        provider: s.provider_name(r).to_owned(),
                        provider_code: s.provider_code_str(r).to_owned(),
                        item_name: s.vocab.get(vid).to_owned(),
                        exact: is_exact,
                        authoritative: s.item_authoritative(i),
                        grade: s.item_grade(i),
                        data_type: s.item_type(i),
                        length: s.item_length(i),
                    });
                }
            }
            true
        };
        let mut unlimited = usize::MAX;
        if let Some(vid) = exact {
            push_vid(vid, true, &mut out, &mut unlimited);
        }
        // Near names: candidates from the index (names having every query
        // term), confirmed by substring test on normalized text.
        let needle = normalize(name);
        let mut truncated = false;
        let terms: Vec<usize> = query_terms(name).iter().filter_map(|&k| self.index.term(k)).collect();
        if !needle.trim().is_empty() && terms.len() == query_terms(name).len() && !terms.is_empty() {
            let mut cand: Vec<u32> =
                terms.iter().map(|&t| self.index.vocab_of(t)).min_by_key(|l| l.len()).unwrap_or(&[]).to_vec();
            for &t in &terms {
                let list = self.index.vocab_of(t);
                cand.retain(|v| list.binary_search(v).is_ok());
            }
            let mut near: Vec<(&str, u32)> = cand
                .into_iter()
                .filter(|&v| Some(v) != exact)
                .map(|v| (s.vocab.get(v), v))
                .filter(|(n, _)| normalize(n).contains(&needle))
                .collect();
            // Equal entries are identical, so the unstable sort gives the
            // stable order (and keeps one sort's code out of the module).
            near.sort_unstable();
            let mut budget = max_near;
            for (_, vid) in near {
                if !push_vid(vid, false, &mut out, &mut budget) {
                    truncated = true;
                    break;
                }
            }
        }
        (out, truncated)
    }
}

/// Sorts occurrences and works out the authoritative sources.
pub(crate) fn item_result(name: &str, mut occ: Vec<ItemOccurrence>, near_truncated: bool) -> ItemQueryResult {
    occ.sort_by(|a, b| {
        b.exact
            .cmp(&a.exact)
            .then_with(|| a.item_name.cmp(&b.item_name))
            .then_with(|| a.catalog.cmp(&b.catalog))
            .then_with(|| a.code.cmp(&b.code))
    });
    // A provider is its code when it has one, else its name.
    let mut sources: BTreeMap<String, AuthoritativeSource> = BTreeMap::new();
    for o in occ.iter().filter(|o| o.exact && o.authoritative) {
        let key = if o.provider_code.is_empty() { &o.provider } else { &o.provider_code };
        let src = sources.entry(key.clone()).or_insert_with(|| AuthoritativeSource {
            provider: o.provider.clone(),
            provider_code: o.provider_code.clone(),
            resources: Vec::new(),
        });
        // Occurrences are sorted, so repeats of one resource are adjacent.
        let id = format!("{}:{}", o.catalog, o.code);
        if src.resources.last() != Some(&id) {
            src.resources.push(id);
        }
    }
    let authoritative: Vec<AuthoritativeSource> = sources.into_values().collect();
    ItemQueryResult {
        name: name.to_owned(),
        conflict: authoritative.len() > 1,
        authoritative,
        occurrences: occ,
        near_truncated,
    }
}
