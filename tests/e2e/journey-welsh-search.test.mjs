// The catalogue's Welsh-aware search (issue 25), in both languages, on the
// shipped courses:
//   - Welsh with JavaScript off: a mutated word ("nylunio") finds the course
//     of its radical; an English term ("user research") finds the Welsh
//     course; a misspelt word offers "Oeddech chi'n golygu", and the link
//     finds the course;
//   - English with the keyboard only (every element Tab lands on shows its
//     focus), axe on every page: a Welsh term finds the course, and a
//     misspelt word's suggestion is followed with Enter.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { url } from './lib.mjs';
import { assertNoProblems, checkPage, course, journeyBrowser, load, path, t, tabTo } from './journey-lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = process.env.DYSGU_SCREENSHOTS || join(ROOT, 'build', 'screenshots');

before(async () => {
  await mkdir(OUT, { recursive: true });
});
const { withPage } = journeyBrowser();

const searchBox = (page, lang) => page.locator('main').getByLabel(t(lang, 'courses.filters.search_label'));
const apply = (page, lang) =>
  page.locator('main').getByRole('button', { name: t(lang, 'courses.filters.apply'), exact: true });
const result = (page, title) => page.locator('main .course-list').getByRole('link', { name: title, exact: true });
const suggestion = (page) => page.locator('main .catalogue__suggestion a');

async function search(page, lang, words) {
  await searchBox(page, lang).fill(words);
  await load(page, () => apply(page, lang).click(), `searching for ${words}`);
  assert.equal(path(page), `/${lang}/courses`);
}

test('Welsh search (cy, JavaScript off): mutations, English terms, did you mean', async () => {
  const lang = 'cy';
  const design = await course('content-design');
  const research = await course('user-research-basics');
  const access = await course('accessibility-for-digital-services');
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await page.goto(url(`/${lang}/courses`));
    await search(page, lang, 'nylunio cynnwys');
    await result(page, design.title.cy).waitFor();
    await search(page, lang, 'user research');
    await result(page, research.title.cy).waitFor();
    await search(page, lang, 'hygyrchdd');
    assert.equal(await page.locator('main .course-list').count(), 0, 'a misspelt word finds nothing');
    assert.match(await page.locator('main .catalogue__suggestion').innerText(), new RegExp(t(lang, 'search.did_you_mean')));
    assert.equal(await suggestion(page).innerText(), 'hygyrchedd');
    await load(page, () => suggestion(page).click(), 'following the suggestion');
    await result(page, access.title.cy).waitFor();
    await page.screenshot({ path: join(OUT, 'welsh-search-cy.png'), fullPage: true });
  });
});

test('Welsh search (en, keyboard only, axe): a Welsh term, then a suggestion', async () => {
  const lang = 'en';
  const found = [];
  const research = await course('user-research-basics');
  const access = await course('accessibility-for-digital-services');
  await withPage({}, async (page) => {
    await page.goto(url(`/${lang}/courses`));
    await tabTo(page, searchBox(page, lang));
    await page.keyboard.type('ymchwil ddefnyddwyr');
    await load(page, () => page.keyboard.press('Enter'), 'searching with Enter');
    await result(page, research.title.en).waitFor();
    await checkPage(page, 'a Welsh term on the English catalogue', found);
    await tabTo(page, searchBox(page, lang));
    await page.keyboard.press('Control+a');
    await page.keyboard.type('acessibilty');
    await load(page, () => page.keyboard.press('Enter'), 'searching for a misspelt word');
    await checkPage(page, 'a search that found nothing', found);
    await page.screenshot({ path: join(OUT, 'welsh-search-en-miss.png'), fullPage: true });
    await tabTo(page, suggestion(page));
    await load(page, () => page.keyboard.press('Enter'), 'following the suggestion');
    await result(page, access.title.en).waitFor();
  });
  assertNoProblems(found);
});
