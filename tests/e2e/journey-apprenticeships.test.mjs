// The apprenticeships journey (issue 21), in both languages: a new person
// registers; the demo admin opens the apprenticeships list, follows "Enrol an
// apprentice", sends the form empty (the error summary names every field,
// nothing is made), fills it in and lands on the new apprentice's record.
//   - Welsh with JavaScript off, with the mouse;
//   - English with the keyboard only (every element Tab lands on shows its
//     focus; the two dates are filled by Playwright once Tab has reached
//     them, as a date field's typing differs by browser locale), axe and no
//     sideways scrolling at 375 px on every page.
// Not built yet, so not here: the apprentice logging off-the-job hours and
// the trainer approving them (docs/apprenticeships.md).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, newContext, signIn, url } from './lib.mjs';
import { assertNoProblems, checkPage, load, newPerson, path, t, tabTo } from './journey-lib.mjs';

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
const link = (scope, lang, key) => scope.getByRole('link', { name: t(lang, key), exact: true });
// the demo seed's Gwynedd scheme
const schemeName = { cy: 'Cyngor Gwynedd: datblygwyr meddalwedd 2026', en: 'Gwynedd Council: software developers 2026' };

// A new account through the register form: the person the admin enrols.
async function register(lang) {
  const who = newPerson(lang);
  await withPage({}, async (page) => {
    await page.goto(url(`/${lang}/register`));
    await field(page, lang, 'accounts.fields.name').fill(who.name);
    await field(page, lang, 'accounts.fields.email').fill(who.email);
    await field(page, lang, 'accounts.fields.organisation').selectOption({ index: 1 });
    await page.getByRole('radio', { name: t(lang, lang === 'cy' ? 'accounts.lang_cy' : 'accounts.lang_en') }).check();
    await field(page, lang, 'accounts.fields.password').fill(who.password);
    await load(page, () => button(page, lang, 'accounts.register.submit').click(), 'registering');
    await page.getByRole('heading', { name: t(lang, 'accounts.register_done.heading') }).waitFor();
  });
  return who;
}

const uli = () => `E2E${Date.now().toString(36).toUpperCase()}`.slice(0, 16);

test('apprenticeships (cy, JavaScript off): the admin enrols an apprentice', async () => {
  const lang = 'cy';
  const who = await register(lang);
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await signIn(page, 'admin', lang);
    await page.goto(url(`/${lang}/admin/apprenticeships`));
    const main = page.locator('main');
    await load(page, () => link(main, lang, 'apprenticeships.enrol.link').click(), 'the enrolment form');
    assert.equal(path(page), `/${lang}/admin/apprentices/new`);
    // empty: every problem listed, in Welsh, nothing made
    const [resp] = await Promise.all([page.waitForNavigation(), button(main, lang, 'apprenticeships.enrol.submit').click()]);
    assert.equal(resp.status(), 400);
    const summary = page.locator('.error-summary');
    for (const key of ['email', 'scheme', 'uli', 'weekly_hours', 'otj_target', 'date', 'planned_end']) {
      assert.ok(await summary.getByText(t(lang, `apprenticeships.errors.${key}`)).first().isVisible(), `the summary says ${key}`);
    }
    await field(page, lang, 'apprenticeships.enrol.email').fill(who.email);
    await field(page, lang, 'apprenticeships.enrol.scheme').selectOption({ label: schemeName[lang] });
    await field(page, lang, 'apprenticeships.enrol.uli').fill(uli());
    await field(page, lang, 'apprenticeships.enrol.postcode').fill('LL55 1SH');
    await field(page, lang, 'apprenticeships.record.weekly_hours').fill('37');
    await field(page, lang, 'apprenticeships.enrol.otj_target').fill('7,5');
    await field(page, lang, 'apprenticeships.record.starts_on').fill('2026-09-01');
    await field(page, lang, 'apprenticeships.record.planned_end_on').fill('2028-08-31');
    await page.getByRole('radio', { name: t(lang, 'apprenticeships.lang.cy'), exact: true }).check();
    await page.getByRole('checkbox', { name: t(lang, 'apprenticeships.enrol.agreement_1') }).check();
    await load(page, () => button(main, lang, 'apprenticeships.enrol.submit').click(), 'enrolling');
    assert.match(path(page), /^\/cy\/admin\/apprenticeships\/\d+$/);
    assert.ok(await main.getByText(t(lang, 'apprenticeships.saved.enrolled')).isVisible());
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), who.name);
    assert.ok(await main.getByText(schemeName[lang]).first().isVisible());
  });
});

test('apprenticeships (en, keyboard only, axe): the admin enrols an apprentice', async () => {
  const lang = 'en';
  const found = [];
  const who = await register(lang);
  await withPage({}, async (page) => {
    await signIn(page, 'admin', lang);
    await page.goto(url(`/${lang}/admin/apprenticeships`));
    await checkPage(page, 'apprenticeships list', found);
    const main = page.locator('main');
    await tabTo(page, link(main, lang, 'apprenticeships.enrol.link'));
    await load(page, () => page.keyboard.press('Enter'), 'the enrolment form');
    await checkPage(page, 'enrolment form', found);
    const type = async (key, text) => {
      await tabTo(page, field(page, lang, key));
      await page.keyboard.type(text);
    };
    await type('apprenticeships.enrol.email', who.email);
    await tabTo(page, field(page, lang, 'apprenticeships.enrol.scheme'));
    const scheme = field(page, lang, 'apprenticeships.enrol.scheme');
    for (let i = 0; i < 5 && (await scheme.inputValue()) === ''; i++) {
      await page.keyboard.press('ArrowDown');
    }
    assert.notEqual(await scheme.inputValue(), '', 'the arrow keys chose a scheme');
    await type('apprenticeships.enrol.uli', uli());
    // too few contracted hours first: the error, and what was typed kept
    await type('apprenticeships.record.weekly_hours', '12');
    await type('apprenticeships.enrol.otj_target', '6');
    for (const key of ['apprenticeships.record.starts_on', 'apprenticeships.record.planned_end_on']) {
      await tabTo(page, field(page, lang, key));
    }
    await field(page, lang, 'apprenticeships.record.starts_on').fill('2026-09-01');
    await field(page, lang, 'apprenticeships.record.planned_end_on').fill('2028-08-31');
    await tabTo(page, button(main, lang, 'apprenticeships.enrol.submit'));
    await page.keyboard.press('Enter');
    await page.locator('.error-summary').waitFor();
    await checkPage(page, 'enrolment form with an error', found);
    assert.ok(await page.locator('.error-summary').getByText(t(lang, 'apprenticeships.errors.weekly_hours')).isVisible());
    assert.equal(await field(page, lang, 'apprenticeships.enrol.email').inputValue(), who.email, 'kept');
    const hours = field(page, lang, 'apprenticeships.record.weekly_hours');
    await tabTo(page, hours);
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('30');
    await tabTo(page, button(main, lang, 'apprenticeships.enrol.submit'));
    await load(page, () => page.keyboard.press('Enter'), 'enrolling');
    assert.match(path(page), /^\/en\/admin\/apprenticeships\/\d+$/);
    assert.ok(await main.getByText(t(lang, 'apprenticeships.saved.enrolled')).isVisible());
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), who.name);
    await checkPage(page, 'the new record', found);
  });
  assertNoProblems(found);
});
