// Screenshots of the main pages, into test-results/screenshots/ (the run's artefacts). As the
// demo person of `make demo` when this platform has one (richer pictures; demo.ts), otherwise as
// a person of a small world made here. With KITH_README_SCREENSHOT=1, the home page (1280x800)
// also goes to docs/images/web-home.png, the README's picture.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { sharedDemo, type Subject } from './demo';
import { screenshot, SCREENSHOTS, settle, signedInState, track, watch } from './support';
import { makeWorld } from './world';

const README_IMAGE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'images', 'web-home.png');

/** The demo person's things, or a small world of our own; per worker. */
let subject: Promise<Subject> | null = null;
function getSubject(): Promise<Subject> {
  subject ??= (async () => {
    const demo = sharedDemo();
    if (demo) return demo;
    const world = await makeWorld('shots');
    return { who: world.me, postId: world.postId, communityId: world.communityId, conversationId: world.conversationId };
  })();
  return subject;
}

const groups: Record<string, [string, (s: Subject) => string][]> = {
  'people and posts': [
    ['home', () => '/'],
    ['post', (s) => `/posts/${s.postId}`],
    ['profile', (s) => `/people/${s.who.userId}`],
    ['notifications', () => '/notifications'],
  ],
  'communities and conversations': [
    ['communities', () => '/communities'],
    ['community', (s) => `/communities/${s.communityId}`],
    ['health', (s) => `/health/${s.communityId}`],
    ['conversations', () => '/conversations'],
    ['conversation', (s) => `/conversations/${s.conversationId}`],
  ],
};

for (const [group, pages] of Object.entries(groups)) {
  test(`screenshots of the main pages: ${group}`, async ({ browser }) => {
    test.setTimeout(60_000);
    const s = await getSubject();
    test.info().annotations.push({ type: 'signed in as', description: `@${s.who.handle}` }, { type: 'screenshots', description: SCREENSHOTS });
    const context = await browser.newContext({ storageState: signedInState(s.who), viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    watch(page);
    track(page);
    for (const [name, url] of pages) {
      await test.step(name, async () => {
        await page.goto(url(s));
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await settle(page);
        if (name === 'home') {
          await expect(page.getByRole('article').first()).toBeVisible();
          if (process.env.KITH_README_SCREENSHOT === '1') {
            mkdirSync(path.dirname(README_IMAGE), { recursive: true });
            await page.mouse.move(0, 0);
            await page.screenshot({ path: README_IMAGE, animations: 'disabled' });
          }
        }
        await screenshot(page, name);
      });
    }
    await context.close();
  });
}
