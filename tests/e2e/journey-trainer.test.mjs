// The trainer's journey (issue 20), in both languages: the demo trainer signs
// in, opens a cohort from their list, reads who is at risk and why, sorts by
// progress and keeps only those at risk, marks attendance for a session and
// downloads the CSV.
//   - Welsh with JavaScript off, with the mouse;
//   - English with the keyboard only (every element Tab lands on shows its
//     focus), axe on every page.
// Then managing cohorts: an admin (Welsh, JavaScript off) creates a cohort for
// a course (a mistake first: the error summary, what was typed kept), makes the
// demo trainer its trainer, adds a session and takes the trainer off; the trainer (English, keyboard
// only, axe) adds a session to their cohort, changes it, and messages the
// cohort's learners at risk.
// Last, a personal API token (English, axe): the trainer makes one on the
// account page, a program (node's fetch, no cookies) reads the cohort's
// progress with it, and once revoked it is refused.
// Each test signs in from a browser context of its own address.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { url } from './lib.mjs';
import { assertNoProblems, checkPage, journeyBrowser, load, path, t, tabTo } from './journey-lib.mjs';

const { withPage } = journeyBrowser();

const button = (scope, lang, key) => scope.getByRole('button', { name: t(lang, key), exact: true });
const field = (page, lang, key) => page.getByLabel(t(lang, key), { exact: true });
// the demo seed's first cohort, run by trainer@dysgu.example
const cohortName = { cy: 'Carfan y gwanwyn, Caerdydd', en: 'Spring cohort, Cardiff' };

async function signIn(page, lang, who = 'trainer') {
  const password = process.env.DYSGU_DEMO_PASSWORD;
  assert.ok(password, 'DYSGU_DEMO_PASSWORD is set (tests/e2e/run)');
  await page.goto(url(`/${lang}/login`));
  await field(page, lang, 'accounts.fields.email').fill(`${who}@dysgu.example`);
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

// A form sent that comes back with its problems: 400, the error summary.
async function refused(page, action, what) {
  const [resp] = await Promise.all([page.waitForNavigation(), action()]);
  assert.equal(resp?.status(), 400, `${what}: status ${resp?.status()}`);
  assert.ok(await page.locator('.error-summary, [role=alert]').first().isVisible(), `${what}: the error summary`);
}

const stamp = Date.now().toString(36);

test('admin (cy, JavaScript off): a cohort, its trainer and a session', async () => {
  const lang = 'cy';
  const name = `Carfan brawf ${stamp}`;
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await signIn(page, lang, 'admin');
    await page.goto(url(`/${lang}/admin/courses`));
    const main = page.locator('main');
    await load(page, () => main.locator(`a[href^="/${lang}/admin/courses/"]`).first().click(), 'a course');
    await load(page, () => main.getByRole('link', { name: t(lang, 'trainer.admin.new_link'), exact: true }).click(), 'the cohort form');
    await field(page, lang, 'trainer.form.name_cy').fill(name);
    await field(page, lang, 'trainer.form.name_en').fill(`Test cohort ${stamp}`);
    await field(page, lang, 'trainer.form.starts_on').fill('2027-05-03');
    await field(page, lang, 'trainer.form.ends_on').fill('2027-06-30');
    await field(page, lang, 'trainer.form.capacity').fill('llawer');
    await page.getByRole('radio', { name: t(lang, 'trainer.lang.cy'), exact: true }).check();
    await refused(page, () => button(main, lang, 'trainer.admin.create').click(), 'places not a number');
    assert.equal(await field(page, lang, 'trainer.form.name_cy').inputValue(), name, 'what was typed is kept');
    assert.ok(await main.getByText(t(lang, 'trainer.form.error_capacity')).first().isVisible());
    await field(page, lang, 'trainer.form.capacity').fill('20');
    await load(page, () => button(main, lang, 'trainer.admin.create').click(), 'creating the cohort');
    assert.match(path(page), /^\/cy\/admin\/cohorts\/\d+$/);
    const adminPage = path(page);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), name);
    assert.ok(await main.getByText(t(lang, 'trainer.admin.done_created')).isVisible());
    await field(page, lang, 'trainer.admin.email').fill('trainer@dysgu.example');
    await load(page, () => button(main, lang, 'trainer.admin.add').click(), 'adding the trainer');
    assert.ok(await main.getByText(t(lang, 'trainer.admin.done_added')).isVisible());
    assert.ok(await main.getByRole('cell', { name: 'trainer@dysgu.example' }).isVisible());
    await load(page, () => main.getByRole('link', { name: t(lang, 'trainer.sessions.add_link'), exact: true }).click(), 'the session form');
    await field(page, lang, 'trainer.form.date').fill('2027-05-10');
    await field(page, lang, 'trainer.form.time').fill('10:00');
    await field(page, lang, 'trainer.form.minutes').fill('120');
    await field(page, lang, 'trainer.form.place').fill(`Llyfrgell Aberystwyth ${stamp}`);
    await page.getByRole('radio', { name: t(lang, 'trainer.lang.both'), exact: true }).check();
    await load(page, () => button(main, lang, 'trainer.sessions.save').click(), 'adding the session');
    assert.match(path(page), /^\/cy\/trainer\/cohorts\/\d+$/);
    assert.ok(await main.getByText(t(lang, 'trainer.sessions.done_added')).isVisible());
    assert.ok(await main.getByText(`Llyfrgell Aberystwyth ${stamp}`).isVisible());
    // and the trainer taken off it again (so the demo trainer's list stays short)
    await page.goto(url(adminPage));
    await load(page, () => main.getByRole('button', { name: new RegExp(`^${t(lang, 'trainer.admin.remove')} `) }).click(), 'removing the trainer');
    assert.ok(await main.getByText(t(lang, 'trainer.admin.done_removed')).isVisible());
    assert.ok(await main.getByText(t(lang, 'trainer.admin.no_trainers')).isVisible());
  });
});

test('trainer (en, keyboard only, axe): a session added and changed, a message to those at risk', async () => {
  const lang = 'en';
  const found = [];
  await withPage({}, async (page) => {
    await signIn(page, lang);
    await page.goto(url(`/${lang}/trainer/cohorts`));
    const main = page.locator('main');
    await tabTo(page, main.getByRole('link', { name: cohortName[lang], exact: true }));
    await load(page, () => page.keyboard.press('Enter'), 'opening the cohort');
    const cohort = path(page);
    await tabTo(page, main.getByRole('link', { name: t(lang, 'trainer.sessions.add_link'), exact: true }));
    await load(page, () => page.keyboard.press('Enter'), 'the session form');
    await checkPage(page, 'session form', found);
    // no length: the form comes back with the problem (date and time
    // inputs are filled, their typing being the browser's locale's)
    await field(page, lang, 'trainer.form.date').fill('2027-02-01');
    await field(page, lang, 'trainer.form.time').fill('18:30');
    await tabTo(page, field(page, lang, 'trainer.form.minutes'));
    await page.keyboard.type('0');
    await tabTo(page, field(page, lang, 'trainer.form.online'));
    await page.keyboard.type(`https://meet.example/${stamp}`);
    // Tab enters the radio group at its first radio; an arrow key moves on
    await tabTo(page, page.getByRole('radio', { name: t(lang, 'trainer.lang.cy'), exact: true }));
    await page.keyboard.press('ArrowDown');
    assert.ok(await page.getByRole('radio', { name: t(lang, 'trainer.lang.en'), exact: true }).isChecked());
    await tabTo(page, button(main, lang, 'trainer.sessions.save'));
    await refused(page, () => page.keyboard.press('Enter'), 'a length of 0 minutes');
    await checkPage(page, 'session form with problems', found);
    assert.equal(await field(page, lang, 'trainer.form.online').inputValue(), `https://meet.example/${stamp}`, 'kept');
    await field(page, lang, 'trainer.form.minutes').fill('60');
    await tabTo(page, button(main, lang, 'trainer.sessions.save'));
    await load(page, () => page.keyboard.press('Enter'), 'adding the session');
    assert.equal(path(page), cohort);
    assert.ok(await main.getByText(t(lang, 'trainer.sessions.done_added')).isVisible());
    // change it: its link names the session's date and time
    const change = main.getByRole('link', { name: new RegExp(`^${t(lang, 'trainer.sessions.edit_link')} .*18:30`) });
    await tabTo(page, change.first());
    await load(page, () => page.keyboard.press('Enter'), 'the session to change');
    await checkPage(page, 'session change form', found);
    assert.equal(await field(page, lang, 'trainer.form.time').inputValue(), '18:30');
    await field(page, lang, 'trainer.form.minutes').fill('90');
    await tabTo(page, button(main, lang, 'trainer.sessions.save'));
    await load(page, () => page.keyboard.press('Enter'), 'changing the session');
    assert.ok(await main.getByText(t(lang, 'trainer.sessions.done_changed')).isVisible());
    await checkPage(page, 'cohort after the change', found);
    // a message to the learners at risk, in English only
    await tabTo(page, main.getByRole('link', { name: t(lang, 'trainer.message.link'), exact: true }));
    await load(page, () => page.keyboard.press('Enter'), 'the message form');
    await checkPage(page, 'message form', found);
    // each group is entered at its checked radio: everyone, both languages
    await tabTo(page, page.getByRole('radio', { name: new RegExp(`^${t(lang, 'trainer.message.audience_all')}`) }));
    await page.keyboard.press('ArrowDown');
    await tabTo(page, page.getByRole('radio', { name: t(lang, 'trainer.message.only_both'), exact: true }));
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.ok(await page.getByRole('radio', { name: new RegExp(`^${t(lang, 'trainer.message.audience_at_risk')}`) }).isChecked());
    assert.ok(await page.getByRole('radio', { name: t(lang, 'trainer.message.only_en'), exact: true }).isChecked());
    await tabTo(page, field(page, lang, 'trainer.message.subject_en'));
    await page.keyboard.type(`Catching up ${stamp}`);
    await tabTo(page, field(page, lang, 'trainer.message.body_en'));
    await page.keyboard.type('Shall we meet before the next session?');
    await tabTo(page, button(main, lang, 'trainer.message.send'));
    await load(page, () => page.keyboard.press('Enter'), 'sending the message');
    assert.equal(path(page), cohort);
    assert.ok(await main.getByText(t(lang, 'trainer.message.done')).isVisible());
    assert.ok(await main.getByRole('cell', { name: `Catching up ${stamp}` }).isVisible());
    await checkPage(page, 'cohort with the message sent', found);
  });
  assertNoProblems(found);
});

test('trainer (en, axe): a personal API token made, used from a program, revoked', async () => {
  const lang = 'en';
  const found = [];
  const name = `Nightly report ${stamp}`;
  await withPage({}, async (page) => {
    await signIn(page, lang);
    await page.goto(url(`/${lang}/trainer/cohorts`));
    const main = page.locator('main');
    await load(page, () => main.getByRole('link', { name: cohortName[lang], exact: true }).click(), 'opening the cohort');
    const id = path(page).split('/').pop();
    const api = url(`/api/v1/cohorts/${id}/progress`);
    await page.goto(url(`/${lang}/account`));
    await load(page, () => main.getByRole('link', { name: t(lang, 'accounts.tokens.account_link'), exact: true }).click(), 'the tokens page');
    await checkPage(page, 'API tokens', found);
    await field(page, lang, 'accounts.tokens.name_label').fill(name);
    // just signed in: no password to confirm first
    await load(page, () => button(main, lang, 'accounts.tokens.create').click(), 'creating a token');
    const token = await field(page, lang, 'accounts.tokens.token_label').inputValue();
    assert.match(token, /^dysgu_pat_[A-Za-z0-9_-]{43}$/);
    await checkPage(page, 'API token shown once', found);
    // a program: the bearer header, no cookie
    let resp = await fetch(api, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(resp.status, 200);
    assert.equal(resp.headers.get('cache-control'), 'private, no-store');
    const doc = await resp.json();
    assert.equal(doc.cohort.id, Number(id));
    assert.ok(doc.learners.length > 0 && doc.learners.length === doc.total, 'the cohort\'s learners');
    assert.ok(doc.learners.some((l) => l.at_risk), 'with who is at risk');
    resp = await fetch(api);
    assert.equal(resp.status, 401);
    assert.equal(resp.headers.get('www-authenticate'), 'Bearer realm="dysgu"');
    // the list names it, never shows it again; revoking stops it at once
    await page.goto(url(`/${lang}/account/tokens`));
    assert.equal(await main.locator('input[value^="dysgu_pat_"]').count(), 0);
    const row = main.getByRole('row').filter({ hasText: name });
    await load(page, () => row.getByRole('button', { name: t(lang, 'accounts.tokens.revoke') }).click(), 'revoking');
    assert.ok(await main.getByText(t(lang, 'accounts.tokens.revoked')).isVisible());
    assert.equal(await main.getByRole('row').filter({ hasText: name }).count(), 0);
    resp = await fetch(api, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(resp.status, 401);
  });
  assertNoProblems(found);
});
