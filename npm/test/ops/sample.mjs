// Sample-catalog vectors (tests/vectors/sample): the generator's text is
// byte-identical in every binding; compared by SHA-256, byte length and
// resource count, as core/tests/vectors_sample.rs does.

async function digest(text) {
  const bytes = new TextEncoder().encode(text);
  const hash = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  return {
    sha256: [...hash].map((b) => b.toString(16).padStart(2, '0')).join(''),
    bytes: bytes.length,
    resources: JSON.parse(text).resources.length,
  };
}

const ops = {
  sample_json: (gs, c) => digest(gs.sampleCatalog(c.options ?? {})),
  default_sample: (gs) => digest(gs.sampleCatalog(gs.defaultSampleOptions())),
  province_sample: (gs) => digest(gs.sampleCatalog(gs.provinceSampleOptions())),
  injected_findings: (gs, c) =>
    gs.sampleInjectedFindings(c.options ?? {}).map((f) => ({ resource_index: f.resource_index, code: f.code })),
};

export async function runSampleCase(gs, c) {
  const op = ops[c.op];
  if (!op) return { ok: false, detail: `no runner for sample op ${c.op}` };
  let got;
  try {
    got = { ok: await op(gs, c) };
  } catch (e) {
    if (e && typeof e.code === 'string') got = { error: e.code };
    else throw e;
  }
  const want = 'expect_error' in c ? { error: c.expect_error } : { ok: c.expect };
  return JSON.stringify(got) === JSON.stringify(want)
    ? { ok: true }
    : { ok: false, detail: `${c.name}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}` };
}
