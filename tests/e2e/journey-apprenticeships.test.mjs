// The apprenticeships journey (issue 21), in both languages: a new person
// registers; the demo admin opens the apprenticeships list (in Welsh, creates
// a scheme there first), follows "Enrol an
// apprentice", sends the form empty (the error summary names every field,
// nothing is made), fills it in and lands on the new apprentice's record.
//   - Welsh with JavaScript off, with the mouse, then a break in learning,
//     the return and a transfer to a new aim on that record;
//   - English with the keyboard only (every element Tab lands on shows its
//     focus; the two dates are filled by Playwright once Tab has reached
//     them, as a date field's typing differs by browser locale), axe and no
//     sideways scrolling at 375 px on every page.
// The English journey then completes the apprenticeship and finds it so in
// the provider's export (LLWR completion status 2) and on the reports page.
// Then the off-the-job hours and a progress review, in both languages: a demo
// apprentice logs hours on their own page (an empty form first: the summary,
// nothing logged); their trainer finds them on the list of reviews due and
// hours to approve, opens the entries waiting from the record (the log's
// own page), approves one, and records a progress review from the record
// (in Welsh naming the employer's contact, who disagrees, with a reason,
// from the e-mailed link, with no account).
//   - Welsh with JavaScript off (apprentice1);
//   - English with the keyboard only and axe on every page (apprentice7).
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, newContext, signIn, url } from './lib.mjs';
import { assertNoProblems, checkPage, journeyBrowser, load, mailedLink, newPerson, path, registerThroughForm, t, tabTo } from './journey-lib.mjs';

const { withPage } = journeyBrowser();

const button = (scope, lang, key) => scope.getByRole('button', { name: t(lang, key), exact: true });
const field = (page, lang, key) => page.getByLabel(t(lang, key), { exact: true });
const link = (scope, lang, key) => scope.getByRole('link', { name: t(lang, key), exact: true });
// the demo seed's Gwynedd scheme
const schemeName = { cy: 'Cyngor Gwynedd: datblygwyr meddalwedd 2026', en: 'Gwynedd Council: software developers 2026' };

// A new account through the register form: the person the admin enrols.
async function register(lang) {
  const who = newPerson(lang);
  await withPage({}, (page) => registerThroughForm(page, lang, who));
  return who;
}

const today = () => new Date().toISOString().slice(0, 10);
const uli = () => `E2E${Date.now().toString(36).toUpperCase()}`.slice(0, 16);

test('apprenticeships (cy, JavaScript off): the admin enrols an apprentice', async () => {
  const lang = 'cy';
  const who = await register(lang);
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await signIn(page, 'admin', lang);
    await page.goto(url(`/${lang}/admin/apprenticeships`));
    const main = page.locator('main');
    // first a scheme of its own: the form, then the list with it
    const scheme = `Derbyn E2E ${Date.now()}`;
    await load(page, () => link(main, lang, 'apprenticeships.scheme.new_title').click(), 'the scheme form');
    assert.equal(path(page), `/${lang}/admin/apprenticeship-schemes/new`);
    await field(page, lang, 'apprenticeships.scheme.name_cy').fill(scheme);
    await field(page, lang, 'apprenticeships.scheme.name_en').fill(`E2E intake ${Date.now()}`);
    await field(page, lang, 'apprenticeships.col.framework').selectOption({ index: 1 });
    await field(page, lang, 'apprenticeships.col.employer').selectOption({ index: 1 });
    await field(page, lang, 'apprenticeships.col.provider').fill('Coleg Menai');
    await field(page, lang, 'apprenticeships.scheme.intake_start').fill('2026-09-01');
    // the form lists no staff until added: one trainer by e-mail address (issue 22)
    await field(page, lang, 'apprenticeships.scheme.add_staff').fill('trainer@dysgu.example');
    await load(page, () => button(main, lang, 'apprenticeships.scheme.create').click(), 'creating the scheme');
    // the schemes have a page of their own (issue 22), the new one on it; back to the apprentices
    assert.equal(path(page), `/${lang}/admin/apprenticeship-schemes`);
    assert.ok(await main.getByText(t(lang, 'apprenticeships.saved.scheme_created')).isVisible());
    assert.ok(await main.locator('.table-wrap').getByText(scheme).isVisible());
    await load(page, () => link(main, lang, 'apprenticeships.schemes.back').click(), 'the apprentices');
    assert.equal(path(page), `/${lang}/admin/apprenticeships`);
    assert.equal(await main.locator('#schemes + p + .table-wrap').count(), 0);
    assert.ok(await link(main, lang, 'apprenticeships.schemes.all_link').isVisible());
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
    // a break in learning, the return, then a transfer to a new aim (final: no more changes)
    const change = async (status, reason, returnOn) => {
      await field(page, lang, 'apprenticeships.change.status').selectOption({ label: t(lang, `apprenticeships.status.${status}`) });
      await field(page, lang, 'apprenticeships.change.on').fill(today());
      if (returnOn) {
        await field(page, lang, 'apprenticeships.change.return_on').fill(returnOn);
      }
      await field(page, lang, 'apprenticeships.change.reason').fill(reason);
      await load(page, () => button(main, lang, 'apprenticeships.change.submit').click(), `the status ${status}`);
      assert.ok(await main.getByText(t(lang, 'apprenticeships.saved.status')).isVisible());
      assert.ok(await main.getByText(reason).first().isVisible(), `${reason} in the history`);
    };
    await change('on_break', 'Absenoldeb salwch', '2027-01-10');
    await change('in_learning', 'Wedi dychwelyd');
    await change('transferred', 'Symud i lefel 4');
    assert.equal(await button(main, lang, 'apprenticeships.change.submit').count(), 0);
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
    const myUli = uli();
    await type('apprenticeships.enrol.uli', myUli);
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
    // the apprenticeship completed: the provider's export and the reports show it
    const status = field(page, lang, 'apprenticeships.change.status');
    await tabTo(page, status);
    await status.selectOption({ label: t(lang, 'apprenticeships.status.completed') });
    await tabTo(page, field(page, lang, 'apprenticeships.change.on'));
    await field(page, lang, 'apprenticeships.change.on').fill(today());
    await tabTo(page, field(page, lang, 'apprenticeships.change.reason'));
    await page.keyboard.type('Framework achieved');
    await tabTo(page, button(main, lang, 'apprenticeships.change.submit'));
    await load(page, () => page.keyboard.press('Enter'), 'completing');
    assert.ok(await main.getByText(t(lang, 'apprenticeships.saved.status')).isVisible());
    assert.equal(await button(main, lang, 'apprenticeships.change.submit').count(), 0, 'completed is final');
    await checkPage(page, 'the completed record', found);
    const csv = await page.request.get(url(`/${lang}/admin/apprentices/export`));
    assert.equal(csv.status(), 200);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').split(/\r?\n/);
    const column = lines[0].split(',').indexOf(t(lang, 'apprenticeships.csv.status'));
    const row = lines.find((l) => l.split(',')[0] === myUli);
    assert.ok(column >= 0 && row, 'the apprentice in the export');
    assert.equal(row.split(',')[column], '2', 'LLWR completion status 2: completed');
    await page.goto(url(`/${lang}/admin/apprentice-reports`));
    await checkPage(page, 'the reports', found);
  });
  assertNoProblems(found);
});

const demo = { cy: { who: 'apprentice1', name: 'Alaw Prentis' }, en: { who: 'apprentice7', name: 'Gwion Tomos' } };

test('apprenticeships (cy, JavaScript off): hours logged, approved, and a review recorded', async () => {
  const lang = 'cy';
  const activity = `Gweithdy E2E ${Date.now()}`;
  const employer = `e2e-employer-${Date.now()}@example.com`;
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await signIn(page, demo[lang].who, lang);
    await page.goto(url(`/${lang}/me/apprenticeship`));
    const main = page.locator('main');
    const [resp] = await Promise.all([page.waitForNavigation(), button(main, lang, 'apprenticeships.hours.submit').click()]);
    assert.equal(resp.status(), 400);
    const summary = page.locator('.error-summary');
    for (const key of ['date', 'hours', 'category', 'activity']) {
      assert.ok(await summary.getByText(t(lang, `apprenticeships.errors.${key}`)).first().isVisible(), `the summary says ${key}`);
    }
    await field(page, lang, 'apprenticeships.hours.worked_on').fill(today());
    await field(page, lang, 'apprenticeships.hours.hours').fill('2,5');
    await field(page, lang, 'apprenticeships.hours.category').selectOption({ label: t(lang, 'apprenticeships.category.online') });
    await field(page, lang, 'apprenticeships.hours.activity').fill(activity);
    await load(page, () => button(main, lang, 'apprenticeships.hours.submit').click(), 'logging hours');
    assert.equal(path(page), `/${lang}/me/apprenticeship`);
    assert.ok(await main.getByText(t(lang, 'apprenticeships.saved.logged')).isVisible());
    const row = main.locator('tr', { hasText: activity });
    assert.ok(await row.getByText(t(lang, 'apprenticeships.entry_state.submitted')).isVisible());
  });
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await signIn(page, 'trainer', lang);
    await page.goto(url(`/${lang}/trainer/apprentice-reviews`));
    const main = page.locator('main');
    await load(page, () => main.getByRole('link', { name: demo[lang].name, exact: true }).click(), 'the record');
    assert.match(path(page), /^\/cy\/trainer\/apprentices\/\d+$/);
    // the record links the entries waiting for a decision: the log shows those alone
    await load(page, () => main.getByRole('link', { name: /yn aros am benderfyniad$/ }).click(), 'the entries waiting');
    assert.match(path(page), /^\/cy\/trainer\/apprentices\/\d+\/hours$/);
    assert.equal(await main.getByRole('link', { name: /^Yn aros am gymeradwyaeth \(\d+\)$/ }).getAttribute('aria-current'), 'page');
    // the same entries as a CSV, with the session's cookie
    const csv = await page.request.get(url(await main.getByRole('link', { name: t(lang, 'apprenticeships.log.csv') }).getAttribute('href')));
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /^text\/csv/);
    assert.ok((await csv.text()).includes(activity));
    await load(page, () => main.locator('tr', { hasText: activity }).getByRole('link').click(), 'the entry');
    assert.ok(await main.getByText(activity).isVisible());
    await page.getByRole('radio', { name: t(lang, 'apprenticeships.hours.decision_approve') }).check();
    await load(page, () => button(main, lang, 'apprenticeships.hours.decide_submit').click(), 'approving');
    assert.ok(await main.getByText(t(lang, 'apprenticeships.saved.approved')).isVisible());
    assert.ok(await main.locator('tr', { hasText: activity }).getByText(t(lang, 'apprenticeships.entry_state.approved')).isVisible());
    await load(page, () => link(main, lang, 'apprenticeships.review.link').click(), 'the review form');
    await field(page, lang, 'apprenticeships.review.held_on').fill(today());
    await page.getByRole('radio', { name: t(lang, 'apprenticeships.rating.green') }).check();
    await field(page, lang, 'apprenticeships.review.notes').fill(`Adolygiad E2E: ${activity}`);
    await field(page, lang, 'apprenticeships.signoff.employer_name').fill('Rheolwr E2E');
    await field(page, lang, 'apprenticeships.signoff.employer_email').fill(employer);
    await load(page, () => button(main, lang, 'apprenticeships.review.submit').click(), 'saving the review');
    assert.ok(await main.getByText(t(lang, 'apprenticeships.saved.reviewed')).isVisible());
    assert.ok(await main.getByText(`Adolygiad E2E: ${activity}`).isVisible());
  });
  // the employer (no account) answers from the e-mailed link: "I do not agree, because…"
  const signoffUrl = await mailedLink(employer, '/employer-review/');
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await page.goto(signoffUrl);
    const main = page.locator('main');
    assert.ok(await main.getByText(`Adolygiad E2E: ${activity}`).isVisible());
    await page.getByRole('radio', { name: t('cy', 'apprenticeships.signoff.dispute') }).check();
    await field(page, 'cy', 'apprenticeships.signoff.reason_label').fill('Mae angen mwy o amser');
    await load(page, () => button(main, 'cy', 'apprenticeships.signoff.submit').click(), 'the answer');
    assert.ok(await main.getByText(t('cy', 'apprenticeships.signoff.done_title')).isVisible());
  });
});

test('apprenticeships (en, keyboard only, axe): hours logged, approved, and a review recorded', async () => {
  const lang = 'en';
  const found = [];
  const activity = `E2E workshop ${Date.now()}`;
  await withPage({}, async (page) => {
    await signIn(page, demo[lang].who, lang);
    await page.goto(url(`/${lang}/me/apprenticeship`));
    await checkPage(page, 'my apprenticeship', found);
    const main = page.locator('main');
    await tabTo(page, field(page, lang, 'apprenticeships.hours.worked_on'));
    await field(page, lang, 'apprenticeships.hours.worked_on').fill(today());
    await tabTo(page, field(page, lang, 'apprenticeships.hours.hours'));
    await page.keyboard.type('1.5');
    const category = field(page, lang, 'apprenticeships.hours.category');
    await tabTo(page, category);
    for (let i = 0; i < 5 && (await category.inputValue()) === ''; i++) {
      await page.keyboard.press('ArrowDown');
    }
    assert.notEqual(await category.inputValue(), '', 'the arrow keys chose a kind of training');
    await tabTo(page, field(page, lang, 'apprenticeships.hours.activity'));
    await page.keyboard.type(activity);
    await tabTo(page, button(main, lang, 'apprenticeships.hours.submit'));
    await load(page, () => page.keyboard.press('Enter'), 'logging hours');
    assert.ok(await main.getByText(t(lang, 'apprenticeships.saved.logged')).isVisible());
    await checkPage(page, 'my apprenticeship, hours logged', found);
  });
  await withPage({}, async (page) => {
    await signIn(page, 'trainer', lang);
    await page.goto(url(`/${lang}/trainer/apprentice-reviews`));
    await checkPage(page, 'reviews due and hours to approve', found);
    const main = page.locator('main');
    await tabTo(page, main.getByRole('link', { name: demo[lang].name, exact: true }));
    await load(page, () => page.keyboard.press('Enter'), 'the record');
    await checkPage(page, "the trainer's record", found);
    await tabTo(page, main.getByRole('link', { name: /waiting for a decision$/ }));
    await load(page, () => page.keyboard.press('Enter'), 'the entries waiting');
    await checkPage(page, 'the hours log, the entries waiting', found);
    await tabTo(page, main.locator('tr', { hasText: activity }).getByRole('link'));
    await load(page, () => page.keyboard.press('Enter'), 'the entry');
    await checkPage(page, 'the entry to decide', found);
    await tabTo(page, page.getByRole('radio', { name: t(lang, 'apprenticeships.hours.decision_approve') }));
    await page.keyboard.press('Space');
    await tabTo(page, button(main, lang, 'apprenticeships.hours.decide_submit'));
    await load(page, () => page.keyboard.press('Enter'), 'approving');
    assert.ok(await main.getByText(t(lang, 'apprenticeships.saved.approved')).isVisible());
    await tabTo(page, link(main, lang, 'apprenticeships.review.link'));
    await load(page, () => page.keyboard.press('Enter'), 'the review form');
    await checkPage(page, 'the review form', found);
    await tabTo(page, field(page, lang, 'apprenticeships.review.held_on'));
    await field(page, lang, 'apprenticeships.review.held_on').fill(today());
    // Tab reaches a radio group's first radio; the arrow keys move and choose
    await tabTo(page, page.getByRole('radio', { name: t(lang, 'apprenticeships.rating.green') }));
    await page.keyboard.press('ArrowDown');
    assert.ok(await page.getByRole('radio', { name: t(lang, 'apprenticeships.rating.amber') }).isChecked());
    await tabTo(page, field(page, lang, 'apprenticeships.review.notes'));
    await page.keyboard.type(`E2E review: ${activity}`);
    await tabTo(page, button(main, lang, 'apprenticeships.review.submit'));
    await load(page, () => page.keyboard.press('Enter'), 'saving the review');
    assert.ok(await main.getByText(t(lang, 'apprenticeships.saved.reviewed')).isVisible());
    await checkPage(page, 'the record with the review', found);
  });
  assertNoProblems(found);
});
