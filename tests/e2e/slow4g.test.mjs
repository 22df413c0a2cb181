// A Lighthouse-style check of every page type in both languages on a poor
// rural line (issue 26): Lighthouse's "slow 4G" profile emulated through the
// DevTools protocol (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip, the
// CPU slowed 4x), an empty cache, and the largest contentful paint must come
// within 2.5 s (the "good" threshold of Core Web Vitals).
//
// Each page is first visited unthrottled (to sign in and set cookies), then
// loaded again throttled with the cache disabled: a first visit's bytes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { url, visit } from './lib.mjs';
import { pages } from './pages.mjs';
import { describeWire, openWatchedPage, sum } from './wire.mjs';

const LCP_BUDGET_MS = 2500;
const SLOW_4G = {
  offline: false,
  latency: 150, // ms added to each request's round trip
  downloadThroughput: (1.6 * 1000 * 1000) / 8, // bytes/s
  uploadThroughput: (750 * 1000) / 8,
};
const CPU_SLOWDOWN = 4;

let ui;
before(async () => {
  ui = await openWatchedPage();
});
after(async () => {
  await ui?.browser.close();
});

// The paint timings of the page in view, once the largest contentful paint
// has been reported (buffered: the entries so far).
function paintTimings(page) {
  return page.evaluate(
    () =>
      new Promise((resolve) => {
        const fcp = () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null;
        new PerformanceObserver((list) => {
          const entries = list.getEntries();
          resolve({ lcp: entries[entries.length - 1].startTime, fcp: fcp() });
        }).observe({ type: 'largest-contentful-paint', buffered: true });
        setTimeout(() => resolve({ lcp: null, fcp: fcp() }), 10000);
      }),
  );
}

async function throttle(on) {
  const { cdp } = ui.wire;
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: on });
  await cdp.send(
    'Network.emulateNetworkConditions',
    on ? SLOW_4G : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
  );
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: on ? CPU_SLOWDOWN : 1 });
}

for (const p of pages()) {
  test(`slow 4G, LCP under ${LCP_BUDGET_MS} ms: ${p.id}`, async () => {
    const { page } = ui;
    await visit(page, p);
    await throttle(true);
    let timings;
    let loaded;
    try {
      ui.wire.start();
      const resp = await page.goto(url(p.path), { waitUntil: 'load' });
      assert.equal(resp?.status(), p.status, `${p.path} answered ${resp?.status()}`);
      timings = await paintTimings(page);
      loaded = await ui.wire.stop();
    } finally {
      await throttle(false);
    }
    console.log(`${p.path}: LCP ${timings.lcp?.toFixed(0)} ms, FCP ${timings.fcp?.toFixed(0)} ms, ` +
      `${sum(loaded)} bytes (${describeWire(loaded)})`);
    assert.ok(timings.lcp !== null, `${p.path}: no largest-contentful-paint reported`);
    assert.ok(timings.lcp < LCP_BUDGET_MS, `${p.path}: LCP ${timings.lcp.toFixed(0)} ms on slow 4G`);
  });
}
