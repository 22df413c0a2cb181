// axe-core with the WCAG 2.2 AA rule tags, shared by every-page.test.mjs (every
// page type) and the journeys' checkPage.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

// Run axe on the page; extra is merged into axe.run's options.
export async function runAxe(page, extra = {}) {
  // evaluated through the DevTools protocol: the page's CSP stays as it is
  await page.evaluate(axeSource);
  return page.evaluate(
    ({ tags, extra }) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, ...extra }),
    { tags: TAGS, extra },
  );
}

// Violations in full, one rule and its nodes after another.
export function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary.replaceAll('\n', '\n      ')}`);
      return `  [${v.impact}] ${v.id}: ${v.help}\n  ${v.helpUrl}\n${nodes.join('\n')}`;
    })
    .join('\n');
}
