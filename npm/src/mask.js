// Streaming masking helpers, shared by the Node and browser entries. Glue only:
// they move chunks from a JS source into the core's Scanner / Masker /
// MaskVerifier / DeidChecker, so inputs of any size are processed in bounded
// memory.

import { chunks } from './stream.js';

/** Pushes every chunk into `sink.push`; frees `sink` if anything fails. */
async function pump(source, sink, onProgress, each) {
  let bytes = 0;
  try {
    for await (const chunk of chunks(source, 'mask stream')) {
      const out = sink.push(chunk);
      if (each) await each(out);
      bytes += typeof chunk === 'string' ? new TextEncoder().encode(chunk).length : chunk.length;
      if (onProgress) onProgress({ bytes });
    }
  } catch (e) {
    sink.free();
    throw e;
  }
}

export function makeMaskStreams(gs) {
  const withPolicy = async (policy, f) => {
    if (typeof policy !== 'string') return f(policy);
    const p = gs.MaskPolicy.fromJson(policy);
    try {
      return await f(p);
    } finally {
      p.free();
    }
  };

  async function verifyStream(source, policy, { format = 'json', manifest, options, onProgress } = {}) {
    return withPolicy(policy, async (p) => {
      const v = new gs.MaskVerifier(p, format, manifest, options);
      await pump(source, v, onProgress);
      try { return v.finish(); } finally { v.free(); }
    });
  }

  async function scanStream(source, { format = 'json', options, onProgress } = {}) {
    const s = new gs.Scanner(format, options);
    await pump(source, s, onProgress);
    try { return s.finish(); } finally { s.free(); }
  }

  async function applyStream(source, policy, { format = 'json', hashKey, options, write, onProgress } = {}) {
    if (typeof write !== 'function') throw new TypeError('applyStream: options.write(chunk) is required');
    return withPolicy(policy, async (p) => {
      const m = new gs.Masker(p, format, hashKey, options);
      const manifest = m.manifest();
      await pump(source, m, onProgress, async (out) => { if (out.length) await write(out); });
      const fin = m.finish();
      m.free();
      const report = fin.report;
      const last = fin.output;
      fin.free();
      if (last.length) await write(last);
      return { report, manifest };
    });
  }

  async function deidStream(source, deidOptions, { format = 'json', onProgress } = {}) {
    const c = new gs.DeidChecker(format, deidOptions);
    await pump(source, c, onProgress);
    try { return c.finish(); } finally { c.free(); }
  }

  return { verifyStream, scanStream, applyStream, deidStream };
}
