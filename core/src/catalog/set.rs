//! Several catalogs at once (e.g. the national one and a province's).
//!
//! Searches and item queries span all of them and name the catalog of every
//! hit; a resource code present in two catalogs is reported by
//! [`CatalogSet::conflicts`], never merged silently.

use serde::{Deserialize, Serialize};

use super::delta::{parse_delta, DeltaOutcome};
use super::engine::Catalog;
use super::item::{item_result, ItemQueryResult, MAX_NEAR_OCCURRENCES};
use super::search::{facets_from, validate, Relax, SearchQuery, SearchResult};
use crate::{Error, Result};

/// Catalogs kept in id order.
#[derive(Debug, Clone, Default)]
pub struct CatalogSet {
    catalogs: Vec<Catalog>,
}

/// One code used by resources of several catalogs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CodeConflict {
    pub code: String,
    /// Ids of the catalogs having it, sorted.
    pub catalogs: Vec<String>,
    /// The resource name in each of those catalogs (same order).
    pub names: Vec<String>,
    /// All copies are identical.
    pub identical: bool,
}

impl CatalogSet {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a catalog; refused when one with the same id is already here.
    pub fn add(&mut self, catalog: Catalog) -> Result<()> {
        match self.catalogs.binary_search_by(|c| c.info.id.as_str().cmp(catalog.id())) {
            Ok(_) => Err(Error::DuplicateCatalog { id: catalog.info.id }),
            Err(pos) => {
                self.catalogs.insert(pos, catalog);
                Ok(())
            }
        }
    }

    pub fn remove(&mut self, id: &str) -> Option<Catalog> {
        let pos = self.catalogs.iter().position(|c| c.id() == id)?;
        Some(self.catalogs.remove(pos))
    }

    pub fn get(&self, id: &str) -> Option<&Catalog> {
        self.catalogs.iter().find(|c| c.id() == id)
    }

    /// Catalog ids, sorted.
    pub fn ids(&self) -> Vec<String> {
        self.catalogs.iter().map(|c| c.info.id.clone()).collect()
    }

    pub fn len(&self) -> usize {
        self.catalogs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.catalogs.is_empty()
    }

    /// Searches every catalog; hits merge by score, then catalog id, then
    /// code; totals and facets add up. Any-term fallback applies only when
    /// no catalog has a resource with every term.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResult> {
        validate(q)?;
        let k = (q.offset as usize).saturating_add(q.limit as usize);
        let mut parts: Vec<_> =
            self.catalogs.iter().map(|c| (c, c.search_partial(q, k, Relax::Never))).collect();
        let multi_term = parts.first().is_some_and(|(_, p)| p.terms.len() > 1);
        let relaxed = multi_term && parts.iter().all(|(_, p)| p.total == 0);
        if relaxed {
            parts = self.catalogs.iter().map(|c| (c, c.search_partial(q, k, Relax::Always))).collect();
        }
        let total = parts.iter().map(|(_, p)| p.total).sum();
        let mut hits = Vec::new();
        let mut facets = Vec::new();
        for (c, p) in parts {
            hits.extend(p.top.iter().map(|s| c.hit(s, &p.terms, c.id())));
            facets.extend(p.facets);
        }
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.catalog.cmp(&b.catalog))
                .then_with(|| a.code.cmp(&b.code))
        });
        let hits = hits.into_iter().skip(q.offset as usize).take(q.limit as usize).collect();
        Ok(SearchResult { total, hits, facets: facets_from(facets), relaxed })
    }

    /// Item query over every catalog; authoritative sources are compared
    /// across catalogs too.
    pub fn item(&self, name: &str) -> ItemQueryResult {
        let mut occ = Vec::new();
        let mut truncated = false;
        let mut budget = MAX_NEAR_OCCURRENCES;
        for c in &self.catalogs {
            let (o, t) = c.item_occurrences(name, budget);
            budget = budget.saturating_sub(o.iter().filter(|x| !x.exact).count());
            truncated |= t;
            occ.extend(o);
        }
        item_result(name, occ, truncated)
    }

    /// Codes used in more than one catalog, sorted by code.
    pub fn conflicts(&self) -> Vec<CodeConflict> {
        let mut out = Vec::new();
        for (i, c) in self.catalogs.iter().enumerate() {
            let mut last: Option<&str> = None;
            for &r in &c.index.code_order {
                let code = c.store.code(r);
                if last == Some(code) {
                    continue;
                }
                last = Some(code);
                // Report each code once: from the first catalog having it.
                if self
                    .catalogs
                    .get(..i)
                    .unwrap_or(&[])
                    .iter()
                    .any(|o| o.index.find_code(&o.store, code).next().is_some())
                {
                    continue;
                }
                let mut catalogs = vec![c.info.id.clone()];
                let mut names = vec![c.store.name(r).owned()];
                let first = c.store.resource(r);
                let mut identical = true;
                for o in self.catalogs.get(i + 1..).unwrap_or(&[]) {
                    if let Some(or) = o.index.find_code(&o.store, code).next() {
                        catalogs.push(o.info.id.clone());
                        names.push(o.store.name(or).owned());
                        identical &= o.store.resource(or) == first;
                    }
                }
                if catalogs.len() > 1 {
                    out.push(CodeConflict { code: code.to_owned(), catalogs, names, identical });
                }
            }
        }
        // One conflict per code: the order is total.
        out.sort_unstable_by(|a, b| a.code.cmp(&b.code));
        out
    }

    /// Applies a delta to the catalog it names; refused (and nothing
    /// changed) when no catalog here has that id.
    pub fn apply_delta(&mut self, delta_json: &[u8]) -> Result<DeltaOutcome> {
        let delta = parse_delta(delta_json)?;
        let ids = self.ids().join(", ");
        match self.catalogs.iter_mut().find(|c| c.info.id == delta.catalog) {
            Some(c) => c.apply_delta_document(&delta),
            None => Err(Error::DeltaCatalogMismatch {
                delta_catalog: delta.catalog.chars().take(64).collect(),
                catalog: ids,
            }),
        }
    }
}
