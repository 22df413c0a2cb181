// The trainer's journey (issue 20), in both languages: the demo trainer signs
// in, opens a cohort from their list, reads who is at risk and why, sorts by
// progress and keeps only those at risk, marks attendance for a session and
// downloads the CSV.
//   - Welsh with JavaScript off, with the mouse;
//   - English with the keyboard only (every element Tab lands on shows its
//     focus), axe on every page.
// Two sign-ins from 127.0.0.1 a run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, newContext, url } from './lib.mjs';
import { assertNoProblems, checkPage, load, path, t, tabTo } from './journey-lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function withPage(options, fn) {
  const context = await newContext(browser, options);
  try {
    return await fn(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

const button = (scope, lang, key) => scope.getByRole('button', { name: t(lang, key), exact: true });
const field = (page, lang, key) => page.getByLabel(t(lang, key), { exact: true });
// the demo seed's first cohort, run by trainer@dysgu.example
const cohortName = { cy: 'Carfan y gwanwyn, Caerdydd', en: 'Spring cohort, Cardiff' };

async function signIn(page, lang) {
  const password = process.env.DYSGU_DEMO_PASSWORD;
  assert.ok(password, 'DYSGU_DEMO_PASSWORD is set (tests/e2e/run)');
  await page.goto(url(`/${lang}/login`));
  await field(page, lang, 'accounts.fields.email').fill('trainer@dysgu.example');
  await field(page, lang, 'accounts.fields.password').fill(password);
  await load(page, () => button(page.locator('main'), lang, 'accounts.login.submit').click(), 'signing in');
}

// The CSV through the page's link, with the page's cookies.
async function checkCsv(page, context, lang) {
  const href = await page.getByRole('link', { name: t(lang, 'trainer.cohort.export'), exact: true }).getAttribute('href');
  const resp = await context.request.get(url(href));
  assert.equal(resp.status(), 200);
  assert.match(resp.headers()['content-type'], /^text\/csv/);
  assert.match(resp.headers()['content-disposition'], /^attachment; filename="cohort-\d+\.csv"$/);
  const body = await resp.body();
  assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM');
  const text = body.toString('utf8');
  assert.ok(text.includes(t(lang, 'trainer.csv.name')), 'the headings are in the reader\'s language');
  assert.equal(text.trim().split('\r\n').length, 1 + 12, 'one row per learner');
}

test('trainer (cy, JavaScript off): at risk, sort, filter, attendance, CSV', async () => {
  const lang = 'cy';
  await withPage({ javaScriptEnabled: false }, async (page, context) => {
    await signIn(page, lang);
    await page.goto(url(`/${lang}/trainer/cohorts`));
    const main = page.locator('main');
    await load(page, () => main.getByRole('link', { name: cohortName[lang], exact: true }).click(), 'opening the cohort');
    assert.match(path(page), /^\/cy\/trainer\/cohorts\/\d+$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), cohortName[lang]);
    // the rule is written on the page, and someone is at risk, with why
    assert.ok(await main.getByText(t(lang, 'trainer.cohort.rule_title')).isVisible());
    assert.ok((await main.locator('td .tag--warning').count()) >= 1, 'learners at risk are flagged');
    assert.ok((await main.getByText(t(lang, 'trainer.risk.missed')).count()) >= 1);
    // sort by progress (a heading link), then keep those at risk
    await load(page, () => main.getByRole('link', { name: t(lang, 'trainer.col.progress'), exact: true }).click(), 'sorting');
    assert.equal(new URL(page.url()).searchParams.get('sort'), 'progress');
    await field(page, lang, 'trainer.filter.risk').selectOption('yes');
    await load(page, () => button(main, lang, 'trainer.filter.apply').click(), 'filtering');
    const q = new URL(page.url()).searchParams;
    assert.equal(q.get('risk'), 'yes');
    assert.equal(q.get('sort'), 'progress', 'the filter keeps the order');
    assert.equal(await main.locator('td .tag--success').count(), 0, 'only those at risk');
    await checkCsv(page, context, lang);
    // attendance for the first session
    await load(page, () => main.getByRole('link', { name: new RegExp(`^${t(lang, 'trainer.session.mark_link')}`) }).first().click(), 'the attendance form');
    assert.match(path(page), /\/sessions\/\d+$/);
    await page.getByRole('radio', { name: t(lang, 'trainer.mark.apologies'), exact: true }).first().check();
    await load(page, () => button(main, lang, 'trainer.attendance.save').click(), 'saving attendance');
    assert.equal(new URL(page.url()).searchParams.get('saved'), '1');
    assert.ok(await main.getByText(t(lang, 'trainer.attendance.saved')).isVisible());
    assert.ok(await page.getByRole('radio', { name: t(lang, 'trainer.mark.apologies'), exact: true }).first().isChecked());
  });
});

test('trainer (en, keyboard only, axe): cohort, attendance', async () => {
  const lang = 'en';
  const found = [];
  await withPage({}, async (page) => {
    await signIn(page, lang);
    await page.goto(url(`/${lang}/trainer/cohorts`));
    await checkPage(page, 'trainer cohorts', found);
    const main = page.locator('main');
    await tabTo(page, main.getByRole('link', { name: cohortName[lang], exact: true }));
    await load(page, () => page.keyboard.press('Enter'), 'opening the cohort');
    await checkPage(page, 'cohort', found);
    await tabTo(page, main.getByRole('link', { name: new RegExp(`^${t(lang, 'trainer.session.mark_link')}`) }).first());
    await load(page, () => page.keyboard.press('Enter'), 'the attendance form');
    await checkPage(page, 'attendance form', found);
    // Tab enters a radio group at its checked radio; an arrow key changes the mark
    const group = main.locator('fieldset').first();
    await tabTo(page, group.locator('input[type=radio]:checked'));
    const was = await group.locator('input:checked').getAttribute('value');
    await page.keyboard.press('ArrowDown');
    const now = await group.locator('input:checked').getAttribute('value');
    assert.notEqual(now, was, 'the arrow key changed the mark');
    await tabTo(page, button(main, lang, 'trainer.attendance.save'));
    await load(page, () => page.keyboard.press('Enter'), 'saving attendance');
    assert.equal(new URL(page.url()).searchParams.get('saved'), '1');
    assert.equal(await main.locator('fieldset').first().locator('input:checked').getAttribute('value'), now, 'saved');
    await checkPage(page, 'attendance saved', found);
  });
  assertNoProblems(found);
});
