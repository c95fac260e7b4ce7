#!/usr/bin/env node
// govshare's npm package (WASM) in Node: scan of raw.ndjson and verify of
// masked.ndjson (and of raw.ndjson) through the streaming Scanner and
// MaskVerifier, fed in 1 MiB chunks as `scanStream`/`verifyStream` do.
//
//   node bench/mask/js/wasm.mjs --dir bench/mask/data --rounds 5 [--pkg npm/dist/]

import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { args, chunks, load, machine, timed } from "./common.mjs";

const a = args();
const pkg = a.pkg ? pathToFileURL(resolve(a.pkg) + "/") : new URL("../../../npm/dist/", import.meta.url);
const gs = await import(new URL("node.js", pkg));
const { raw, masked, policy } = load(a.dir);

const scan = (buf) => () => {
  const s = new gs.Scanner("ndjson");
  for (const c of chunks(buf)) s.push(c);
  const r = s.finish();
  s.free();
  const kinds = Object.fromEntries(r.kinds.map((k) => [k.name, Number(k.count)]));
  return { records: Number(r.records), findings: Number(r.finding_count), kinds };
};

const p = gs.MaskPolicy.fromJson(policy);
const verify = (buf) => () => {
  const v = new gs.MaskVerifier(p, "ndjson");
  for (const c of chunks(buf)) v.push(c);
  const r = v.finish();
  v.free();
  return { records: Number(r.records), passed: r.passed, violations: Number(r.violation_count) };
};

const out = {
  engine: "govshare-wasm",
  version: JSON.parse(readFileSync(new URL("../package.json", pkg), "utf8")).version,
  wasm_bytes: statSync(new URL("wasm/govshare_wasm_bg.wasm", pkg)).size,
  machine: machine(),
  ops: {
    scan: timed(raw.length, a.rounds, scan(raw)),
    verify: timed(masked.length, a.rounds, verify(masked)),
    verify_raw: timed(raw.length, a.rounds, verify(raw)),
  },
};
p.free();
console.log(JSON.stringify(out));
