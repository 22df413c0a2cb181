// Two-step sign-in (issue 23 finding 4), in both languages, axe on every
// page: a new person sets it up from the account page (the QR code is an
// inline SVG, the key is also shown as text), confirms it with a code this
// test computes itself (RFC 6238, HMAC-SHA1 with node:crypto), sees the ten
// recovery codes, signs out, and signs in again: password, then a code. In
// English the code step is done with the keyboard only. Then ten new
// recovery codes, the confirm page (password and a code) before a sensitive
// action, and turning it off with the password and a code. One registration
// and two sign-ins per language, each language from an address of its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { url } from './lib.mjs';
import { assertNoProblems, checkPage, journeyBrowser, load, newPerson, path, registerThroughForm, t, tabTo } from './journey-lib.mjs';

const { context: browserContext } = journeyBrowser();

const SHOTS = process.env.DYSGU_SCREENSHOTS || join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'screenshots');
mkdirSync(SHOTS, { recursive: true });
const shot = (page, name) => page.screenshot({ path: join(SHOTS, `journey-security-${name}.png`), fullPage: true });

const button = (scope, lang, key) => scope.getByRole('button', { name: t(lang, key), exact: true });
const field = (page, lang, key) => page.getByLabel(t(lang, key), { exact: true });

// RFC 4648 base32 (the key as the page shows it, in groups of four) to bytes.
function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/\s+/g, '')) {
    const v = alphabet.indexOf(c);
    assert.ok(v >= 0, `the key has a character that is not base32: ${c}`);
    bits += v.toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) {
    bytes.push(parseInt(bits.slice(i, i + 8), 2));
  }
  return Buffer.from(bytes);
}

// The 6-digit code for key at the time step now/30 + ahead (RFC 6238).
function totp(key, ahead = 0) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + ahead));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}


for (const lang of ['cy', 'en']) {
  test(`two-step sign-in (${lang}): set up with a QR code, recovery codes, sign in with a code`, async () => {
    const context = await browserContext();
    const found = [];
    try {
      const page = await context.newPage();
      const who = newPerson(lang);
      await registerThroughForm(page, lang, who);
      await page.goto(url(`/${lang}/account`));
      const main = page.locator('main');
      await load(page, () => main.getByRole('link', { name: t(lang, 'twofactor.account.link'), exact: true }).click(), 'the two-step link');
      assert.equal(path(page), `/${lang}/account/two-factor`);
      assert.equal(await main.locator('svg[role="img"]').count(), 1, 'the QR code is an inline SVG');
      assert.equal(await main.locator('svg[role="img"]').getAttribute('aria-label'), t(lang, 'twofactor.setup.qr_alt'));
      await checkPage(page, 'two-step set-up', found);
      await shot(page, `setup-${lang}`);
      const key = base32(await main.locator('code.secret').innerText());
      assert.equal(key.length, 20, 'a 160-bit key');
      await field(page, lang, 'twofactor.fields.code').fill(totp(key));
      await load(page, () => button(main, lang, 'twofactor.setup.submit').click(), 'turning it on');
      await page.getByRole('heading', { name: t(lang, 'twofactor.codes.heading') }).waitFor();
      const codes = await main.locator('ol.recovery-codes code').allInnerTexts();
      assert.equal(codes.length, 10);
      assert.ok(codes.every((c) => /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/.test(c)), codes.join(' '));
      await checkPage(page, 'recovery codes', found);
      // sign out, then in: the password alone gives no session
      await load(page, () => button(page, lang, 'common.sign_out').click(), 'signing out');
      await page.goto(url(`/${lang}/login`));
      await field(page, lang, 'accounts.fields.email').fill(who.email);
      await field(page, lang, 'accounts.fields.password').fill(who.password);
      await load(page, () => button(main, lang, 'accounts.login.submit').click(), 'the password');
      assert.equal(path(page), `/${lang}/login/code`);
      assert.equal(await button(page.locator('header'), lang, 'common.sign_out').count(), 0, 'not signed in yet');
      await checkPage(page, 'code form', found);
      await shot(page, `code-${lang}`);
      // the next step's code (the set-up used this step's: a code is good once)
      const code = field(page, lang, 'twofactor.fields.code');
      if (lang === 'en') {
        await tabTo(page, code);
        await page.keyboard.type(totp(key, 1));
        await tabTo(page, button(main, lang, 'twofactor.login.submit'));
        await load(page, () => page.keyboard.press('Enter'), 'the code');
      } else {
        await code.fill(totp(key, 1));
        await load(page, () => button(main, lang, 'twofactor.login.submit').click(), 'the code');
      }
      assert.equal(path(page), `/${lang}/account`, 'signed in, on the account page');
      assert.equal(await button(page.locator('header'), lang, 'common.sign_out').count(), 1, 'signed in');
      await page.goto(url(`/${lang}/account/two-factor`));
      assert.ok(await main.getByText(t(lang, 'twofactor.on.body')).isVisible());
      await checkPage(page, 'two-step on', found);
      // new recovery codes (signed in just now, so no need to confirm first)
      await load(page, () => button(main, lang, 'twofactor.renew.submit').click(), 'new recovery codes');
      await page.getByRole('heading', { name: t(lang, 'twofactor.renew.done_heading') }).waitFor();
      const fresh = await main.locator('ol.recovery-codes code').allInnerTexts();
      assert.equal(fresh.length, 10);
      assert.ok(fresh.every((c) => !codes.includes(c)), 'ten new codes');
      await checkPage(page, 'new recovery codes', found);
      // confirming who you are (before a sensitive action) asks for a code too
      await page.goto(url(`/${lang}/account/confirm?next=%2F${lang}%2Faccount%2Ftwo-factor`));
      assert.equal(await field(page, lang, 'twofactor.fields.code').count(), 1);
      await checkPage(page, 'confirm it is you', found);
      await shot(page, `confirm-${lang}`);
      await field(page, lang, 'reauth.fields.password').fill(who.password);
      await field(page, lang, 'twofactor.fields.code').fill(fresh[1]);
      await load(page, () => button(main, lang, 'reauth.submit').click(), 'confirming');
      assert.equal(path(page), `/${lang}/account/two-factor`);
      // turning it off takes the password and a code (here a recovery code)
      await field(page, lang, 'reauth.fields.password').fill(who.password);
      await field(page, lang, 'twofactor.fields.code').fill(fresh[0]);
      await load(page, () => button(main, lang, 'twofactor.off.submit').click(), 'turning it off');
      assert.equal(path(page), `/${lang}/account`);
      assert.ok(await main.getByText(t(lang, 'accounts.account.saved_twofactor_off')).isVisible());
    } finally {
      await context.close();
    }
    assertNoProblems(found);
  });
}
