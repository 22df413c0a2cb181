// Shared by the specs: the server under test, Debian's Chromium, sign-in.
import { chromium } from 'playwright-core';

export const BASE = process.env.DYSGU_E2E_BASE_URL;
if (!BASE) {
  throw new Error('DYSGU_E2E_BASE_URL is not set: run the specs through tests/e2e/run');
}

export const url = (path) => new URL(path, BASE).href;

// Debian's chromium, never a downloaded browser.
export function launch() {
  return chromium.launch({
    executablePath: process.env.DYSGU_E2E_CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// A fresh browser context. The locale is French so that Accept-Language names
// neither cy nor en: "/" shows the bilingual choice, as for a first visit.
// Each context is a visitor of its own address: tests/e2e/run trusts
// 127.0.0.1 as a proxy, and the context names a private address in
// X-Forwarded-For, as nginx would for people on different networks. The
// per-address sign-in limit then counts each visitor, not the whole suite.
let visitors = 0;
export function newContext(browser, options = {}) {
  visitors += 1;
  const address = `10.${(process.pid >> 8) & 255}.${process.pid & 255}.${visitors & 255}`;
  return browser.newContext({
    locale: 'fr-FR',
    viewport: { width: 1280, height: 900 },
    ...options,
    extraHTTPHeaders: { 'X-Forwarded-For': address, ...options.extraHTTPHeaders },
  });
}

// Go to p.path with no cookies left from an earlier visit (signing in first
// when p.as is set) and check the status. beforeGoto, when given, runs after
// the sign-in and before the page is asked for (to watch only the page).
// Each role signs in through the form once per spec file; later visits put
// its cookies back (sign-in is rate-limited per address, as it should be).
const sessions = new Map(); // role -> the cookies of its signed-in session

export async function visit(page, p, beforeGoto) {
  const context = page.context();
  await context.clearCookies();
  if (p.as) {
    if (sessions.has(p.as)) {
      await context.addCookies(sessions.get(p.as));
    } else {
      await signIn(page, p.as, p.lang ?? 'cy');
      sessions.set(p.as, await context.cookies());
    }
  }
  beforeGoto?.();
  const resp = await page.goto(url(p.path), { waitUntil: 'load' });
  if (!resp) {
    throw new Error(`no response for ${p.path}`);
  }
  if (resp.status() !== p.status) {
    throw new Error(`${p.path}: status ${resp.status()}, expected ${p.status}`);
  }
  return resp;
}

// The hook for pages behind sign-in (accounts, issue 3): sign in as the demo
// account of role through the real form. Until accounts land there is no form.
export async function signIn(page, role, lang) {
  const password = process.env.DYSGU_DEMO_PASSWORD;
  if (!password) {
    throw new Error(`page needs '${role}' signed in but DYSGU_DEMO_PASSWORD is not set`);
  }
  await page.goto(url(`/${lang}/login`));
  await page.fill('input[name=email]', `${role}@dysgu.example`);
  await page.fill('input[name=password]', password);
  const [resp] = await Promise.all([page.waitForNavigation(), page.click('form [type=submit]')]);
  if (!resp || resp.status() >= 400 || new URL(page.url()).pathname.endsWith('/login')) {
    throw new Error(`signing in as ${role} failed: status ${resp?.status()} at ${page.url()}`);
  }
}

// One browser, one context and one page for a whole spec file (opening pages
// is the slow part on two cores); visit() clears cookies between pages.
export async function openPage(options = {}) {
  const browser = await launch();
  const context = await newContext(browser, options);
  const page = await context.newPage();
  return { browser, context, page };
}
