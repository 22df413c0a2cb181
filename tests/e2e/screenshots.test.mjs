// Screenshots of every page type in both languages at 1280 and 375 px wide,
// full page, into build/screenshots/ (not committed): look at them. Also: no
// page scrolls sideways at either width.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { openPage, visit } from './lib.mjs';
import { pages } from './pages.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = process.env.DYSGU_SCREENSHOTS || join(ROOT, 'build', 'screenshots');

let ui;
before(async () => {
  ui = await openPage();
  await mkdir(OUT, { recursive: true });
});
after(async () => {
  await ui?.browser.close();
});

for (const width of [1280, 375]) {
  for (const p of pages()) {
    test(`screenshot: ${p.id} at ${width}px`, async () => {
      const { page } = ui;
      await page.setViewportSize({ width, height: 800 });
      await visit(page, p);
      const file = join(OUT, `${p.id}-${width}.png`);
      const png = await page.screenshot({ path: file, fullPage: true });
      assert.ok(png.length > 1000, 'a real picture');
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= width, `${p.path} scrolls sideways at ${width}px (${scrollWidth}px wide)`);
    });
  }
}
