// Request vectors (tests/vectors/request): the same operations and comparison
// as core/tests/vectors_request.rs. Values are compared as JSON where an
// absent member equals `null` (wasm leaves `None` out, serde_json writes null).
import { deepEqual, orError } from './common.mjs';

/** JSON-like copy with `null`/`undefined` object members removed. */
function norm(v) {
  if (Array.isArray(v)) return v.map(norm);
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const out = {};
    for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = norm(x);
    return out;
  }
  return v;
}

const sortFindings = (f) => [...f].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

async function catalogOf(ctx, file) {
  ctx.state.docs ??= {};
  ctx.state.docs[file] ??= JSON.parse(await ctx.loadText(`request/${file}`));
  return ctx.state.docs[file].catalog;
}

function buildRequest(gs, c) {
  const client = new gs.PlatformClient(c.config);
  const ctx = c.ctx;
  switch (c.call) {
    case 'catalog': return client.catalogRequest(ctx);
    case 'catalog_delta': return client.catalogDeltaRequest(c.since_version, ctx);
    case 'submit': return client.submitRequest(gs.Application.fromJson(c.application_json), ctx);
    case 'resubmit': return client.resubmitRequest(c.id, gs.Application.fromJson(c.application_json), ctx);
    case 'status': return client.statusRequest(c.id, ctx);
    case 'withdraw': return client.withdrawRequest(c.id, c.reason ?? undefined, ctx);
    case 'data': {
      const ents = gs.entitlements(c.grants, c.credit_code, ctx.now);
      return client.dataRequest(c.query, ents, ctx);
    }
    case 'irs_refresh_by_key': return client.irsRefreshByKeyRequest(ctx);
    case 'irs_refresh_by_secret': return client.irsRefreshBySecretRequest(ctx);
    default: throw new Error(`unknown call ${c.call}`);
  }
}

function parseResponse(gs, c) {
  switch (c.call) {
    case 'application': return gs.parseApplicationResponse(c.response);
    case 'catalog': return gs.parseCatalogResponse(c.response);
    case 'catalog_delta': return gs.parseCatalogDeltaResponse(c.response);
    case 'data': return gs.parseDataResponse(c.response, c.query);
    case 'irs_refresh': {
      // An opaque object: its secrets are read by name, never printed.
      const s = gs.parseIrsRefreshResponse(c.response);
      return {
        request_secret: s.requestSecret,
        request_secret_end_time: s.requestSecretEndTime,
        refresh_secret: s.refreshSecret,
        refresh_secret_end_time: s.refreshSecretEndTime,
      };
    }
    default: throw new Error(`unknown call ${c.call}`);
  }
}

// A case's deadline profile: a built-in name, a profile object, or national.
function profileOf(gs, c) {
  return typeof c.profile === 'string' ? gs.deadlineProfile(c.profile) : c.profile;
}

function calendarOf(gs, c) {
  const cal = gs.WorkCalendar.embedded();
  if (c.calendar_json !== undefined) cal.addJson(c.calendar_json);
  return cal;
}

function scheduleJson(out) {
  return { profile: out.profile, steps: out.steps, finding_codes: out.findings.map((f) => f.code) };
}

const ops = {
  async validate(gs, c, ctx) {
    const catalog = await catalogOf(ctx, 'applications.json');
    return orError(() => {
      const app = gs.Application.fromJson(c.application_json);
      const report = gs.validateApplicationWithResources(app, catalog, c.policy);
      for (const f of report.findings) {
        if (!f.message_en || !f.message_zh) throw new Error(`finding ${f.code} without messages`);
      }
      const findings = sortFindings(report.findings.map((f) => ({ code: f.code, severity: f.severity, path: f.path, article: f.article ?? null })));
      return { ok: report.ok, outcome: report.outcome, track: report.track ?? null, findings };
    }, (e) => ({ message: e.message, messageZh: e.messageZh }));
  },
  application_digests: (gs, c) => orError(() => gs.Application.fromJson(c.application_json).digests()),
  transition: (gs, c) => orError(() => gs.transition(c.lifecycle, c.event, c.now, profileOf(gs, c)), (e) => ({ message: e.message })),
  file_correction: (gs, c) => orError(() => gs.fileCorrection(c.application_id, c.resource_code, c.items, c.data_digest, c.filed_on)),
  answer_correction: (gs, c) => orError(() => gs.answerCorrection(c.correction, c.answered_on, c.outcome)),
  schedule: (gs, c) => orError(() => scheduleJson(gs.schedule(calendarOf(gs, c), profileOf(gs, c), c.input, c.now))),
  catalog_update: (gs, c) => orError(() => scheduleJson(gs.catalogUpdateSchedule(calendarOf(gs, c), profileOf(gs, c), c.input, c.now))),
  due_date: (gs, c) => orError(() => gs.WorkCalendar.embedded().dueDate(c.start, c.days)),
  entitlements: (gs, c) => orError(() => gs.entitlements(c.grants, c.credit_code, c.now)),
  build_request: (gs, c) => orError(() => buildRequest(gs, c)),
  parse_response: (gs, c) => orError(() => parseResponse(gs, c), (e) => ({ status: e.status, platform_code: e.platformCode })),
};

export async function runRequestCase(gs, c, ctx) {
  const op = ops[c.op];
  if (!op) return { ok: false, detail: `unknown op ${c.op}` };
  const got = await op(gs, c, ctx);
  if ('expect_error' in c) {
    let ok = got && got.error === c.expect_error;
    if (ok && c.article) ok = (got.message ?? '').includes(c.article);
    for (const secret of c.must_not_echo ?? []) {
      if (ok && `${got.message ?? ''} ${got.messageZh ?? ''}`.includes(secret)) ok = false;
    }
    if (ok && c.expect_error_fields) {
      ok = deepEqual({ status: got.status, platform_code: got.platform_code }, c.expect_error_fields);
    }
    return { ok, detail: ok ? '' : `expected error ${c.expect_error}, got ${JSON.stringify(got)}` };
  }
  const want = structuredClone(c.expect);
  if (want && Array.isArray(want.findings)) want.findings = sortFindings(want.findings);
  const ok = deepEqual(norm(got), norm(want));
  return { ok, detail: ok ? '' : `expected ${JSON.stringify(want)}\n     got ${JSON.stringify(got)}` };
}
