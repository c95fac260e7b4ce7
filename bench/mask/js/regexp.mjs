#!/usr/bin/env node
// Node RegExp baseline of the masking benchmark: for every record (one
// NDJSON line, JSON.parse), every string value is searched with the nine
// detection-only patterns of ../patterns.json (global, one pass per kind —
// how a per-kind detector is usually written). No checksum, no rule check.
// "scan" runs over raw.ndjson, "verify" over masked.ndjson (a verifier's
// leak check is this detection). `--mode text` skips the records: the
// patterns run over the whole decoded file at once (the cheapest possible
// baseline; it cannot tell which field a match is in).
//
//   node bench/mask/js/regexp.mjs --dir bench/mask/data --rounds 5 [--mode records|text]

import { readFileSync } from "node:fs";
import { args, load, machine, timed } from "./common.mjs";

const a = args();
const mode = process.argv.includes("--mode") ? process.argv[process.argv.indexOf("--mode") + 1] : "records";
const { raw, masked } = load(a.dir);
const spec = JSON.parse(readFileSync(new URL("../patterns.json", import.meta.url), "utf8")).patterns;
const kinds = Object.entries(spec).flatMap(([k, ps]) => ps.map((p) => [k, new RegExp(p, "g")]));

function values(v, out) {
  if (typeof v === "string") out.push(v);
  else if (typeof v === "number") out.push(String(v));
  else if (Array.isArray(v)) for (const x of v) values(x, out);
  else if (v && typeof v === "object") for (const x of Object.values(v)) values(x, out);
  return out;
}

const detectText = (buf) => () => {
  const text = new TextDecoder().decode(buf);
  const counts = {};
  let findings = 0;
  for (const [k, re] of kinds) {
    re.lastIndex = 0;
    while (re.exec(text) !== null) {
      counts[k] = (counts[k] || 0) + 1;
      findings++;
    }
  }
  return { findings, kinds: counts };
};

const detectRecords = (buf) => () => {
  // Decoding is part of the work (govshare validates UTF-8 too).
  const text = new TextDecoder().decode(buf);
  const counts = {};
  let records = 0;
  let findings = 0;
  let start = 0;
  while (start < text.length) {
    let nl = text.indexOf("\n", start);
    if (nl < 0) nl = text.length;
    const line = text.slice(start, nl);
    start = nl + 1;
    if (!line.trim()) continue;
    records++;
    for (const s of values(JSON.parse(line), [])) {
      for (const [k, re] of kinds) {
        re.lastIndex = 0;
        while (re.exec(s) !== null) {
          counts[k] = (counts[k] || 0) + 1;
          findings++;
        }
      }
    }
  }
  return { records, findings, kinds: counts };
};

const detect = mode === "text" ? detectText : detectRecords;
console.log(JSON.stringify({
  engine: `node-regexp-${mode}`,
  version: process.version,
  machine: machine(),
  ops: { scan: timed(raw.length, a.rounds, detect(raw)), verify: timed(masked.length, a.rounds, detect(masked)) },
}));
