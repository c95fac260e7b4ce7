// Shared by the JS runners of the masking benchmark: arguments, timing
// (wall and process CPU time, medians after one warm-up), the result shape
// (the same as the native runner's), and the 1 MiB chunking of the inputs.

import { readFileSync } from "node:fs";
import { loadavg } from "node:os";

export const CHUNK = 1 << 20;

export function args() {
  const a = process.argv.slice(2);
  const get = (name, dflt) => {
    const i = a.indexOf(name);
    return i >= 0 && i + 1 < a.length ? a[i + 1] : dflt;
  };
  return { dir: get("--dir", "data"), rounds: Number(get("--rounds", "5")), pkg: get("--pkg") };
}

export function load(dir) {
  return {
    raw: readFileSync(`${dir}/raw.ndjson`),
    masked: readFileSync(`${dir}/masked.ndjson`),
    policy: readFileSync(`${dir}/policy.json`, "utf8"),
  };
}

export function chunks(buf) {
  const out = [];
  for (let i = 0; i < buf.length; i += CHUNK) out.push(buf.subarray(i, Math.min(buf.length, i + CHUNK)));
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? 0 : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** One warm-up call, then `rounds` timed calls; `f` returns the op's result summary. */
export function timed(bytes, rounds, f) {
  const result = f();
  const wall = [];
  const cpu = [];
  for (let r = 0; r < rounds; r++) {
    const w0 = performance.now();
    const c0 = cpuSeconds();
    f();
    cpu.push(cpuSeconds() - c0);
    wall.push((performance.now() - w0) / 1e3);
  }
  const mb = bytes / 1e6;
  const mw = median(wall);
  const mc = median(cpu);
  return {
    bytes, rounds, wall_s: wall, cpu_s: cpu, median_wall_s: mw, median_cpu_s: mc,
    mb_per_s_wall: mb / mw, mb_per_s_cpu: mb / mc, result,
  };
}

export const machine = () => ({ node: process.version, loadavg: loadavg() });
