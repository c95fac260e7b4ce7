//! Sharing applications: build and validate them against the catalog and the
//! rules, canonicalize them (RFC 8785), track working-day deadlines, and shape
//! the HTTP requests a sharing platform expects.
