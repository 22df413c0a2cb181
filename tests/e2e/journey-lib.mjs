// What the journeys (journey.test.mjs) share: the interface's words from
// locales/, the shipped courses, fresh people, the checks on each page (axe,
// no sideways scrolling) and tabTo for keyboard-only steps.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';

import { after, before } from 'node:test';

import { describeViolations, runAxe } from './axe.mjs';
import { launch, newContext } from './lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Buttons, links and labels are found by the words a person sees, taken from
// the same files the server renders them from.
const locales = {
  cy: JSON.parse(await readFile(join(ROOT, 'locales', 'cy.json'), 'utf8')),
  en: JSON.parse(await readFile(join(ROOT, 'locales', 'en.json'), 'utf8')),
};

export function t(lang, key) {
  const v = key.split('.').reduce((o, k) => (o == null ? o : o[k]), locales[lang]);
  if (typeof v !== 'string') {
    throw new Error(`locales/${lang}.json has no string ${key}`);
  }
  return v;
}

// A shipped course (courses/<slug>/course.json): titles and how many lessons.
export async function course(slug) {
  const dir = join(ROOT, 'courses', slug);
  const meta = JSON.parse(await readFile(join(dir, 'course.json'), 'utf8'));
  const lessons = (await readdir(join(dir, 'lessons'))).filter((f) => f.endsWith('.en.md')).length;
  return { slug, title: meta.title, lessons };
}

// A new person for each run: the shared test database keeps every account.
export function newPerson(lang) {
  const tag = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  return {
    // a Welsh name with a circumflex: it must come back as typed on the certificate
    name: lang === 'cy' ? `Siân Prŷs ${tag}` : `Rhodri Hughes ${tag}`,
    email: `e2e-journey-${lang}-${tag}@example.com`,
    password: `taith-${randomBytes(9).toString('base64url')}`,
  };
}

export const path = (page) => new URL(page.url()).pathname;

// Do action (a click or a key press) and wait for the page it loads; the
// final response must be a success. A 429 is the per-address limit on
// sign-ins and registrations (server/auth: 6 sign-ins a minute and 30 an hour,
// 10 registrations an hour, per address: each browser context here is a
// visitor of its own address, see newContext in lib.mjs), said plainly.
export async function load(page, action, what) {
  const [resp] = await Promise.all([page.waitForNavigation(), action()]);
  assert.ok(resp, `${what}: no page loaded`);
  const status = resp.status();
  if (status === 429) {
    assert.fail(`${what}: rate limited (429, Retry-After ${resp.headers()['retry-after']} s) from this visitor's address`);
  }
  assert.ok(status < 400, `${what}: status ${status} at ${path(page)}`);
  return resp;
}

// A new account for who (newPerson) through the register form at
// /{lang}/register: the first organisation, the page's language; ends on the
// "registered" page, signed in.
export async function registerThroughForm(page, lang, who) {
  const field = (key) => page.getByLabel(t(lang, key), { exact: true });
  await page.goto(new URL(`/${lang}/register`, process.env.DYSGU_E2E_BASE_URL).href);
  await field('accounts.fields.name').fill(who.name);
  await field('accounts.fields.email').fill(who.email);
  await field('accounts.fields.organisation').selectOption({ index: 1 });
  await page.getByRole('radio', { name: t(lang, lang === 'cy' ? 'accounts.lang_cy' : 'accounts.lang_en') }).check();
  await field('accounts.fields.password').fill(who.password);
  await load(page, () => page.getByRole('button', { name: t(lang, 'accounts.register.submit'), exact: true }).click(), 'registering');
  await page.getByRole('heading', { name: t(lang, 'accounts.register_done.heading') }).waitFor();
}

// The newest link under kind (a path part such as '/account/verify/') in
// the e-mail to email, as the server delivered it to DYSGU_E2E_MAIL_DIR
// (tests/e2e/run): each message is <outbox id>.eml, the newest the highest
// id. Waits up to 10 s for the mail worker.
export async function mailedLink(email, kind) {
  const dir = process.env.DYSGU_E2E_MAIL_DIR;
  assert.ok(dir, 'DYSGU_E2E_MAIL_DIR is not set: run the journeys with tests/e2e/run');
  const base = process.env.DYSGU_E2E_BASE_URL;
  for (let i = 0; i < 100; i++) {
    let names = [];
    try {
      names = (await readdir(dir)).filter((f) => /^\d+\.eml$/.test(f));
    } catch {
      // no mail sent yet: the folder comes with the first one
    }
    names.sort((a, b) => parseInt(b, 10) - parseInt(a, 10));
    for (const name of names) {
      // quoted-printable: soft line breaks and =XX escapes undone
      const text = (await readFile(join(dir, name), 'utf8'))
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));
      if (!text.includes(`To: ${email}`)) {
        continue;
      }
      const at = text.indexOf(`${base}/`);
      const link = at < 0 ? null : text.slice(at).match(/^\S+/)[0];
      if (link && link.includes(kind)) {
        return link;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`no e-mail to ${email} with a ${kind} link arrived`);
}

// Confirm who's e-mail address as a person does: open the link the
// registration e-mailed and press its button. Until then the account may not
// post in a community or book a webinar (docs/security.md 6.1.x).
export async function confirmEmail(page, lang, who) {
  const link = await mailedLink(who.email, '/account/verify/');
  const resp = await page.goto(link);
  assert.equal(resp.status(), 200, 'the verification link opens its page');
  await load(page, () => page.getByRole('button', { name: t(lang, 'accounts.verify_link.submit'), exact: true }).click(), 'confirming the address');
  await page.getByRole('heading', { name: t(lang, 'accounts.verify_link.done_title') }).waitFor();
}

// --- axe ----------------------------------------------------------------


// The checks every journey page gets that pages.mjs does not list: axe (WCAG
// 2.2 AA) at the width in use, and no sideways scrolling at 375 px. Problems
// are added to found, so a journey goes on and reports them all at its end.
// No found: no check (a journey with JavaScript off cannot run axe).
export async function checkPage(page, name, found) {
  if (!found) {
    return;
  }
  // resultTypes: passes and the rest come back with one node each, which is quicker
  const result = await runAxe(page, { resultTypes: ['violations'] });
  assert.ok(result.passes.length > 5, `axe passed almost no rule on ${name}: is it really checking the page?`);
  if (result.violations.length) {
    found.push(`${name} (${path(page)}): axe\n${describeViolations(result.violations)}`);
  }
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 375, height: viewport.height });
  const [wide, culprits] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    // the innermost elements reaching past the right edge, to say what to fix
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > 375 && ![...e.children].some((k) => k.getBoundingClientRect().right > 375))
      .slice(0, 3)
      .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}"> ${(e.textContent || '').trim().slice(0, 50)}`),
  ]);
  await page.setViewportSize(viewport);
  if (wide > 375) {
    found.push(`${name} (${path(page)}): scrolls sideways at 375px (${wide}px wide): ${culprits.join('; ')}`);
  }
}

export function assertNoProblems(found) {
  assert.equal(found.length, 0, `problems on the journey's pages:\n${found.join('\n')}`);
}

// --- keyboard -------------------------------------------------------------

const MAX_TABS = 80;

// The focused element, whether it shows it has focus (a visible outline:
// style not none, width above 0, not transparent; or a box-shadow), and
// whether it is target.
function focusState(target) {
  const el = document.activeElement;
  if (!el || el === document.body) {
    return null;
  }
  const s = getComputedStyle(el);
  const outline =
    s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !/rgba\(.*,\s*0\)$|transparent/.test(s.outlineColor);
  const name = el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || el.id || '';
  return {
    what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''} "${name.trim().replace(/\s+/g, ' ').slice(0, 50)}"`,
    visible: outline || s.boxShadow !== 'none',
    reached: el === target,
  };
}

// Press Tab (Shift+Tab when back) until target, a locator for one element,
// has focus, checking on the way that every element Tab lands on shows its
// focus; then press key ('Enter', 'Space' or null to only arrive).
export async function tabTo(page, target, { key = null, back = false } = {}) {
  const el = await target.elementHandle({ timeout: 5000 });
  try {
    for (let i = 0; i < MAX_TABS; i++) {
      await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
      const st = await page.evaluate(focusState, el);
      if (!st) {
        continue;
      }
      assert.ok(st.visible, `focus is not visible on ${st.what} (${path(page)})`);
      if (st.reached) {
        if (key) {
          await page.keyboard.press(key);
        }
        return;
      }
    }
  } finally {
    await el.dispose();
  }
  assert.fail(`${MAX_TABS} presses of ${back ? 'Shift+Tab' : 'Tab'} never reached ${target} on ${path(page)}`);
}

// One browser for a spec file: launched before its tests, closed after them.
// withPage(options, fn) runs fn(page, context) in a fresh context (an address of
// its own, lib.mjs), closed whatever happens; context(options) is a bare
// context for a journey of several people at once.
export function journeyBrowser() {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  return {
    context: (options) => newContext(browser, options),
    async withPage(options, fn) {
      const context = await newContext(browser, options);
      try {
        return await fn(await context.newPage(), context);
      } finally {
        await context.close();
      }
    },
  };
}
