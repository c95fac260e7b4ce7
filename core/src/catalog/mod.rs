//! The government data catalog: load and validate it, lint it, search it
//! (CJK full text with facets), apply deltas, combine several catalogs, and
//! snapshot the indexed form for fast loading.
//!
//! Loading streams resources into a compact columnar store (`store`) and a
//! full-text index (`index`); nothing keeps a `Vec<Resource>`. See
//! `docs/catalog-format.md` for the format, the limits and the search rules.

mod delta;
mod engine;
mod index;
mod item;
mod lazy;
mod lint;
mod load;
pub mod model;
mod published;
mod raw;
pub mod sample;
mod score;
mod search;
mod set;
mod snapshot;
mod splice;
mod store;
mod text;
mod topk;

pub use delta::{parse_delta, DeltaOutcome};
pub use engine::{Catalog, CatalogStats};
pub use item::{AuthoritativeSource, ItemOccurrence, ItemQueryResult, MAX_NEAR_OCCURRENCES};
pub use lazy::{IndexRange, LazyIndex, LazyIndexStats, LazyResource, LazySearch};
pub use lint::{lint_json, LintFinding, Severity, MAX_ABSTRACT_CHARS, MAX_NAME_CHARS};
pub use load::{CatalogLoader, LoadOptions, LoadProgress};
pub use model::*;
pub use published::{
    check_block_file, verify_index_manifest, IndexArray, IndexCatalog, IndexExpectation, IndexHash,
    IndexManifest, IndexSection, IndexSigner, PublishOptions, PublishedIndex, PublishedIndexLoader,
    DEFAULT_BLOCK_SIZE, INDEX_FORMAT, MAX_BLOCK_SIZE, MAX_MANIFEST_BYTES, MIN_BLOCK_SIZE,
    SECTION_FIRST_ARRAY,
};
pub use search::{FacetCount, Facets, SearchHit, SearchQuery, SearchResult, MAX_LIMIT, MAX_QUERY_CHARS};
pub use set::{CatalogSet, CodeConflict};
pub use snapshot::{is_snapshot, SnapshotLoader, LAYOUT_WIDTHS, MAX_SNAPSHOT_BYTES, SNAPSHOT_VERSION};
