// English inside Welsh, marked (WCAG 3.1.2, Language of Parts): the English
// glosses of a Welsh lesson ("[stand-up]{lang=en}" in the Markdown) reach the
// browser as <span lang="en">, so a screen reader reads them in an English
// voice, and the Welsh names in an English lesson as <span lang="cy">. The
// demo learner is enrolled on agile-foundations (seed-demo, as pages.mjs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { openPage, visit } from './lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = process.env.DYSGU_SCREENSHOTS || join(ROOT, 'build', 'screenshots');

let browser, page;
before(async () => {
  ({ browser, page } = await openPage());
  await mkdir(OUT, { recursive: true });
});
after(async () => {
  await browser?.close();
});

// The language the browser gives each phrase: that of the nearest element
// with a lang attribute, as a screen reader works it out.
async function languageOf(phrase) {
  return page.evaluate((text) => {
    const walker = document.createTreeWalker(document.querySelector('main') || document.body, NodeFilter.SHOW_TEXT);
    const found = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.textContent.includes(text)) {
        found.push(n.parentElement.closest('[lang]')?.getAttribute('lang') ?? null);
      }
    }
    return found;
  }, phrase);
}

test('the English phrases of a Welsh lesson carry lang="en"', async () => {
  await visit(page, { path: '/cy/courses/agile-foundations/lessons/3', as: 'learner', lang: 'cy', status: 200 });
  assert.equal(await page.getAttribute('html', 'lang'), 'cy');
  for (const phrase of ['stand-up', 'show and tell', 'retrospective']) {
    const spans = page.locator('main span[lang="en"]', { hasText: phrase });
    assert.ok((await spans.count()) >= 1, `no <span lang="en"> holds "${phrase}"`);
    assert.deepEqual([...new Set(await languageOf(phrase))], ['en'], `"${phrase}" is not all in English`);
  }
  // the Welsh around them stays Welsh
  assert.deepEqual([...new Set(await languageOf('cyfarfod sefyll'))], ['cy']);
  // the marking never shows as text
  assert.ok(!(await page.locator('main').innerText()).includes('{lang='), 'the {lang=...} marking shows on the page');
  await page.screenshot({ path: join(OUT, 'lang-marking-cy-lesson.png'), fullPage: true });
});

test('the Welsh names in an English lesson carry lang="cy"', async () => {
  await visit(page, { path: '/en/courses/agile-foundations/lessons/4', as: 'learner', lang: 'cy', status: 200 });
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  for (const phrase of ['Bod â thîm amlddisgyblaethol', 'Ailadrodd a gwella’n aml']) {
    assert.deepEqual([...new Set(await languageOf(phrase))], ['cy'], `"${phrase}" is not marked Welsh`);
  }
  assert.ok(!(await page.locator('main').innerText()).includes('{lang='), 'the {lang=...} marking shows on the page');
});
