// axe-core with the WCAG 2.2 AA rule tags on every page type in both
// languages, at desktop and phone widths: zero violations. Violations are
// printed in full when not.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { openPage, visit } from './lib.mjs';
import { pages } from './pages.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

let ui;
before(async () => {
  ui = await openPage();
});
after(async () => {
  await ui?.browser.close();
});

function describe(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary.replaceAll('\n', '\n      ')}`);
      return `  [${v.impact}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes.join('\n')}`;
    })
    .join('\n');
}

for (const width of [1280, 375]) {
  for (const p of pages()) {
    test(`axe WCAG 2.2 AA: ${p.id} at ${width}px`, async () => {
      const { page } = ui;
      await page.setViewportSize({ width, height: 900 });
      await visit(page, p);
      // evaluated through the DevTools protocol: the page's CSP stays as it is
      await page.evaluate(axeSource);
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
        TAGS,
      );
      assert.ok(result.passes.length > 5, 'axe passed almost no rule: is it really checking the page?');
      if (result.violations.length) {
        console.log(`axe violations on ${p.path} (${width}px):\n${describe(result.violations)}`);
      }
      assert.equal(
        result.violations.length,
        0,
        `${result.violations.length} axe violation(s) on ${p.path}: ${result.violations.map((v) => v.id).join(', ')}`,
      );
    });
  }
}
