// Journeys through the real interface, as a person would click (issue #12 for
// the courses of issue #4):
//   - a learner in each language: the language choice, a new account, sign
//     out and in, the catalogue search and filters, enrol, every lesson marked
//     complete, the certificate; then a stranger checks its code;
//   - the same with JavaScript off, and again with the keyboard only (every
//     element Tab lands on must show its focus);
//   - an admin unpublishes a course (it leaves the public catalogue) and
//     publishes it again.
// Every page on the way that pages.mjs does not list gets axe (WCAG 2.2 AA) and
// must not scroll sideways at 375 px.
//
// Each run makes 4 accounts and signs in 5 times from 127.0.0.1: within the
// per-address limits (10 registrations an hour; 6 sign-ins a minute, 30 an
// hour) only when the rest of the suite keeps its own sign-ins few.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { url } from './lib.mjs';
import { assertNoProblems, checkPage, course, journeyBrowser, load, newPerson, path, t, tabTo } from './journey-lib.mjs';

const { withPage } = journeyBrowser();

// Controls by role and the words on them (exact), from locales/{lang}.json.
const button = (scope, lang, key) => scope.getByRole('button', { name: t(lang, key), exact: true });
const link = (scope, lang, key) => scope.getByRole('link', { name: t(lang, key), exact: true });
const field = (page, lang, key) => page.getByLabel(t(lang, key), { exact: true });
const mainNav = (page, lang) => page.getByRole('navigation', { name: t(lang, 'layout.nav_label') });
// A link by its text as shown (a course title, a language name).
const linkTo = (scope, text) => scope.getByRole('link', { name: text, exact: true });
// The value after the term in a description list.
const valueOf = (scope, term) => scope.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');

// --- the learner, with the mouse -----------------------------------------------

// What each journey looks for: a course, the words typed into the search and
// the filters applied (values of the level and format selects).
const plans = {
  cy: { slug: 'data-literacy', q: 'llythrennedd', level: 'awareness', format: 'e-learning' },
  en: { slug: 'agile-foundations', q: 'agile', format: 'e-learning' },
  nojs: { slug: 'cyber-security-essentials', q: 'cyber', format: 'e-learning' },
  keys: { slug: 'ai-automation-awareness', q: 'awtomeiddio', level: 'awareness', format: 'e-learning' },
};

async function chooseLanguage(page, lang) {
  const resp = await page.goto(url('/'));
  assert.equal(resp.status(), 200);
  assert.equal(path(page), '/', 'a French browser gets the bilingual choice');
  const choice = page.getByRole('button', { name: lang === 'cy' ? 'Cymraeg' : 'English', exact: true });
  await load(page, () => choice.click(), 'choosing the language');
  assert.equal(path(page), `/${lang}/`);
  assert.equal(await page.getAttribute('html', 'lang'), lang);
}

async function register(page, lang, who, found) {
  const header = page.locator('header');
  await load(page, () => link(header, lang, 'common.sign_in').click(), 'the sign-in link');
  await load(page, () => link(page, lang, 'accounts.login.register_link').click(), 'the register link');
  assert.equal(path(page), `/${lang}/register`);
  await checkPage(page, 'register form', found);
  await field(page, lang, 'accounts.fields.name').fill(who.name);
  await field(page, lang, 'accounts.fields.email').fill(who.email);
  await field(page, lang, 'accounts.fields.organisation').selectOption({ index: 1 });
  await page.getByRole('radio', { name: t(lang, lang === 'cy' ? 'accounts.lang_cy' : 'accounts.lang_en') }).check();
  await field(page, lang, 'accounts.fields.password').fill(who.password);
  await load(page, () => button(page, lang, 'accounts.register.submit').click(), 'registering');
  await page.getByRole('heading', { name: t(lang, 'accounts.register_done.heading') }).waitFor();
  await checkPage(page, 'registered', found);
}

// Through the header's sign-in link and the form; ends on the account page.
async function signIn(page, lang, email, password, found) {
  const header = page.locator('header');
  await load(page, () => link(header, lang, 'common.sign_in').click(), 'the sign-in link');
  await checkPage(page, 'sign-in form', found);
  await field(page, lang, 'accounts.fields.email').fill(email);
  await field(page, lang, 'accounts.fields.password').fill(password);
  await load(page, () => button(page.locator('main'), lang, 'accounts.login.submit').click(), 'signing in');
  assert.equal(path(page), `/${lang}/account`, 'signed in, on the account page');
  assert.equal(await button(header, lang, 'common.sign_out').count(), 1, 'signed in');
}

async function signOutAndIn(page, lang, who, found) {
  await load(page, () => button(page, lang, 'common.sign_out').click(), 'signing out');
  assert.equal(path(page), `/${lang}/`);
  assert.equal(await button(page.locator('header'), lang, 'common.sign_out').count(), 0, 'signed out');
  await signIn(page, lang, who.email, who.password, found);
  await checkPage(page, 'account', found);
}

// From the navigation to the course's page through the search and filters.
async function findCourse(page, lang, plan, c) {
  await load(page, () => link(mainNav(page, lang), lang, 'nav.courses').click(), 'the Courses link');
  assert.equal(path(page), `/${lang}/courses`);
  await field(page, lang, 'courses.filters.search_label').fill(plan.q);
  if (plan.level) {
    await field(page, lang, 'courses.filters.level').selectOption(plan.level);
  }
  await field(page, lang, 'courses.filters.format').selectOption(plan.format);
  await load(page, () => button(page, lang, 'courses.filters.apply').click(), 'applying the filters');
  const q = new URL(page.url()).searchParams;
  assert.equal(q.get('q'), plan.q);
  assert.equal(q.get('format'), plan.format);
  const main = page.locator('main');
  const hit = linkTo(main, c.title[lang]);
  assert.equal(await hit.count(), 1, `"${c.title[lang]}" is among the results`);
  // every result is of the format (and level) asked for
  const items = main.getByRole('listitem').filter({ has: page.getByRole('heading') });
  const want = [t(lang, `courses.format.${plan.format}`)];
  if (plan.level) {
    want.push(t(lang, `courses.level.${plan.level}`));
  }
  assert.ok((await items.count()) >= 1);
  const facts = await items.evaluateAll((lis) =>
    lis.map((li) => [...li.querySelectorAll('dd')].map((d) => d.textContent.trim())),
  );
  for (const item of facts) {
    for (const w of want) {
      assert.ok(item.includes(w), `a result that is not ${w}: ${item.join(', ')}`);
    }
  }
  await load(page, () => hit.click(), 'opening the course');
  assert.equal(path(page), `/${lang}/courses/${c.slug}`);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), c.title[lang]);
}

// Enrol, start, mark each lesson complete; ends on the certificate page.
// found: where checkPage adds problems (null: no checks).
async function takeCourse(page, lang, c, found) {
  await load(page, () => button(page, lang, 'enrol.button').click(), 'enrolling');
  await page.getByRole('status').getByRole('heading', { name: t(lang, 'enrol.done.enrolled.title') }).waitFor();
  await page.getByRole('region', { name: t(lang, 'enrol.enrolled_title') }).waitFor();
  await checkPage(page, 'course, enrolled', found);
  await load(page, () => link(page, lang, 'enrol.start').click(), 'starting the course');
  for (let n = 1; n <= c.lessons; n++) {
    assert.equal(path(page), `/${lang}/courses/${c.slug}/lessons/${n}`);
    if (n <= 2) {
      await checkPage(page, n === 1 ? 'lesson' : 'lesson, the one before done', found);
    }
    await load(page, () => button(page, lang, 'learn.lesson.mark_complete').click(), `completing lesson ${n}`);
    if (n < c.lessons) {
      assert.match(page.url(), new RegExp(`/lessons/${n + 1}\\?completed=${n}$`));
      await page.getByRole('status').getByText(t(lang, 'learn.lesson.just_completed')).waitFor();
    }
  }
  assert.equal(path(page), `/${lang}/courses/${c.slug}/certificate`);
  await page.getByRole('heading', { name: t(lang, 'certificate.congrats_title') }).waitFor();
  await checkPage(page, 'certificate, just issued', found);
}

// The verification code printed on the certificate in view.
async function readCode(page, lang, who) {
  const cert = page.getByRole('article');
  assert.ok((await cert.innerText()).includes(who.name), 'the certificate names the holder');
  const code = await valueOf(cert, t(lang, 'certificate.doc.code')).innerText();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/, `a grouped code: ${code}`);
  return code;
}

// A stranger (a fresh context, never signed in) types the code.
async function verify(lang, code, who, c, found, options = {}) {
  await withPage(options, async (page) => {
    const resp = await page.goto(url(`/${lang}/certificates`));
    assert.equal(resp.status(), 200);
    await field(page, lang, 'certificate.verify.code_label').fill(code);
    await load(page, () => button(page, lang, 'certificate.verify.submit').click(), 'checking the code');
    await checkValid(page, lang, code, who, c);
    await checkPage(page, 'certificate verified', found);
  });
}

async function checkValid(page, lang, code, who, c) {
  assert.equal(path(page), `/${lang}/certificates/${code.replaceAll('-', '')}`);
  await page.getByRole('heading', { name: t(lang, 'certificate.verify.valid_title') }).waitFor();
  assert.equal(await valueOf(page, t(lang, 'certificate.verify.holder')).innerText(), who.name);
  assert.ok((await page.locator('main').innerText()).includes(c.title[lang]), 'the course is named');
}

for (const lang of ['cy', 'en']) {
  test(`learner journey (${lang}): register, enrol, every lesson, certificate, verified by a stranger`, async () => {
    const plan = plans[lang];
    const c = await course(plan.slug);
    const who = newPerson(lang);
    const found = [];
    let code;
    await withPage({}, async (page) => {
      await chooseLanguage(page, lang);
      await register(page, lang, who, found);
      await signOutAndIn(page, lang, who, found);
      await findCourse(page, lang, plan, c);
      await takeCourse(page, lang, c, found);
      code = await readCode(page, lang, who);
    });
    await verify(lang, code, who, c, found);
    assertNoProblems(found);
  });
}

test('learner journey with JavaScript off (en)', async () => {
  const lang = 'en';
  const plan = plans.nojs;
  const c = await course(plan.slug);
  const who = newPerson(lang);
  let code;
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await chooseLanguage(page, lang);
    await register(page, lang, who, null);
    await signOutAndIn(page, lang, who, null);
    await findCourse(page, lang, plan, c);
    await takeCourse(page, lang, c, null);
    code = await readCode(page, lang, who);
  });
  await verify(lang, code, who, c, null, { javaScriptEnabled: false });
});

// --- the admin ---------------------------------------------------------------

const ADMIN_COURSE = 'open-standards-and-reuse'; // in no other spec or journey
const ADMIN_SEARCH = { cy: 'ailddefnyddio', en: 'reuse' };

// Whether a stranger's catalogue search lists the course, and its page status.
async function publicView(stranger, lang, c) {
  await stranger.goto(url(`/${lang}/courses?q=${ADMIN_SEARCH[lang]}`));
  const listed = await linkTo(stranger.locator('main'), c.title[lang]).count();
  const resp = await stranger.goto(url(`/${lang}/courses/${c.slug}`));
  return { listed, status: resp.status() };
}

// On the admin page of the course: press publish or unpublish.
async function setPublished(page, lang, publish) {
  const key = publish ? 'admin.courses.publish_button' : 'admin.courses.unpublish_button';
  await load(page, () => button(page, lang, key).click(), publish ? 'publishing' : 'unpublishing');
  await page.getByRole('status').waitFor();
  const tag = t(lang, publish ? 'admin.courses.published' : 'admin.courses.unpublished');
  assert.equal(await page.locator('dd').getByText(tag, { exact: true }).count(), 1, `the course shows as ${tag}`);
}

// A run that failed half way must not leave the course out of the catalogue.
async function republishIfNeeded(page, lang, slug) {
  await page.goto(url(`/${lang}/admin/courses/${slug}`));
  const publish = button(page, lang, 'admin.courses.publish_button');
  if (await publish.count()) {
    await load(page, () => publish.click(), 'publishing again after a failure');
  }
}

test('admin journey (cy, then en): unpublish a course, it leaves the catalogue; publish it, it is back', async () => {
  const c = await course(ADMIN_COURSE);
  const password = process.env.DYSGU_DEMO_PASSWORD;
  assert.ok(password, 'DYSGU_DEMO_PASSWORD is set (the demo admin signs in with it)');
  const found = [];
  // the admin's page, and a stranger's who looks at the public catalogue
  await withPage({}, (stranger) => withPage({}, async (page) => {
    await chooseLanguage(page, 'cy');
    await signIn(page, 'cy', 'admin@dysgu.example', password, null);
    try {
      await republishIfNeeded(page, 'cy', c.slug);
      for (const lang of ['cy', 'en']) {
        await load(page, () => link(mainNav(page, lang), lang, 'nav.admin').click(), 'the Admin link');
        await checkPage(page, 'admin home', found);
        await load(page, () => link(page.locator('main'), lang, 'admin.home.courses_title').click(), 'admin courses');
        assert.equal(path(page), `/${lang}/admin/courses`);
        await field(page, lang, 'admin.courses.search_label').fill(c.slug);
        await load(page, () => button(page.locator('main'), lang, 'common.search').click(), 'searching the courses');
        await checkPage(page, 'admin courses, searched', found);
        await load(page, () => linkTo(page.locator('main'), c.title[lang]).click(), 'opening the course');
        assert.equal(path(page), `/${lang}/admin/courses/${c.slug}`);
        const shown = { listed: 1, status: 200 };
        assert.deepEqual(await publicView(stranger, lang, c), shown, 'published: listed and open');

        await setPublished(page, lang, false);
        await checkPage(page, 'admin course, unpublished', found);
        const gone = { listed: 0, status: 404 };
        assert.deepEqual(await publicView(stranger, lang, c), gone, 'unpublished: gone from the catalogue');

        await setPublished(page, lang, true);
        await checkPage(page, 'admin course, published', found);
        assert.deepEqual(await publicView(stranger, lang, c), shown, 'published again: back');

        if (lang === 'cy') {
          // on to English by the header's language toggle, same page
          await load(page, () => linkTo(page.locator('header'), 'English').click(), 'the language toggle');
          assert.equal(path(page), `/en/admin/courses/${c.slug}`);
        }
      }
    } finally {
      await republishIfNeeded(page, 'en', c.slug);
    }
  }));
  assertNoProblems(found);
});

// --- the learner, with the keyboard only ------------------------------------------

// Tab to target and press key, and wait for the page that loads.
async function tabLoad(page, target, key, what) {
  await load(page, () => tabTo(page, target, { key }), what);
}

test('learner journey by keyboard only (cy): Tab, Enter, Space and typing, focus always visible', async () => {
  const lang = 'cy';
  const plan = plans.keys;
  const c = await course(plan.slug);
  const who = newPerson(lang);
  let code;
  await withPage({}, async (page) => {
    await page.goto(url('/'));
    await tabLoad(page, page.getByRole('button', { name: 'Cymraeg', exact: true }), 'Enter', 'choosing Cymraeg');
    assert.equal(path(page), '/cy/');

    // register
    const header = page.locator('header');
    await tabLoad(page, link(header, lang, 'common.sign_in'), 'Enter', 'the sign-in link');
    await tabLoad(page, link(page, lang, 'accounts.login.register_link'), 'Enter', 'the register link');
    await tabTo(page, field(page, lang, 'accounts.fields.name'));
    await page.keyboard.type(who.name);
    await tabTo(page, field(page, lang, 'accounts.fields.email'));
    await page.keyboard.type(who.email);
    const org = field(page, lang, 'accounts.fields.organisation');
    await tabTo(page, org);
    await page.keyboard.type('Bwrdd'); // type-ahead picks the first health board
    assert.match(await org.inputValue(), /^\d+$/, 'typing chose an organisation');
    const welsh = page.getByRole('radio', { name: t(lang, 'accounts.lang_cy') });
    await tabTo(page, welsh, { key: 'Space' });
    assert.ok(await welsh.isChecked(), 'Space chose Cymraeg');
    await tabTo(page, field(page, lang, 'accounts.fields.password'));
    await page.keyboard.type(who.password);
    await tabLoad(page, button(page, lang, 'accounts.register.submit'), 'Enter', 'registering');
    await page.getByRole('heading', { name: t(lang, 'accounts.register_done.heading') }).waitFor();

    // sign out and in again
    await tabLoad(page, button(header, lang, 'common.sign_out'), 'Enter', 'signing out');
    await tabLoad(page, link(header, lang, 'common.sign_in'), 'Enter', 'the sign-in link');
    await tabTo(page, field(page, lang, 'accounts.fields.email'));
    await page.keyboard.type(who.email);
    await tabTo(page, field(page, lang, 'accounts.fields.password'));
    await page.keyboard.type(who.password);
    await tabLoad(page, button(page.locator('main'), lang, 'accounts.login.submit'), 'Enter', 'signing in');
    assert.equal(path(page), `/${lang}/account`);

    // the catalogue: search, two filters by type-ahead, apply
    await tabLoad(page, link(mainNav(page, lang), lang, 'nav.courses'), 'Enter', 'the Courses link');
    await tabTo(page, field(page, lang, 'courses.filters.search_label'));
    await page.keyboard.type(plan.q);
    const level = field(page, lang, 'courses.filters.level');
    await tabTo(page, level);
    await page.keyboard.type(t(lang, `courses.level.${plan.level}`).slice(0, 4));
    assert.equal(await level.inputValue(), plan.level);
    const format = field(page, lang, 'courses.filters.format');
    await tabTo(page, format);
    await page.keyboard.type(t(lang, `courses.format.${plan.format}`).slice(0, 4));
    assert.equal(await format.inputValue(), plan.format);
    await tabLoad(page, button(page, lang, 'courses.filters.apply'), 'Enter', 'applying the filters');
    await tabLoad(page, linkTo(page.locator('main'), c.title[lang]), 'Enter', 'opening the course');
    assert.equal(path(page), `/${lang}/courses/${c.slug}`);

    // enrol, every lesson, the certificate
    await tabLoad(page, button(page, lang, 'enrol.button'), 'Enter', 'enrolling');
    await tabLoad(page, link(page, lang, 'enrol.start'), 'Enter', 'starting the course');
    for (let n = 1; n <= c.lessons; n++) {
      assert.equal(path(page), `/${lang}/courses/${c.slug}/lessons/${n}`);
      await tabLoad(page, button(page, lang, 'learn.lesson.mark_complete'), 'Enter', `completing lesson ${n}`);
    }
    assert.equal(path(page), `/${lang}/courses/${c.slug}/certificate`);
    code = await readCode(page, lang, who);
  });

  // a stranger types the code
  await withPage({}, async (page) => {
    await page.goto(url(`/${lang}/certificates`));
    await tabTo(page, field(page, lang, 'certificate.verify.code_label'));
    await page.keyboard.type(code);
    await tabLoad(page, button(page, lang, 'certificate.verify.submit'), 'Enter', 'checking the code');
    await checkValid(page, lang, code, who, c);
  });
});

