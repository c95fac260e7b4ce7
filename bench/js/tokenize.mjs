// CJK-friendly tokenization for the JS peers (neither library segments
// Chinese on its own): CJK runs become unigrams + bigrams when indexing;
// a query term becomes its bigrams (a one-character term itself), so an
// AND of the query tokens approximates "the term occurs as a substring".

const RUN = /[\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+/g;
const CJK_START = /^[\u3400-\u9fff\uf900-\ufaff]/;

export function indexTokens(text) {
  const out = [];
  for (const m of String(text).matchAll(RUN)) {
    const w = m[0];
    if (CJK_START.test(w)) {
      for (let k = 0; k < w.length; k++) {
        out.push(w[k]);
        if (k + 1 < w.length) out.push(w[k] + w[k + 1]);
      }
    } else out.push(w.toLowerCase());
  }
  return out;
}

export function queryTokens(text) {
  const out = [];
  for (const m of String(text).matchAll(RUN)) {
    const w = m[0];
    if (!CJK_START.test(w)) out.push(w.toLowerCase());
    else if (w.length === 1) out.push(w);
    else for (let k = 0; k + 1 < w.length; k++) out.push(w[k] + w[k + 1]);
  }
  return [...new Set(out)];
}
