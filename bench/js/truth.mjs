// Brute-force ground truth: what a user means by a query, computed without
// any index. A resource matches when every whitespace-separated term of the
// query occurs as a substring of its name, abstract or item names (the
// fields govshare searches; the provider is a filter, not text), and it
// satisfies the filter. Matches are ranked by a fixed field-weighted score
// (name 3, items 2, abstract 1 per term, govshare's field weights), ties by
// catalog order, for the "true top 20".

export function matchesFilter(doc, filter) {
  if (!filter) return true;
  if (filter.sharing !== undefined) return doc.sharing === filter.sharing;
  if (filter.grade !== undefined) return doc.grade === filter.grade;
  if (filter.provider !== undefined) return doc.provider === filter.provider;
  return true;
}

export function terms(text) {
  return text.split(/\s+/).filter(Boolean);
}

/** For one query: { ids: Int32Array of matching doc indices (ranked), count }. */
export function truthFor(docs, query) {
  const ts = terms(query.text);
  const hits = [];
  for (const d of docs) {
    if (!matchesFilter(d, query.filter)) continue;
    let score = 0;
    let all = true;
    for (const t of ts) {
      const s = (d.name.includes(t) ? 3 : 0) + (d.items.includes(t) ? 2 : 0) + (d.abstract.includes(t) ? 1 : 0);
      if (s === 0) {
        all = false;
        break;
      }
      score += s;
    }
    if (all) hits.push(score * 0x4000000 - d.i); // score desc, index asc (i < 2^26)
  }
  hits.sort((a, b) => b - a);
  const ids = new Int32Array(hits.length);
  for (let k = 0; k < hits.length; k++) {
    const h = hits[k];
    const score = Math.ceil(h / 0x4000000);
    ids[k] = score * 0x4000000 - h;
  }
  return ids;
}

export function computeTruth(docs, queries) {
  return queries.map((q) => truthFor(docs, q));
}
