// The one way the npm package reads a JS source chunk by chunk, shared by
// catalog loading and the masking streams. Glue only.

/**
 * Yields the chunks of a Response, a Blob or File (read as a stream), a
 * ReadableStream, an (async) iterable of Uint8Array / ArrayBuffer / string
 * chunks (e.g. a Node file stream), a Uint8Array, an ArrayBuffer or a string.
 * Chunks are `Uint8Array` or `string`.
 */
export async function* chunks(source, caller) {
  if (typeof Response !== 'undefined' && source instanceof Response) source = source.body;
  if (typeof Blob !== 'undefined' && source instanceof Blob) source = source.stream();
  if (typeof source === 'string' || source instanceof Uint8Array) {
    yield source;
  } else if (source instanceof ArrayBuffer) {
    yield new Uint8Array(source);
  } else if (source && typeof source.getReader === 'function') {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else if (source && (Symbol.asyncIterator in source || Symbol.iterator in source)) {
    for await (const c of source) yield typeof c === 'string' || c instanceof Uint8Array ? c : new Uint8Array(c);
  } else {
    throw new TypeError(
      `${caller}: expected a Response, Blob or File, ReadableStream, (async) iterable of Uint8Array, Uint8Array or string`,
    );
  }
}
