// axe-core (WCAG 2.x A and AA) on every page of the app: zero violations. The signed-in pages
// show a small world of their own (world.ts): a friend, posts, a community, a conversation. The
// pages of a group are visited in one browser tab, one after the other as a reader would go
// (in-app navigation, no reload), each a step of the test: a violation on one page fails the
// test but the other pages are still checked, and the run's output has a line per page.
import type { Page } from '@playwright/test';
import { axeViolations } from './support';
import { expect, test, type World } from './world';

interface PageCase {
  name: string;
  path(world: World): string;
  /** The page's <h1> once it has loaded. */
  heading(world: World): string | RegExp;
  /** Something else to wait for, or to do, before checking. */
  ready?(page: Page, world: World): Promise<void>;
}

const groups: Record<string, PageCase[]> = {
  'people and posts': [
    { name: 'welcome', path: () => '/welcome', heading: () => /^Welcome to Kith/ },
    {
      name: 'home',
      path: () => '/',
      heading: () => 'Home',
      ready: async (page) => {
        await expect(page.getByRole('article').first()).toBeVisible();
      },
    },
    {
      name: 'post',
      path: (w) => `/posts/${w.postId}`,
      heading: () => 'Post',
      ready: async (page) => {
        await expect(page.getByText('Looks great! What hydration?')).toBeVisible();
        // The thread open: the reply too.
        await page.getByRole('button', { name: 'Show 1 reply' }).click();
        await expect(page.getByText('75%, and a long cold proof.')).toBeVisible();
      },
    },
    {
      name: 'profile',
      path: (w) => `/people/${w.me.userId}`,
      heading: () => /Alex Example/,
      ready: async (page) => {
        await expect(page.getByRole('article').first()).toBeVisible();
      },
    },
    {
      name: "a friend's profile",
      path: (w) => `/people/@${w.friend.handle}`,
      heading: () => /Fran Friend/,
      ready: async (page) => {
        await expect(page.getByRole('button', { name: /Unfriend/ })).toBeVisible();
      },
    },
    { name: 'notifications', path: () => '/notifications', heading: () => 'Notifications' },
    { name: 'not found', path: () => '/no/such/page', heading: () => 'Page not found' },
    {
      name: 'home on a narrow screen, navigation open',
      path: () => '/',
      heading: () => 'Home',
      ready: async (page) => {
        await page.setViewportSize({ width: 390, height: 844 });
        await page.getByRole('button', { name: 'Toggle navigation' }).click();
        await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' })).toBeVisible();
      },
    },
  ],
  'communities and conversations': [
    { name: 'communities', path: () => '/communities', heading: () => 'Communities' },
    {
      name: 'a community',
      path: (w) => `/communities/${w.communityId}`,
      heading: (w) => w.communityName,
      ready: async (page) => {
        await expect(page.getByText('Seed swap next week')).toBeVisible();
      },
    },
    { name: 'moderation', path: (w) => `/moderation/${w.communityId}`, heading: (w) => `Moderation: ${w.communityName}` },
    { name: 'health', path: (w) => `/health/${w.communityId}`, heading: (w) => `Community health: ${w.communityName}` },
    { name: 'leaderboards', path: (w) => `/leaderboards/${w.communityId}`, heading: (w) => `Leaderboard: ${w.communityName}` },
    { name: 'conversations', path: () => '/conversations', heading: () => 'Conversations' },
    {
      name: 'a conversation',
      path: (w) => `/conversations/${w.conversationId}`,
      heading: () => /Fran Friend/,
      ready: async (page) => {
        await expect(page.getByText('Yes! I will bring coffee.')).toBeVisible();
      },
    },
  ],
};

/** Go to a path inside the app as its own links do (history and a popstate for the router). */
async function navigate(page: Page, path: string): Promise<void> {
  await page.evaluate((to) => {
    window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
}

/** Check each page in turn; a failure is recorded (expect.soft) and the next page still checked. */
async function checkPages(page: Page, world: World, cases: PageCase[]): Promise<void> {
  let reload = true;
  for (const c of cases) {
    await test.step(c.name, async () => {
      try {
        if (reload) await page.goto(c.path(world));
        else await navigate(page, c.path(world));
        await expect(page.getByRole('heading', { level: 1, name: c.heading(world) })).toBeVisible();
        await c.ready?.(page, world);
        const violations = await axeViolations(page);
        console.log(`axe: ${c.name}: ${violations.length ? violations.map((v) => v.split(':')[0]).join(', ') : 'no violations'}`);
        expect.soft(violations, `axe-core violations on ${c.name} (${page.url()})`).toEqual([]);
        reload = false;
      } catch (err) {
        console.log(`axe: ${c.name}: not checked, ${String(err).split('\n')[0]}`);
        expect.soft(String(err), `${c.name} (${c.path(world)}) did not load`).toBe('');
        reload = true; // start the next page afresh
      }
    });
  }
}

for (const [group, cases] of Object.entries(groups)) {
  test(`no axe violations on the signed-in pages: ${group}`, async ({ page, world }) => {
    await checkPages(page, world, cases);
  });
}

test.describe('signed out', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('no axe violations on the signed-out pages', async ({ page, world }) => {
    await checkPages(page, world, [
      { name: 'log in', path: () => '/login', heading: () => 'Log in to Kith' },
      { name: 'sign up', path: () => '/signup', heading: () => 'Create your Kith account' },
      {
        name: 'sign up with an error',
        path: () => '/signup',
        heading: () => 'Create your Kith account',
        ready: async (p) => {
          await p.getByLabel('Handle').fill('x');
          await p.getByRole('button', { name: 'Sign up' }).click();
          await expect(p.getByRole('alert')).toBeVisible();
        },
      },
    ]);
  });
});
