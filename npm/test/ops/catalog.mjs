// Catalog vector ops (filled in with the catalog API).
export const catalogOps = {};
