// Every page type in both languages, at desktop and phone widths, loaded
// once for three checks: axe-core with the WCAG 2.2 AA rule tags finds zero
// violations (printed in full when not); the page does not scroll sideways;
// and a full-page screenshot goes into build/screenshots/ (not committed:
// look at them). One visit serves all three: as two sweeps (axe, then the
// screenshots) they visited every page twice, 438 s of test time between
// them in a 761 s run.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { describeViolations, runAxe } from './axe.mjs';
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
    test(`axe WCAG 2.2 AA, no sideways scroll, screenshot: ${p.id} at ${width}px`, async () => {
      const { page } = ui;
      await page.setViewportSize({ width, height: 900 });
      await visit(page, p);
      const png = await page.screenshot({ path: join(OUT, `${p.id}-${width}.png`), fullPage: true });
      assert.ok(png.length > 1000, 'a real picture');
      const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scrollWidth <= width, `${p.path} scrolls sideways at ${width}px (${scrollWidth}px wide)`);
      // no template syntax shows through (a comment that ends early, an
      // unclosed section): axe cannot see that, a reader can
      const text = await page.evaluate(() => document.body.innerText);
      assert.doesNotMatch(text, /\{\{|\}\}/, `template syntax shows on ${p.path}`);
      const result = await runAxe(page);
      assert.ok(result.passes.length > 5, 'axe passed almost no rule: is it really checking the page?');
      if (result.violations.length) {
        console.log(`axe violations on ${p.path} (${width}px):\n${describeViolations(result.violations)}`);
      }
      assert.equal(
        result.violations.length,
        0,
        `${result.violations.length} axe violation(s) on ${p.path}: ${result.violations.map((v) => v.id).join(', ')}`,
      );
    });
  }
}
