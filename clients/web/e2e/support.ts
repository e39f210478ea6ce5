// Shared helpers of the browser tests: unique people, set up through the API (the generated
// Connect-ES clients, binary Connect protocol, as the app itself talks) or through the UI.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client, type Interceptor } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-web';
import type { DescService } from '@bufbuild/protobuf';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { IdentityService } from '../src/gen/kith/identity/v1/identity_pb';
import type { StoredSession } from '../src/api/tokens';

export const BASE_URL = process.env.KITH_WEB_URL ?? 'http://127.0.0.1:18080';
export const PASSWORD = 'correct horse battery staple';

const here = path.dirname(fileURLToPath(import.meta.url));
/** clients/web/test-results/screenshots: the screenshots the tests leave (gitignored). */
export const SCREENSHOTS = path.resolve(here, '..', 'test-results', 'screenshots');

/** A handle nobody has yet: prefix_ + time + randomness (at most 30 characters). */
export function uniqueHandle(prefix: string): string {
  const stamp = Date.now().toString(36).slice(-6) + randomBytes(3).toString('hex');
  return `${prefix.slice(0, 30 - stamp.length - 1)}_${stamp}`;
}

/** A signed-in person as the API gave it (Login's answer), without the API clients. */
export interface Account {
  userId: string;
  handle: string;
  displayName: string;
  password: string;
  accessToken: string;
  /** Milliseconds since the epoch. */
  accessTokenExpiresAt: number;
  refreshToken: string;
}

export interface Person extends Account {
  /** A client of any public service, as this person (bearer token). */
  client<S extends DescService>(service: S): Client<S>;
}

const anonymous = createConnectTransport({ baseUrl: BASE_URL, useBinaryFormat: true });
export const identityApi = createClient(IdentityService, anonymous);

function as(accessToken: string) {
  const bearer: Interceptor = (next) => (req) => {
    req.header.set('authorization', `Bearer ${accessToken}`);
    return next(req);
  };
  return createConnectTransport({ baseUrl: BASE_URL, useBinaryFormat: true, interceptors: [bearer] });
}

/** Log in through the API (the account must exist). */
export async function apiLogIn(handle: string, password = PASSWORD): Promise<Person> {
  const res = await identityApi.login({ login: handle, password });
  expect(res.secondFactorRequired, `${handle} has no second factor`).toBe(false);
  return person({
    userId: res.user?.userId ?? '',
    handle,
    displayName: res.user?.displayName || handle,
    password,
    accessToken: res.accessToken,
    accessTokenExpiresAt: res.accessTokenExpiresAt ? timestampMs(res.accessTokenExpiresAt) : 0,
    refreshToken: res.refreshToken,
  });
}

/** The API clients of an account (e.g. one passed from the global setup). */
export function person(account: Account): Person {
  const transport = as(account.accessToken);
  return { ...account, client: (service) => createClient(service, transport) };
}

/** A browser storage state signed in as the account, as the app keeps its session after a log-in
 * (src/api/tokens.ts, localStorage "kith.session"): for tests whose subject is not logging in,
 * so that the account's log-in attempts (rate-limited) are not spent on it. */
export function signedInState(account: Account): { cookies: []; origins: { origin: string; localStorage: { name: string; value: string }[] }[] } {
  const session: StoredSession = {
    accessToken: account.accessToken,
    accessTokenExpiresAt: account.accessTokenExpiresAt,
    refreshToken: account.refreshToken,
    user: { userId: account.userId, handle: account.handle, displayName: account.displayName },
  };
  return { cookies: [], origins: [{ origin: new URL(BASE_URL).origin, localStorage: [{ name: 'kith.session', value: JSON.stringify(session) }] }] };
}

/** A new person, signed up and logged in through the API (for the setup of a test). */
export async function apiSignUp(prefix: string, displayName = ''): Promise<Person> {
  const handle = uniqueHandle(prefix);
  await identityApi.register({ handle, email: `${handle}@example.org`, password: PASSWORD, displayName });
  return apiLogIn(handle);
}

/** Sign up through the sign-up page; the app logs in and goes on to onboarding (/welcome). */
export async function uiSignUp(page: Page, prefix: string, displayName: string): Promise<{ handle: string; userId: string }> {
  const handle = uniqueHandle(prefix);
  await page.goto('/signup');
  await page.getByLabel('Handle').fill(handle);
  await page.getByLabel('Email').fill(`${handle}@example.org`);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
  await page.getByLabel('Display name').fill(displayName);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page).toHaveURL(/\/welcome$/);
  return { handle, userId: await myUserId(page) };
}

/** Log in through the log-in page, and wait for the home page. */
export async function uiLogIn(page: Page, who: { handle: string; password?: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Handle or email').fill(who.handle);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(who.password ?? PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
}

/** Say on the test's output when the app fails in the page: an uncaught error, or one of its
 * own files missing (the app rebuilt under the test: `npm run build` replaces dist/). */
export function watch(page: Page): void {
  page.on('pageerror', (err) => console.log(`[page error] ${page.url()}: ${err.message}`));
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (res.status() >= 400 && url.origin === new URL(BASE_URL).origin && !url.pathname.startsWith('/kith.')) {
      console.log(`[page error] ${page.url()}: ${res.status()} for ${url.pathname}`);
    }
  });
}

/** A new browser context (its own storage: its own session) and a page in it. */
export async function newPage(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  watch(page);
  return { context, page };
}

/** A new browser context and page, signed in as the account (its session in the browser's
 * storage: no log-in, for people a test merely sets up). */
export async function signedInPage(browser: Browser, account: Account): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ storageState: signedInState(account) });
  const page = await context.newPage();
  watch(page);
  return { context, page };
}

/** The signed-in user's id, from the navigation's Profile link (/people/<id>). */
export async function myUserId(page: Page): Promise<string> {
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' });
  await expect(link).toHaveAttribute('href', /\/people\/[0-9a-f-]{36}$/);
  const href = (await link.getAttribute('href')) ?? '';
  return href.split('/').pop() ?? '';
}

/** Write a post with the home page's composer, for an audience of the Audience select. */
export async function uiPost(page: Page, text: string, audience?: string): Promise<void> {
  const composer = page.getByRole('region', { name: 'Write a post' });
  await composer.getByLabel("What's on your mind?").fill(text);
  if (audience) {
    await composer.getByRole('combobox', { name: 'Audience' }).click();
    await page.getByRole('option', { name: audience, exact: true }).click();
    await expect(composer.getByRole('combobox', { name: 'Audience' })).toHaveValue(audience);
  }
  await composer.getByRole('button', { name: 'Post', exact: true }).click();
  // The composer empties itself once CreatePost answered.
  await expect(composer.getByLabel("What's on your mind?")).toHaveValue('');
}

/** The feed is built from Kafka events, so a new post reaches other people's home feeds a moment
 * later: reload until `text` shows (or `timeout` passes). */
export async function reloadUntilVisible(page: Page, text: string, timeout = 30_000): Promise<void> {
  const target = page.getByText(text, { exact: true });
  await expect(async () => {
    if (!(await target.isVisible())) {
      await page.reload();
      await expect(target).toBeVisible({ timeout: 2_500 });
    }
  }).toPass({ timeout, intervals: [500, 1_000, 1_500] });
}

// Requests in flight per page (track()); the live channel's stream (LiveService.Subscribe)
// stays open as long as someone is signed in, so it does not count.
const inFlight = new WeakMap<Page, Set<object>>();
const LONG_LIVED = /\/kith\.live\.v1\.LiveService\//;

/** Count the page's requests in flight from now on (settle() waits for them). */
export function track(page: Page): void {
  const pending = new Set<object>();
  inFlight.set(page, pending);
  page.on('request', (r) => {
    if (!LONG_LIVED.test(r.url())) pending.add(r);
  });
  const done = (r: object) => pending.delete(r);
  page.on('requestfinished', done);
  page.on('requestfailed', done);
}

/** Wait for the page's data to settle: no spinner (Mantine Loader) and no request in flight
 * (for a tracked page; otherwise the load event and a moment). */
export async function settle(page: Page): Promise<void> {
  await expect(page.locator('.mantine-Loader-root')).toHaveCount(0);
  const pending = inFlight.get(page);
  if (!pending) {
    await page.waitForLoadState('load');
    await page.waitForTimeout(500);
  } else {
    // Quiet twice in a row, 150 ms apart: a response often sets off the next request.
    await expect
      .poll(async () => {
        if (pending.size) return pending.size;
        await page.waitForTimeout(150);
        return pending.size;
      }, { intervals: [100], timeout: 10_000 })
      .toBe(0);
  }
  await expect(page.locator('.mantine-Loader-root')).toHaveCount(0);
}

/** axe-core's WCAG 2.0/2.1/2.2 A and AA rules over the whole page: each violation, with up to
 * five of the elements at fault. */
export async function axeViolations(page: Page): Promise<string[]> {
  await settle(page);
  // A pointer resting on a control changes its colours (hover): move it out of the way.
  await page.mouse.move(0, 0);
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes
        .slice(0, 5)
        .map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ').trim() ?? ''}`)
        .join('\n    ')}`,
  );
}

/** Save a full-page screenshot under test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await settle(page);
  await page.mouse.move(0, 0);
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage, animations: 'disabled' });
  return file;
}
