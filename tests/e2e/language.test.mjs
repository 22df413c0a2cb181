// The language journey, with JavaScript on and off: a first visit (no cy/en
// preference) shows the bilingual choice at "/"; choosing Cymraeg lands on
// /cy/ in Welsh; the toggle goes to the same path in English; "/" then sends
// the visitor back to the language they last used.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { launch, newContext, url } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const path = (page) => new URL(page.url()).pathname;

for (const javaScriptEnabled of [true, false]) {
  test(`language journey with JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, async () => {
    const context = await newContext(browser, { javaScriptEnabled });
    const page = await context.newPage();
    try {
      let resp = await page.goto(url('/'));
      assert.equal(resp.status(), 200);
      assert.equal(path(page), '/', 'no preference yet: "/" must not redirect');
      assert.equal(await page.getAttribute('html', 'lang'), 'cy', 'the choice page is Welsh first');
      const cymraeg = page.getByRole('button', { name: 'Cymraeg', exact: true });
      const english = page.getByRole('button', { name: 'English', exact: true });
      assert.equal(await cymraeg.count(), 1);
      assert.equal(await english.count(), 1);

      await Promise.all([page.waitForURL(url('/cy/')), cymraeg.click()]);
      assert.equal(path(page), '/cy/');
      assert.equal(await page.getAttribute('html', 'lang'), 'cy');

      resp = await page.goto(url('/'));
      assert.equal(path(page), '/cy/', '"/" remembers Cymraeg');

      // the toggle keeps the path: from the Welsh courses page to the English one
      await page.goto(url('/cy/courses'));
      const toggle = page.locator('header').getByRole('link', { name: 'English', exact: true });
      assert.equal(await toggle.count(), 1, 'one "English" toggle in the header');
      assert.equal(await toggle.getAttribute('lang'), 'en');
      await Promise.all([page.waitForURL(url('/en/courses')), toggle.click()]);
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      assert.equal(await page.locator('header').getByRole('link', { name: 'Cymraeg', exact: true }).count(), 1);

      resp = await page.goto(url('/'));
      assert.ok(resp.ok());
      assert.equal(path(page), '/en/', '"/" now sends the visitor to English, the language last used');
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
    } finally {
      await context.close();
    }
  });
}

test('a browser asking for Welsh is sent to /cy/ without the choice', async () => {
  const context = await newContext(browser, { locale: 'cy-GB' });
  const page = await context.newPage();
  try {
    await page.goto(url('/'));
    assert.equal(path(page), '/cy/');
  } finally {
    await context.close();
  }
});
