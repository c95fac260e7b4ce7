// Reads a govshare catalog document incrementally: the resources of a 1M
// catalog (≈ 2 GB of JSON) cannot go through one JSON.parse in V8, so this
// scans the bytes, tracks strings and nesting, and parses one resource
// object at a time. Works for any formatting of the document.

import { createReadStream } from "node:fs";

const QUOTE = 0x22, BACKSLASH = 0x5c, LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b, RBRACKET = 0x5d;

/** Yields every element of the top-level `resources` array, parsed. */
export async function* readResources(path) {
  let carry = Buffer.alloc(0);
  let depth = 0;
  let inString = false;
  let escaped = false;
  let stringStart = -1; // of the current string at depth 1 (a key)
  let lastKey = "";
  let resourcesDepth = -1; // depth inside the resources array, when in it
  let objectStart = -1;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 })) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let i = carry.length;
    const base = 0;
    for (; i < buf.length; i++) {
      const c = buf[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (c === BACKSLASH) escaped = true;
        else if (c === QUOTE) {
          inString = false;
          if (stringStart >= 0) {
            lastKey = buf.toString("utf8", stringStart + 1, i);
            stringStart = -1;
          }
        }
        continue;
      }
      if (c === QUOTE) {
        inString = true;
        if (depth === 1) stringStart = i;
      } else if (c === LBRACE || c === LBRACKET) {
        depth++;
        if (c === LBRACKET && depth === 2 && lastKey === "resources") resourcesDepth = 2;
        else if (c === LBRACE && resourcesDepth === 2 && depth === 3) objectStart = i;
      } else if (c === RBRACE || c === RBRACKET) {
        if (c === RBRACE && resourcesDepth === 2 && depth === 3 && objectStart >= 0) {
          yield JSON.parse(buf.toString("utf8", objectStart, i + 1));
          objectStart = -1;
        }
        if (c === RBRACKET && depth === 2) resourcesDepth = -1;
        depth--;
      }
    }
    // Keep the unfinished object (or key) for the next chunk.
    const keepFrom = objectStart >= 0 ? objectStart : stringStart >= 0 ? stringStart : buf.length;
    carry = buf.subarray(keepFrom);
    if (objectStart >= 0) objectStart -= keepFrom;
    if (stringStart >= 0) stringStart -= keepFrom;
    void base;
  }
  if (depth !== 0) throw new Error(`${path}: truncated catalog (depth ${depth} at end)`);
}

/**
 * The compact form every JS runner keeps in memory: searchable text fields
 * and the attributes filters test. `grade` is the highest item grade.
 */
export function toDoc(r, i) {
  let grade = 0;
  const names = [];
  for (const it of r.items) {
    names.push(it.name);
    if (it.grade > grade) grade = it.grade;
  }
  return {
    i,
    code: r.code,
    name: r.name,
    abstract: r.abstract,
    items: names.join(" "),
    provider: r.provider,
    provider_code: r.provider_code,
    sharing: r.sharing.type,
    grade,
  };
}

export async function loadDocs(path) {
  const docs = [];
  for await (const r of readResources(path)) docs.push(toDoc(r, docs.length));
  return docs;
}
