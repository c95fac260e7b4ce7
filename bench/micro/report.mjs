// Merges the micro-benchmark runners' JSON (native, node, python), takes the
// medians, checks that every canonicalizer produced the same bytes, evaluates
// the targets of issues #3 and #4, writes one results JSON and prints a
// markdown report.
// Usage: node report.mjs --out results.json [--load-start "1 5 15"] RUNNER.json...
import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';

const argv = process.argv.slice(2);
const opt = (name) => {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
const outPath = opt('--out');
const loadStart = opt('--load-start');
const command = opt('--command');
const loads = opt('--loads');
const runners = argv.map((f) => JSON.parse(readFileSync(f, 'utf8')));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Pool the rounds of every run of a runner (REPEAT > 1 interleaves the
// runners in time, so load swings hit all of them), then take medians.
const pooled = new Map();
for (const r of runners) {
  for (const x of r.results) {
    const id = `${r.runner}\u0000${x.task}\u0000${x.impl}`;
    if (!pooled.has(id)) pooled.set(id, { runner: r.runner, x, wall: [], cpu: [], runs: 0 });
    const p = pooled.get(id);
    const { count, rounds } = x.timing;
    p.wall.push(...rounds.map((q) => count / q.wall_s));
    p.cpu.push(...rounds.filter((q) => q.cpu_s > 0).map((q) => count / q.cpu_s));
    p.runs += 1;
    if (x.output_sha256 && p.x.output_sha256 !== x.output_sha256) p.x = { ...p.x, output_sha256: 'differs between runs' };
  }
}
const rows = [];
for (const { runner, x, wall, cpu, runs } of pooled.values()) {
  const row = {
    runner, task: x.task, impl: x.impl, ops_wall: median(wall), ops_cpu: cpu.length ? median(cpu) : NaN,
    ops_cpu_min: Math.min(...cpu), ops_cpu_max: Math.max(...cpu), runs, rounds: wall.length,
  };
  for (const k of ['bytes', 'input', 'mode', 'output_sha256']) if (x[k] !== undefined) row[k] = x[k];
  if (x.bytes) {
    row.mbs_wall = (row.ops_wall * x.bytes) / 1e6;
    row.mbs_cpu = (row.ops_cpu * x.bytes) / 1e6;
  }
  rows.push(row);
}
const find = (task, impl) => rows.find((r) => r.task === task && r.impl === impl);

// Every canonicalizer must agree byte for byte on every document.
const agreement = {};
for (const task of ['jcs-10k', 'jcs-1m', 'jcs-app']) {
  const hashes = new Set(rows.filter((r) => r.task === task).map((r) => r.output_sha256));
  agreement[task] = hashes.size === 1;
}

// Targets: [issue, description, task, govshare impl, peer impls (the fastest is taken), factor].
const targets = [
  ['#3', 'JCS 1 MB: WASM ≥ 2× canonicalize (MB/s)', 'jcs-1m', 'govshare-wasm', ['canonicalize'], 2],
  ['#3', 'JCS 2 KB application: WASM ≥ 2× canonicalize (ops/s)', 'jcs-app', 'govshare-wasm', ['canonicalize'], 2],
  ['#3', 'JCS 1 MB: Python (str) ≥ 10× rfc8785 (MB/s)', 'jcs-1m', 'govshare-python', ['rfc8785'], 10],
  ['#3', 'JCS 2 KB application: Python (str) ≥ 10× rfc8785 (ops/s)', 'jcs-app', 'govshare-python', ['rfc8785'], 10],
  ['#4', 'Ed25519 sign: WASM ≥ 3× @noble/ed25519', 'sign-ed25519', 'govshare-wasm', ['noble-ed25519', 'noble-ed25519-async'], 3],
  ['#4', 'Ed25519 verify: WASM ≥ 3× @noble/ed25519', 'verify-ed25519', 'govshare-wasm', ['noble-ed25519', 'noble-ed25519-async'], 3],
  ['#4', 'SM2 sign: WASM ≥ 30× sm-crypto', 'sign-sm2-sm3', 'govshare-wasm', ['sm-crypto'], 30],
  ['#4', 'SM2 verify: WASM ≥ 30× sm-crypto', 'verify-sm2-sm3', 'govshare-wasm', ['sm-crypto'], 30],
  ['#4', 'SM2 sign: Python ≥ 50× gmssl', 'sign-sm2-sm3', 'govshare-python', ['gmssl'], 50],
  ['#4', 'SM2 verify: Python ≥ 50× gmssl', 'verify-sm2-sm3', 'govshare-python', ['gmssl'], 50],
  ['#4', 'Full request signing: WASM ≥ 1× npm http-message-signatures (native crypto)', 'request-sign-ed25519', 'govshare-wasm', ['http-message-signatures'], 1],
  ['#4', 'Full request verifying: WASM ≥ 1× npm http-message-signatures (not a stated target; same bar)', 'request-verify-ed25519', 'govshare-wasm', ['http-message-signatures'], 1],
  ['#4', 'Full request signing: Python ≥ 5× PyPI http-message-signatures', 'request-sign-ed25519', 'govshare-python', ['http-message-signatures'], 5],
  ['#4', 'Full request verifying: Python ≥ 5× PyPI http-message-signatures (same bar)', 'request-verify-ed25519', 'govshare-python', ['http-message-signatures'], 5],
  ['#4', 'Ed25519 sign: native within 1.5× of Node crypto (≥ 0.67×)', 'sign-ed25519', 'govshare-native', ['node-crypto'], 1 / 1.5],
  ['#4', 'Ed25519 verify: native within 1.5× of Node crypto (≥ 0.67×)', 'verify-ed25519', 'govshare-native', ['node-crypto'], 1 / 1.5],
];
// The Python peers share names with the npm ones; pick each from its own runner.
const peerRunner = (mine) => (mine === 'govshare-python' ? 'python' : 'node');
const evaluated = targets.map(([issue, what, task, mine, peers, factor]) => {
  const g = find(task, mine);
  const p = peers
    .map((i) => rows.find((r) => r.task === task && r.impl === i && r.runner === peerRunner(mine)))
    .filter(Boolean)
    .sort((a, b) => b.ops_cpu - a.ops_cpu)[0];
  if (!g || !p) return { issue, what, task, govshare: mine, peer: peers.join('|'), factor, status: 'not measured' };
  const ratioCpu = g.ops_cpu / p.ops_cpu;
  const ratioWall = g.ops_wall / p.ops_wall;
  return {
    issue, what, task, govshare: mine, peer: p.impl, factor,
    govshare_ops_cpu: g.ops_cpu, peer_ops_cpu: p.ops_cpu, govshare_ops_wall: g.ops_wall, peer_ops_wall: p.ops_wall,
    ratio_cpu: ratioCpu, ratio_wall: ratioWall,
    status: ratioCpu >= factor && ratioWall >= factor ? 'met' : ratioCpu >= factor || ratioWall >= factor ? 'met on one clock only' : 'not met',
  };
});

const report = {
  date: new Date().toISOString(),
  command,
  machine: { cpus: cpus().length, cpu_model: cpus()[0]?.model, memory_bytes: totalmem(), loadavg_start: loadStart?.split(/\s+/).map(Number), loadavg_at_each_runner: loads, loadavg_end: loadavg() },
  versions: Object.fromEntries(runners.map((r) => [r.runner, r.versions])),
  method: 'per task: calibrated count per round (~round-ms), ROUNDS timed rounds per run, REPEAT runs interleaved across runners; medians of all per-round ops/s by wall clock and by CPU time (thread CPU natively, process CPU in Node and Python); ops_cpu_min/max: the spread of the rounds',
  canonical_output_agrees: agreement,
  rows,
  targets: evaluated,
};
if (outPath) writeFileSync(outPath, `${JSON.stringify(report, null, 2)}\n`);

// ------------------------------------------------------------- markdown
const f = (v, d = 0) => (v === undefined || Number.isNaN(v) ? '–' : v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
const fr = (v) => (v === undefined ? '–' : v >= 10 ? `${v.toFixed(0)}×` : `${v.toFixed(2)}×`);
const out = [];
out.push(`Load average (1, 5, 15 min) at start: ${loadStart ?? '?'}; at each runner's start: ${loads ?? '?'}at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}.`);
out.push('');
out.push('### RFC 8785 canonicalization (#3)');
out.push('');
out.push('| document | implementation | input | MB/s (CPU) | MB/s (wall) | ops/s (CPU) | ops/s (wall) |');
out.push('|---|---|---|---:|---:|---:|---:|');
for (const task of ['jcs-10k', 'jcs-1m', 'jcs-app']) {
  for (const r of rows.filter((x) => x.task === task)) {
    out.push(`| ${task.replace('jcs-', '')} (${f(r.bytes)} B) | ${r.impl} | ${r.input ?? 'bytes'} | ${f(r.mbs_cpu, 1)} | ${f(r.mbs_wall, 1)} | ${f(r.ops_cpu)} | ${f(r.ops_wall)} |`);
  }
}
out.push('');
out.push(`Same canonical bytes from every implementation: ${Object.entries(agreement).map(([k, v]) => `${k} ${v ? 'yes' : '**NO**'}`).join(', ')}.`);
out.push('');
out.push('### Signing (#4), ops/s');
out.push('');
out.push('| task | implementation | runtime | ops/s (CPU) | ops/s (wall) | note |');
out.push('|---|---|---|---:|---:|---|');
for (const r of rows.filter((x) => !x.task.startsWith('jcs-'))) {
  out.push(`| ${r.task} | ${r.impl} | ${r.runner} | ${f(r.ops_cpu)} | ${f(r.ops_wall)} | ${r.mode ?? r.input ?? ''} |`);
}
out.push('');
out.push('### Targets');
out.push('');
out.push('| issue | target | govshare ops/s (CPU) | peer ops/s (CPU) | ratio CPU | ratio wall | needed | status |');
out.push('|---|---|---:|---:|---:|---:|---:|---|');
for (const t of evaluated) {
  out.push(`| ${t.issue} | ${t.what} | ${f(t.govshare_ops_cpu)} | ${f(t.peer_ops_cpu)} (${t.peer}) | ${fr(t.ratio_cpu)} | ${fr(t.ratio_wall)} | ${fr(t.factor)} | ${t.status} |`);
}
console.log(out.join('\n'));
