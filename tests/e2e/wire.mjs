// What crosses the wire for a page, seen through the DevTools protocol: for
// each request, the body bytes as sent (compressed when the server compressed
// it) or 0 when the browser took it from its cache. budget.test.mjs and
// slow4g.test.mjs count with it.
//
// The body as sent is the response's Content-Length (the server always sends
// one); loadingFinished's encodedDataLength (headers + body, 0 for a cache
// hit) proves it crossed the network and is checked to be at least that.
import { openPage } from './lib.mjs';

// openPage() (lib.mjs) with a watcher on its page: { browser, context, page, wire }.
export async function openWatchedPage() {
  const ui = await openPage();
  return { ...ui, wire: await watchWire(ui.context, ui.page) };
}

export async function watchWire(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let reqs = null; // requestId -> entry, while watching
  const entry = (id) => reqs?.get(id);
  cdp.on('Network.requestWillBeSent', (e) => {
    reqs?.set(e.requestId, { url: e.request.url, type: e.type, loader: e.loaderId, cached: false, wire: 0, done: false });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const r = entry(e.requestId);
    if (r) r.cached = true;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = entry(e.requestId);
    if (!r) return;
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
    r.status = e.response.status;
    r.length = Number(h['content-length'] ?? NaN);
    r.encoding = h['content-encoding'] ?? 'identity';
    r.cached ||= e.response.fromDiskCache || e.response.fromPrefetchCache;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = entry(e.requestId);
    if (!r) return;
    r.wire = e.encodedDataLength;
    r.done = true;
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = entry(e.requestId);
    if (r) r.done = true;
  });
  return {
    cdp,
    // start counting (synchronous, so it can be visit()'s beforeGoto)
    start() {
      reqs = new Map();
    },
    // stop, once every request of the page has finished (up to 30 s: a
    // throttled request on a busy machine may take a while):
    // [{ url, type, status, encoding, cached, body, wire }]
    async stop() {
      // only the page's own requests: a favicon the page before asked for
      // may be started after start() and then abandoned by the navigation,
      // with no loadingFailed (it has the earlier document's loader)
      const all = [...(reqs ?? new Map()).values()];
      const doc = all.filter((r) => r.type === 'Document').pop();
      const list = doc ? all.filter((r) => r.loader === doc.loader) : all;
      for (let t = 0; t < 300 && list.some((r) => !r.done && !r.cached); t++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      reqs = null;
      return list.map((r) => {
        const fromNetwork = !r.cached && r.wire > 0 && r.status !== 304;
        if (!r.done && !r.cached) {
          throw new Error(`${r.url} did not finish loading`);
        }
        if (fromNetwork && !(r.wire >= r.length)) {
          throw new Error(`${r.url}: ${r.wire} bytes on the wire, Content-Length ${r.length}`);
        }
        return { ...r, body: fromNetwork ? r.length : 0 };
      });
    },
  };
}

// "css 4902 br, image 311, ..." for a log line.
export function describeWire(list) {
  return list
    .map((r) => `${r.type.toLowerCase()} ${r.cached ? 'cached' : `${r.body}${r.encoding === 'identity' ? '' : ` ${r.encoding}`}`}`)
    .join(', ');
}

export const sum = (list) => list.reduce((n, r) => n + r.body, 0);
