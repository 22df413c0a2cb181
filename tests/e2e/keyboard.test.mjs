// Keyboard only: the first Tab focuses the skip link, Enter moves focus to
// <main>; Tab reaches the language toggle and the navigation; every element
// Tab reaches shows that it has focus (its computed outline, box-shadow or
// background differs from when it has not).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

import { openPage, visit } from './lib.mjs';
import { pages } from './pages.mjs';

let ui;
before(async () => {
  ui = await openPage();
});
after(async () => {
  await ui?.browser.close();
});

const MAX_TABS = 60;

// The focused element's description and the styles that show focus.
function focusState() {
  const el = document.activeElement;
  if (!el || el === document.body) {
    return null;
  }
  const s = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(),
    cls: el.className || '',
    href: el.getAttribute('href'),
    text: (el.textContent || '').trim().slice(0, 40),
    inNav: !!el.closest('nav'),
    inHeader: !!el.closest('header'),
    style: [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor, s.color].join('|'),
  };
}

for (const p of pages().filter((x) => x.status === 200)) {
  test(`keyboard: ${p.id}`, async () => {
    const { page } = ui;
    await visit(page, p);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(focusState);
    assert.ok(first, 'the first Tab focuses something');
    assert.equal(first.href, '#main', `the first Tab focuses the skip link, not ${JSON.stringify(first)}`);
    const box = await page.locator(':focus').boundingBox();
    assert.ok(box && box.width > 0 && box.height > 0 && box.y >= 0, 'the focused skip link is visible');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main', 'Enter on the skip link moves focus to main');

    // walk the Tab order from the top of a fresh load, marking each stop
    // and recording its focused style
    const stops = [];
    await visit(page, p);
    for (let i = 0; i < MAX_TABS; i++) {
      await page.keyboard.press('Tab');
      const st = await page.evaluate((n) => {
        const el = document.activeElement;
        if (!el || el === document.body || el.dataset.e2eStop) {
          return null;
        }
        el.dataset.e2eStop = String(n);
        return true;
      }, i);
      if (!st) {
        break;
      }
      stops.push({ i, focused: await page.evaluate(focusState) });
    }
    assert.ok(stops.length > 1, 'Tab moves through the page');
    if (p.path !== '/') {
      assert.ok(stops.some((s) => s.focused.inHeader && s.focused.cls.includes('header__lang')), 'Tab reaches the language toggle');
      assert.ok(stops.some((s) => s.focused.inNav && s.focused.cls.includes('nav__link')), 'Tab reaches the navigation');
    } else {
      assert.equal(stops.filter((s) => s.focused.tag === 'button').length, 2, 'Tab reaches both language buttons');
    }

    // the same elements without focus must look different
    await page.evaluate(() => document.activeElement.blur());
    const invisible = [];
    for (const s of stops) {
      const plain = await page.evaluate((n) => {
        const el = document.querySelector(`[data-e2e-stop="${n}"]`);
        const c = getComputedStyle(el);
        return [c.outlineStyle, c.outlineWidth, c.outlineColor, c.boxShadow, c.backgroundColor, c.color].join('|');
      }, s.i);
      if (plain === s.focused.style) {
        invisible.push(`${s.focused.tag}.${s.focused.cls} "${s.focused.text}"`);
      }
    }
    assert.deepEqual(invisible, [], `focus is not visible on: ${invisible.join('; ')}`);
  });
}

// Press Tab until the focused element matches want (a predicate run in the
// page on document.activeElement); fails after MAX_TABS presses.
async function tabTo(page, what, want) {
  for (let i = 0; i < MAX_TABS; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(want)) {
      return;
    }
  }
  assert.fail(`Tab never reached ${what}`);
}

test('keyboard only: choose Welsh, then switch to English', async () => {
  const { page } = ui;
  await visit(page, { path: '/', status: 200 });
  await tabTo(page, 'the Cymraeg button', () => document.activeElement.matches('button[value=cy]'));
  await Promise.all([page.waitForURL(/\/cy\/$/), page.keyboard.press('Enter')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'cy');
  await tabTo(page, 'the English toggle', () => document.activeElement.matches('header a[hreflang=en]'));
  await Promise.all([page.waitForURL(/\/en\/$/), page.keyboard.press('Enter')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await tabTo(page, 'the Courses link', () => document.activeElement.matches('nav a[href="/en/courses"]'));
  await Promise.all([page.waitForURL(/\/en\/courses$/), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, '/en/courses');
});
