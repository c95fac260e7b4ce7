// A module Web Worker that loads and indexes a catalog off the main thread,
// then sends back its binary snapshot (transferred, not copied), which the
// page loads in a fraction of the indexing time. Use through
// `loadCatalogInWorker` from the package entry.
//
// The handler is registered before the package finishes loading: with a
// top-level await, a message arriving during the await would be lost.
// Indexing a JSON document needs the full SDK, also behind `govshare/catalog`
// (whose module reads snapshots and published indexes only): the page then
// loads the snapshot with whichever module it uses.
const ready = import('./browser.js');
const loading = import('./load.js');

self.onmessage = async (event) => {
  const { id, source } = event.data;
  try {
    const gs = await ready;
    const { fetchFailed, request } = await loading;
    let input = source;
    if (typeof source === 'string') {
      // The URL's path names what failed; its query (a token, perhaps) stays out of the error.
      let url;
      try {
        url = new URL(source, self.location.href);
      } catch (e) {
        throw fetchFailed(gs, 'the catalog', 'its URL is not valid', e);
      }
      const what = url.pathname;
      input = await request(gs, what, () => fetch(url));
      if (!input.ok) throw gs.fetchError(what, `HTTP ${input.status}`);
    }
    const catalog = await gs.loadCatalog(input, {
      onProgress: (p) => self.postMessage({ id, progress: p }),
    });
    const snapshot = catalog.toSnapshot();
    catalog.free();
    self.postMessage({ id, snapshot }, [snapshot.buffer]);
  } catch (e) {
    self.postMessage({ id, error: { message: String((e && e.message) || e), code: e && e.code, kind: e && e.kind, messageZh: e && e.messageZh, name: e && e.name } });
  }
};
