// The communities journey (issue 19), in both languages, with the demo
// accounts: a member starts a discussion, another replies, the first reports
// the reply, a moderator hides it from the moderation page; the discussion
// is found by the search and its reply shows in the notifications; the reply
// quotes the first post (JavaScript off) and the English post is edited,
// watched again after stopping, and listed on the notification settings page;
// the moderator opens the review queue.
//   - Welsh with JavaScript off, with the mouse;
//   - English with the keyboard only (every element Tab lands on shows its
//     focus), axe on every page.
// Posts: two by learner@ and one by trainer@ a run (the posting limit for a
// member with few posts is three in ten minutes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';

import { url } from './lib.mjs';
import { assertNoProblems, checkPage, journeyBrowser, load, path, t, tabTo } from './journey-lib.mjs';

const { withPage } = journeyBrowser();

const button = (scope, lang, key) => scope.getByRole('button', { name: t(lang, key), exact: true });
const field = (scope, lang, key) => scope.getByLabel(t(lang, key), { exact: true });

async function signIn(page, lang, email) {
  const password = process.env.DYSGU_DEMO_PASSWORD;
  assert.ok(password, 'DYSGU_DEMO_PASSWORD is set (tests/e2e/run)');
  await page.goto(url(`/${lang}/login`));
  await field(page, lang, 'accounts.fields.email').fill(email);
  await field(page, lang, 'accounts.fields.password').fill(password);
  await load(page, () => button(page.locator('main'), lang, 'accounts.login.submit').click(), 'signing in');
}

test('communities (cy, JavaScript off): start, reply, report, a moderator hides, search, notifications', async () => {
  const lang = 'cy';
  const title = `Profi ffurflenni gyda darllenwyr ${randomBytes(4).toString('hex')}`;
  const reply = `Mae panel ymchwil lleol wedi helpu ${randomBytes(3).toString('hex')}`;
  let threadPath;
  // the learner starts a discussion
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await signIn(page, lang, 'learner@dysgu.example');
    await page.goto(url(`/${lang}/communities/content-design`));
    const main = page.locator('main');
    await field(main, lang, 'communities.fields.title').fill(title);
    await field(main, lang, 'communities.fields.body').fill('Sut ydych chi\'n dod o hyd i **siaradwyr Cymraeg**?');
    await load(page, () => button(main, lang, 'communities.post_thread').click(), 'starting the discussion');
    assert.match(path(page), /^\/cy\/threads\/\d+$/);
    threadPath = path(page);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), title);
    assert.equal(await main.locator('article strong', { hasText: 'siaradwyr Cymraeg' }).count(), 1, 'Markdown rendered');
  });
  // the trainer replies
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await signIn(page, lang, 'trainer@dysgu.example');
    await page.goto(url(threadPath));
    const main = page.locator('main');
    // quoting the first post fills the reply form, without JavaScript
    await load(page, () => main.getByRole('link', { name: t(lang, 'communities.thread.quote'), exact: true }).first().click(), 'quoting');
    const quoted = await field(main, lang, 'communities.fields.body').inputValue();
    assert.match(quoted, /^> Sut ydych chi'n dod o hyd i \*\*siaradwyr Cymraeg\*\*\?\n>\n> — /, 'the post quoted');
    await field(main, lang, 'communities.fields.body').fill(reply);
    await load(page, () => button(main, lang, 'communities.thread.reply').click(), 'replying');
    assert.equal(await main.getByText(reply).count(), 1);
  });
  // the learner sees the reply in the notifications, then reports it
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await signIn(page, lang, 'learner@dysgu.example');
    await page.goto(url(`/${lang}/notifications`));
    const main = page.locator('main');
    await load(page, () => main.getByRole('link', { name: title, exact: true }).first().click(), 'a notification');
    assert.equal(path(page), threadPath);
    const post = main.locator('article', { hasText: reply });
    await field(post, lang, 'communities.thread.report_reason').fill('Nid yw hyn yn berthnasol');
    await load(page, () => button(post, lang, 'communities.thread.report').click(), 'reporting');
  });
  // the moderator hides it from the moderation page
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await signIn(page, lang, 'moderator@dysgu.example');
    await page.goto(url(`/${lang}/moderation`));
    const main = page.locator('main');
    const report = main.locator('article', { hasText: reply });
    assert.equal(await report.count(), 1, 'the report waits for the moderator');
    await field(report, lang, 'communities.moderation.reason').fill('Wedi ei adrodd');
    await load(page, () => button(report, lang, 'communities.moderation.hide').click(), 'hiding');
  });
  // anyone: the reply is a tombstone, and the search finds the discussion by a mutated word
  await withPage({ javaScriptEnabled: false }, async (page) => {
    await page.goto(url(threadPath));
    const main = page.locator('main');
    assert.equal(await main.getByText(reply).count(), 0, 'hidden from readers');
    assert.equal(await main.getByText(t(lang, 'communities.thread.hidden')).count(), 1);
    await page.goto(url(`/${lang}/search/communities`));
    await field(main, lang, 'communities.search.label').fill(`ffurflenni ${title.split(' ').pop()}`);
    await load(page, () => button(main, lang, 'communities.search.button').click(), 'searching');
    assert.equal(await main.getByRole('link', { name: title, exact: true }).count(), 1, 'found by the search');
  });
});

test('communities (en, keyboard only, axe): community, a new discussion, its author\'s page, search, notifications', async () => {
  const lang = 'en';
  const found = [];
  const title = `Plain language in both languages ${randomBytes(4).toString('hex')}`;
  await withPage({}, async (page) => {
    await signIn(page, lang, 'learner@dysgu.example');
    await page.goto(url(`/${lang}/communities`));
    await checkPage(page, 'communities', found);
    const main = page.locator('main');
    await tabTo(page, main.getByRole('link', { name: 'Content design', exact: true }));
    await load(page, () => page.keyboard.press('Enter'), 'opening the community');
    await checkPage(page, 'community', found);
    await tabTo(page, field(main, lang, 'communities.fields.title'));
    await page.keyboard.type(title);
    await tabTo(page, field(main, lang, 'communities.fields.body'));
    await page.keyboard.type('Which checks do you run before publishing?');
    await tabTo(page, button(main, lang, 'communities.post_thread'));
    await load(page, () => page.keyboard.press('Enter'), 'starting the discussion');
    assert.match(path(page), /^\/en\/threads\/\d+$/);
    await checkPage(page, 'thread', found);
    // its author watches it: stop, then watch again (plain forms)
    await tabTo(page, button(main, lang, 'communities.watch.stop'));
    await load(page, () => page.keyboard.press('Enter'), 'stopping watching');
    await tabTo(page, button(main, lang, 'communities.watch.start'));
    await load(page, () => page.keyboard.press('Enter'), 'watching the discussion');
    assert.equal(await button(main, lang, 'communities.watch.stop').count(), 1, 'watching again');
    // edit it: the form holds the text; saved, the post says it was edited
    await tabTo(page, main.getByRole('link', { name: t(lang, 'communities.thread.edit'), exact: true }));
    await load(page, () => page.keyboard.press('Enter'), 'opening the edit form');
    await checkPage(page, 'edit', found);
    await tabTo(page, field(main, lang, 'communities.fields.body'));
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' And after?');
    await tabTo(page, button(main, lang, 'communities.edit.save'));
    await load(page, () => page.keyboard.press('Enter'), 'saving the edit');
    assert.equal(await main.getByText('Which checks do you run before publishing? And after?').count(), 1, 'the new text');
    assert.equal(await main.getByText(/^edited /).count(), 1, 'marked edited');
    // the author's name leads to their page, which lists the discussion
    await tabTo(page, main.locator('article a[href^="/en/people/"]').first());
    await load(page, () => page.keyboard.press('Enter'), 'opening the author\'s page');
    assert.match(path(page), /^\/en\/people\/\d+$/);
    await checkPage(page, 'person', found);
    assert.equal(await main.getByRole('link', { name: title, exact: true }).count(), 1, 'their new discussion listed');
    await page.goto(url(`/${lang}/search/communities`));
    await tabTo(page, field(main, lang, 'communities.search.label'));
    await page.keyboard.type(title.split(' ').pop());
    await load(page, () => page.keyboard.press('Enter'), 'searching');
    assert.equal(await main.getByRole('link', { name: title, exact: true }).count(), 1, 'found by the search');
    await checkPage(page, 'search results', found);
    await page.goto(url(`/${lang}/notifications`));
    await checkPage(page, 'notifications', found);
    await tabTo(page, main.getByRole('link', { name: t(lang, 'communities.watch.link'), exact: true }));
    await load(page, () => page.keyboard.press('Enter'), 'opening the notification settings');
    await checkPage(page, 'notification settings', found);
    assert.equal(await main.getByRole('link', { name: title, exact: true }).count(), 1, 'the watched discussion');
  });
  // the moderator reaches the review queue from the moderation page (the
  // demo members are established: their posts never wait)
  await withPage({}, async (page) => {
    await signIn(page, lang, 'moderator@dysgu.example');
    await page.goto(url(`/${lang}/moderation`));
    const main = page.locator('main');
    await tabTo(page, main.getByRole('link', { name: t(lang, 'communities.review.title'), exact: true }));
    await load(page, () => page.keyboard.press('Enter'), 'opening the review queue');
    assert.equal(path(page), `/${lang}/moderation/review`);
    await checkPage(page, 'review queue', found);
  });
  assertNoProblems(found);
});
