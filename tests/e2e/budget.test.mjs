// Every page under 60 KB of HTML + CSS + JS (DESIGN.md "Pages and accessibility"),
// counted as a first visit: the browser cache is off, so every file is fetched.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { openPage, visit } from './lib.mjs';
import { pages } from './pages.mjs';

const BUDGET = 60 * 1024;
const COUNTED = new Set(['document', 'stylesheet', 'script']);

let ui;
before(async () => {
  ui = await openPage();
  const cdp = await ui.context.newCDPSession(ui.page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
});
after(async () => {
  await ui?.browser.close();
});

for (const p of pages()) {
  test(`under 60 KB: ${p.id}`, async () => {
    const { page } = ui;
    const bodies = [];
    const onResponse = (r) => {
      if (COUNTED.has(r.request().resourceType())) {
        bodies.push(r.body().then((b) => ({ type: r.request().resourceType(), bytes: b.length })));
      }
    };
    try {
      // only the page itself counts, not the sign-in pages before it
      await visit(page, p, () => page.on('response', onResponse));
      await page.waitForLoadState('networkidle');
    } finally {
      page.off('response', onResponse);
    }
    const got = await Promise.all(bodies);
    const total = got.reduce((n, b) => n + b.bytes, 0);
    console.log(`${p.path}: ${total} bytes (${got.map((b) => `${b.type} ${b.bytes}`).join(', ')})`);
    assert.ok(got.some((b) => b.type === 'document'), 'the HTML was counted');
    assert.ok(got.some((b) => b.type === 'stylesheet'), 'the CSS was fetched again, not taken from a cache');
    assert.ok(total < BUDGET, `${p.path} is ${total} bytes of HTML+CSS+JS, over ${BUDGET}`);
  });
}
