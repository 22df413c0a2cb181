// The page budgets, on every page type in both languages:
//
// - under 60 KB of HTML + CSS + JS, uncompressed (DESIGN.md "Pages and
//   accessibility"), counted as a first visit;
// - a first visit (empty cache: the page, its stylesheet, images and
//   anything else it loads) at most 10 KB of bodies as transferred, i.e.
//   compressed (issue 26: fast on a poor rural line);
// - a repeat visit at most 5 KB: the fingerprinted stylesheet and images are
//   cached (immutable), only the page itself comes again.
//
// Chromium sends the Accept-Encoding it sends everywhere ("gzip, deflate, br,
// zstd"; br on 127.0.0.1 too, as over HTTPS in production), so the figures
// are what a browser really downloads. Headers are not counted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { url, visit } from './lib.mjs';
import { pages } from './pages.mjs';
import { describeWire, openWatchedPage, sum } from './wire.mjs';

const PAGE_BUDGET = 60 * 1024;
const FIRST_VISIT = 10 * 1024;
const REPEAT_VISIT = 5 * 1024;
const COUNTED = new Set(['document', 'stylesheet', 'script']);

let ui;
before(async () => {
  ui = await openWatchedPage();
});
after(async () => {
  await ui?.browser.close();
});

for (const p of pages()) {
  test(`budgets: ${p.id}`, async () => {
    const { page } = ui;
    const bodies = [];
    const onResponse = (r) => {
      if (COUNTED.has(r.request().resourceType())) {
        bodies.push(r.body().then((b) => ({ type: r.request().resourceType(), bytes: b.length })));
      }
    };

    // first visit: nothing from the cache (the sign-in before it filled it)
    await ui.wire.cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    try {
      // only the page itself counts, not the sign-in pages before it
      await visit(page, p, () => {
        ui.wire.start();
        page.on('response', onResponse);
      });
      await page.waitForLoadState('networkidle');
    } finally {
      page.off('response', onResponse);
    }
    const first = await ui.wire.stop();
    const got = await Promise.all(bodies);
    const plain = got.reduce((n, b) => n + b.bytes, 0);

    // repeat visit: the first one filled the cache (disabling it only stops
    // reading from it, as DevTools' "Disable cache" does)
    await ui.wire.cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
    ui.wire.start();
    await page.goto(url(p.path), { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    const repeat = await ui.wire.stop();

    console.log(`${p.path}: ${plain} bytes of HTML+CSS+JS; first visit ${sum(first)} bytes (${describeWire(first)}); ` +
      `repeat ${sum(repeat)} (${describeWire(repeat)})`);
    assert.ok(got.some((b) => b.type === 'document'), 'the HTML was counted');
    assert.ok(got.some((b) => b.type === 'stylesheet'), 'the CSS was fetched again, not taken from a cache');
    assert.ok(plain < PAGE_BUDGET, `${p.path} is ${plain} bytes of HTML+CSS+JS, over ${PAGE_BUDGET}`);
    const doc = first.find((r) => r.type === 'Document');
    const css = first.find((r) => r.type === 'Stylesheet');
    assert.ok(doc && !doc.cached && css && !css.cached, 'the first visit fetched the page and its stylesheet');
    assert.equal(css.encoding, 'br', 'the stylesheet came brotli-compressed');
    assert.ok(sum(first) <= FIRST_VISIT, `first visit to ${p.path} is ${sum(first)} bytes, over ${FIRST_VISIT}`);
    assert.ok(repeat.some((r) => r.type === 'Stylesheet' && r.cached), 'the repeat visit took the stylesheet from the cache');
    assert.ok(sum(repeat) <= REPEAT_VISIT, `repeat visit to ${p.path} is ${sum(repeat)} bytes, over ${REPEAT_VISIT}`);
  });
}
