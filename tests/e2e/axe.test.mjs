// axe-core with the WCAG 2.2 AA rule tags on every page type in both
// languages, at desktop and phone widths: zero violations. Violations are
// printed in full when not.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { describeViolations, runAxe } from './axe.mjs';
import { openPage, visit } from './lib.mjs';
import { pages } from './pages.mjs';


let ui;
before(async () => {
  ui = await openPage();
});
after(async () => {
  await ui?.browser.close();
});

for (const width of [1280, 375]) {
  for (const p of pages()) {
    test(`axe WCAG 2.2 AA: ${p.id} at ${width}px`, async () => {
      const { page } = ui;
      await page.setViewportSize({ width, height: 900 });
      await visit(page, p);
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
