// The webinar journey (issue 18), in both languages: the demo trainer puts
// a one-place webinar in Welsh on the programme; a learner books the place;
// a second learner joins the waiting list and sees their place in the queue
// ("1af yn y ciw" / "1st in the queue"); the first cancels; the second is
// offered the place on the webinar's page and accepts it, filters the list
// by language, follows its calendar link to their page and makes their
// private calendar address, whose feed holds the webinar.
//   - Welsh with JavaScript off, with the mouse;
//   - English with JavaScript on and the learners' steps by keyboard only
//     (every element Tab lands on shows its focus), axe on their pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { url } from './lib.mjs';
import { assertNoProblems, checkPage, confirmEmail, journeyBrowser, load, newPerson, path, t, tabTo } from './journey-lib.mjs';

const { context: browserContext } = journeyBrowser();

const button = (scope, lang, key) => scope.getByRole('button', { name: t(lang, key), exact: true });
const field = (page, lang, key) => page.getByLabel(t(lang, key), { exact: true });

// The demo trainer creates the webinar from the form, speaker 1 filled in
// (the page then shows them, with the role in its language); its slug.
async function createWebinar(page, lang) {
  const slug = `gweminar-e2e-${lang}-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const password = process.env.DYSGU_DEMO_PASSWORD;
  assert.ok(password, 'DYSGU_DEMO_PASSWORD is set (tests/e2e/run)');
  await page.goto(url(`/${lang}/login`));
  await field(page, lang, 'accounts.fields.email').fill('trainer@dysgu.example');
  await field(page, lang, 'accounts.fields.password').fill(password);
  await load(page, () => button(page.locator('main'), lang, 'accounts.login.submit').click(), 'signing in');
  await load(page, () => page.goto(url(`/${lang}/manage/webinars/new`)), 'the new webinar form');
  await field(page, lang, 'webinars.form.slug').fill(slug);
  await field(page, lang, 'webinars.form.title_cy').fill(`Ysgrifennu'n glir i'r cyhoedd ${slug.slice(-6)}`);
  await field(page, lang, 'webinars.form.title_en').fill(`Writing clearly for the public ${slug.slice(-6)}`);
  const speaker1 = page.getByRole('group', { name: t(lang, 'webinars.form.speaker_legend').replace('{n}', '1'), exact: true });
  await speaker1.getByLabel(t(lang, 'webinars.form.speaker_name'), { exact: true }).fill('Non Prydderch');
  await speaker1.getByLabel(t(lang, 'webinars.form.speaker_role_cy'), { exact: true }).fill('Pennaeth dylunio cynnwys');
  await speaker1.getByLabel(t(lang, 'webinars.form.speaker_role_en'), { exact: true }).fill('Head of content design');
  await speaker1.getByLabel(t(lang, 'webinars.form.speaker_organisation'), { exact: true }).fill('Cyngor Sir Glanyrafon');
  await field(page, lang, 'webinars.form.language').selectOption('cy');
  await field(page, lang, 'webinars.form.date').fill('2027-03-02');
  await field(page, lang, 'webinars.form.time').fill('10:00');
  await field(page, lang, 'webinars.form.duration').fill('60');
  await field(page, lang, 'webinars.form.capacity').fill('1');
  await load(page, () => button(page.locator('main'), lang, 'webinars.form.save').click(), 'saving the webinar');
  assert.equal(path(page), `/${lang}/webinars/${slug}`);
  await page.getByRole('heading', { name: 'Non Prydderch', level: 3 }).waitFor({ timeout: 5000 });
  await page.getByText(lang === 'cy' ? 'Pennaeth dylunio cynnwys' : 'Head of content design', { exact: true }).waitFor({ timeout: 5000 });
  return slug;
}

// A new learner, registered through the form and signed in (as journey.test.mjs does),
// with the e-mail address confirmed through the mailed link.
async function newLearner(page, lang) {
  const who = newPerson(lang);
  await page.goto(url(`/${lang}/register`));
  await field(page, lang, 'accounts.fields.name').fill(who.name);
  await field(page, lang, 'accounts.fields.email').fill(who.email);
  await field(page, lang, 'accounts.fields.organisation').selectOption({ index: 1 });
  await page.getByRole('radio', { name: t(lang, lang === 'cy' ? 'accounts.lang_cy' : 'accounts.lang_en') }).check();
  await field(page, lang, 'accounts.fields.password').fill(who.password);
  await load(page, () => button(page, lang, 'accounts.register.submit').click(), 'registering');
  await page.getByRole('heading', { name: t(lang, 'accounts.register_done.heading') }).waitFor();
  await confirmEmail(page, lang, who); // booking needs a confirmed address
  return who;
}

// Press the page's button with key (mouse, or keyboard only with Tab and
// Enter); the page it loads.
async function press(page, lang, key, keyboard) {
  const b = button(page.locator('main'), lang, key);
  await load(page, () => (keyboard ? tabTo(page, b, { key: 'Enter' }) : b.click()), `the button ${key}`);
}

async function heading(page, lang, key) {
  await page.getByRole('heading', { name: t(lang, key), exact: true }).first().waitFor({ timeout: 5000 });
}

for (const [lang, keyboard] of [
  ['cy', false],
  ['en', true],
]) {
  test(`webinar journey (${lang}, ${keyboard ? 'keyboard only, axe' : 'JavaScript off'}): book, queue, offer, accept`, async () => {
    const options = keyboard ? {} : { javaScriptEnabled: false };
    const found = keyboard ? [] : null;
    const contexts = await Promise.all([0, 1, 2].map(() => browserContext(options)));
    try {
      const [trainer, first, second] = await Promise.all(contexts.map((c) => c.newPage()));
      const slug = await createWebinar(trainer, lang);
      const webinar = url(`/${lang}/webinars/${slug}`);

      await newLearner(first, lang);
      await first.goto(webinar);
      await checkPage(first, 'the webinar', found);
      await press(first, lang, 'webinars.register_button', keyboard);
      await heading(first, lang, 'webinars.registered_title');

      await newLearner(second, lang);
      await second.goto(webinar);
      await press(second, lang, 'webinars.register_button', keyboard);
      await heading(second, lang, 'webinars.waitlisted_title');
      const queue = t(lang, 'webinars.queue_position').replace('{ordinal}', lang === 'cy' ? '1af' : '1st');
      assert.ok((await second.locator('main').innerText()).includes(queue), `the queue position: ${queue}`);
      await checkPage(second, 'on the waiting list', found);

      await press(first, lang, 'webinars.cancel_button', keyboard);
      await heading(first, lang, 'webinars.register_heading');

      await load(second, () => second.goto(webinar), 'the webinar again');
      await heading(second, lang, 'enrol.offered_title');
      await checkPage(second, 'offered the place', found);
      await second.screenshot({ path: `../../build/screenshots/journey-webinars-offer-${lang}.png`, fullPage: true });
      await press(second, lang, 'enrol.accept_button', keyboard);
      await heading(second, lang, 'webinars.registered_title');
      await second.screenshot({ path: `../../build/screenshots/journey-webinars-${lang}.png`, fullPage: true });

      // the list, filtered by the language of delivery (a GET form, no JavaScript needed)
      await load(second, () => second.goto(url(`/${lang}/webinars`)), 'the list');
      await field(second, lang, 'webinars.filters.language').selectOption('cy');
      await press(second, lang, 'webinars.filters.apply', keyboard);
      assert.ok(second.url().includes('language=cy'), `filtered: ${second.url()}`);
      const chosen = await field(second, lang, 'webinars.filters.language').inputValue();
      assert.equal(chosen, 'cy');
      await checkPage(second, 'the filtered list', found);
      await second.screenshot({ path: `../../build/screenshots/journey-webinars-list-${lang}.png`, fullPage: true });

      // the private calendar: from the list's link to /me, made once, read back
      const link = second.getByRole('link', { name: t(lang, 'webinars.calendar.list_link'), exact: true });
      await load(second, () => (keyboard ? tabTo(second, link, { key: 'Enter' }) : link.click()), 'the calendar link');
      assert.equal(path(second), `/${lang}/me`);
      await press(second, lang, 'webinars.calendar.make_button', keyboard);
      await heading(second, lang, 'webinars.calendar.ready');
      const address = await field(second, lang, 'webinars.calendar.address_label').inputValue();
      assert.match(address, /\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
      await checkPage(second, 'the calendar address', found);
      await second.screenshot({ path: `../../build/screenshots/journey-webinars-calendar-${lang}.png`, fullPage: true });
      const feed = await second.request.get(address);
      assert.equal(feed.status(), 200);
      const ics = await feed.text();
      assert.ok(ics.startsWith('BEGIN:VCALENDAR'), 'a calendar');
      assert.ok(ics.replace(/\r\n[ \t]/g, '').includes(slug), 'the feed holds the webinar');
      if (found) {
        assertNoProblems(found);
      }
    } finally {
      await Promise.all(contexts.map((c) => c.close()));
    }
  });
}
