// Catalog vectors (tests/vectors/catalog): the same summaries and subset
// comparison as core/tests/vectors_catalog.rs.
import { b64, deepEqual, orError, plain } from './common.mjs';

async function input(ctx, v) {
  if (v && typeof v === 'object' && 'file' in v) return ctx.loadText(`catalog/${v.file}`);
  if (v && typeof v === 'object' && 'base64' in v) return b64(v.base64);
  if (v && typeof v === 'object' && 'text' in v) return new TextEncoder().encode(v.text);
  return JSON.stringify(v);
}

async function load(gs, ctx, file) {
  return gs.Catalog.fromJson(await ctx.loadText(`catalog/${file}`));
}

async function set(gs, ctx, files) {
  const s = new gs.CatalogSet();
  for (const f of files) s.add(await load(gs, ctx, f));
  return s;
}

const single = (cats) => cats.length === 1;

function searchSummary(r) {
  const matched = {};
  for (const h of r.hits) if (h.matched_items.length) matched[h.code] = h.matched_items;
  return {
    total: r.total,
    codes: r.hits.map((h) => h.code),
    catalogs: r.hits.map((h) => h.catalog),
    scores: r.hits.map((h) => h.score),
    relaxed: r.relaxed,
    facets: r.facets,
    matched_items: matched,
  };
}

function itemSummary(r) {
  return {
    exact: r.occurrences.filter((o) => o.exact).map((o) => `${o.catalog}:${o.code}`),
    near: r.occurrences.filter((o) => !o.exact).map((o) => ({ resource: `${o.catalog}:${o.code}`, item_name: o.item_name })),
    authoritative: r.authoritative.map((a) => a.provider_code),
    conflict: r.conflict,
  };
}

const ops = {
  async load(gs, c, ctx) {
    return orError(async () => {
      const bytes = await input(ctx, c.input);
      const cat = c.options ? gs.Catalog.fromJsonWith(bytes, c.options) : gs.Catalog.fromJson(bytes);
      const info = cat.info();
      return { id: info.id, version: info.version, resources: cat.size };
    });
  },
  async search(gs, c, ctx) {
    return orError(async () => {
      const target = single(c.catalogs) ? await load(gs, ctx, c.catalogs[0]) : await set(gs, ctx, c.catalogs);
      return searchSummary(target.search(c.query));
    });
  },
  async item(gs, c, ctx) {
    const target = single(c.catalogs) ? await load(gs, ctx, c.catalogs[0]) : await set(gs, ctx, c.catalogs);
    return itemSummary(target.item(c.name));
  },
  async lint(gs, c, ctx) {
    return orError(async () => ({
      findings: gs.Catalog.fromJson(await input(ctx, c.input)).lint()
        .map((f) => ({
          resource: f.resource ?? null, code: f.code, severity: f.severity, path: f.path,
          article: f.article ?? null, standard: f.standard ?? null,
        })),
    }));
  },
  async apply_delta(gs, c, ctx) {
    const cat = await load(gs, ctx, c.catalog);
    const before = cat.toSnapshot();
    const delta = await input(ctx, c.delta);
    try {
      const outcome = cat.applyDelta(delta);
      const v = { outcome, version: cat.info().version };
      if (c.then_search) v.search = searchSummary(cat.search(c.then_search));
      const again = gs.Catalog.fromJson(cat.toJson());
      if (!deepEqual(Array.from(again.toSnapshot()), Array.from(cat.toSnapshot()))) throw new Error('toJson round trip differs');
      return v;
    } catch (e) {
      if (!e.code) throw e;
      if (!deepEqual(Array.from(cat.toSnapshot()), Array.from(before))) throw new Error('refused delta changed the catalog');
      return { error: e.code, version: cat.info().version };
    }
  },
  async conflicts(gs, c, ctx) {
    return (await set(gs, ctx, c.catalogs)).conflicts();
  },
  async catalog_set(gs, c, ctx) {
    const s = new gs.CatalogSet();
    for (const f of c.catalogs) {
      try { s.add(await load(gs, ctx, f)); } catch (e) { if (e.code) return { error: e.code }; throw e; }
    }
    return { ids: s.ids() };
  },
  async snapshot_roundtrip(gs, c, ctx) {
    const cat = await load(gs, ctx, c.catalog);
    return searchSummary(gs.Catalog.fromSnapshot(cat.toSnapshot()).search(c.query));
  },
  async snapshot_digest(gs, c, ctx) {
    const snap = (await load(gs, ctx, c.catalog)).toSnapshot();
    const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', snap));
    return { bytes: snap.length, sha256: Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('') };
  },
  // A published index (catalog/published.json): the fixture's sections,
  // replaced by the case's files, pushed through PublishedIndexLoader.
  async published_load(gs, c, ctx) {
    return orError(async () => {
      const files = await publishedFiles(c, ctx);
      const signature = new TextDecoder().decode(files.get('manifest.sig'));
      const loader = new gs.PublishedIndexLoader(files.get('manifest.json'), signature, c.platform_key, c.expect_index);
      try {
        for (const section of loader.sections()) {
          if (files.has(section.block_file)) loader.addBlockList(section.name, files.get(section.block_file));
        }
        for (const section of loader.sections()) {
          const bytes = files.get(section.file) ?? new Uint8Array(0);
          for (let at = 0; at < bytes.length; at += c.chunk) loader.push(bytes.subarray(at, at + c.chunk));
        }
      } catch (e) {
        loader.free();
        throw e;
      }
      const cat = loader.finish();
      const r = cat.search(c.query);
      return { id: cat.info().id, version: cat.info().version, resources: cat.size, total: r.total, codes: r.hits.map((h) => h.code) };
    });
  },
  // The same files searched lazily: the ranges the index asks for are added
  // until it answers.
  async published_lazy_search(gs, c, ctx) {
    return orError(async () => {
      const files = await publishedFiles(c, ctx);
      const signature = new TextDecoder().decode(files.get('manifest.sig'));
      const index = new gs.LazyIndex(files.get('manifest.json'), signature, c.platform_key);
      try {
        for (const section of index.manifest.sections) {
          if (files.has(section.block_file)) index.addBlockList(section.name, files.get(section.block_file));
        }
        for (let round = 0; round < 32; round++) {
          const step = index.search(c.query);
          if (step.result) return searchSummary(step.result);
          for (const r of step.need) {
            index.addRange(r.section, r.start, (files.get(r.file) ?? new Uint8Array(0)).subarray(r.start, r.end));
          }
        }
        throw new Error('no answer after 32 rounds');
      } finally {
        index.free();
      }
    });
  },
  async from_snapshot(gs, c, ctx) {
    return orError(async () => {
      const cat = gs.Catalog.fromSnapshot(await input(ctx, c.input));
      return { id: cat.info().id, resources: cat.size };
    });
  },
};

/** Keys of `expect` must equal `actual`'s; nested for facets, matched_items, search, outcome. */
function checkSubset(name, expect, actual, fails) {
  if (expect && typeof expect === 'object' && !Array.isArray(expect)) {
    for (const [k, v] of Object.entries(expect)) {
      const a = actual?.[k] ?? null;
      if (['facets', 'matched_items', 'search', 'outcome'].includes(k)) checkSubset(`${name}.${k}`, v, a, fails);
      else if (!deepEqual(plain(a), v)) fails.push(`${name}: \`${k}\` is ${JSON.stringify(a)}, expected ${JSON.stringify(v)}`);
    }
  } else if (!deepEqual(plain(actual), expect)) {
    fails.push(`${name}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expect)}`);
  }
}

export async function runCatalogCase(gs, c, ctx) {
  const op = ops[c.op];
  if (!op) return { ok: false, detail: `no runner for catalog op ${c.op}` };
  const actual = plain(await op(gs, c, ctx));
  const fails = [];
  if ('expect_error' in c) {
    const want = { error: c.expect_error };
    if ('expect_path' in c) want.path = c.expect_path;
    if ('expect_version' in c) want.version = c.expect_version;
    checkSubset(c.name, want, actual, fails);
  } else if (actual && typeof actual === 'object' && !Array.isArray(actual) && 'error' in actual) {
    fails.push(`${c.name}: unexpected error ${JSON.stringify(actual)}`);
  } else {
    checkSubset(c.name, c.expect, actual, fails);
  }
  return fails.length ? { ok: false, detail: fails.join('\n') } : { ok: true };
}

/** A published index case's files: the fixture's sections, replaced by the case's `files`. */
async function publishedFiles(c, ctx) {
  const fixture = JSON.parse(await ctx.loadText(`catalog/${c.sections}`));
  const files = new Map(Object.entries(fixture.sections).map(([n, b]) => [`${n}.bin`, b64(b)]));
  for (const [name, v] of Object.entries(c.files)) files.set(name, await input(ctx, v));
  return files;
}
