// The main journeys through the web app, each with people of its own (unique handles), in
// separate browser contexts (each its own storage, so its own session) where several people act.
import { expect, test, type Page } from '@playwright/test';
import { CommunitiesService, Visibility } from '../src/gen/kith/communities/v1/communities_pb';
import { Audience, ContentService } from '../src/gen/kith/content/v1/content_pb';
import { apiSignUp, newPage, signedInPage, reloadUntilVisible, uiLogIn, uiPost, uiSignUp, uniqueHandle, watch } from './support';

/** Open a page and wait for its live channel (LiveService.Subscribe) to answer. */
async function gotoWithLive(page: Page, url: string): Promise<void> {
  const live = page.waitForResponse((r) => /\/kith\.live\.v1\.LiveService\/Subscribe$/.test(r.url()));
  await page.goto(url);
  await live;
}

/** Mark the page's window: expectNotReloaded() checks the mark is still there. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { kithTestMark?: boolean }).kithTestMark = true;
  });
}

async function expectNotReloaded(page: Page): Promise<void> {
  const marked = await page.evaluate(() => (window as unknown as { kithTestMark?: boolean }).kithTestMark === true);
  expect(marked, 'the page was not reloaded').toBe(true);
}

/** The link to the post (its time, "just now") of the post card showing `text`. */
async function postHref(page: Page, text: string): Promise<string> {
  const card = page.getByRole('article').filter({ hasText: text }).first();
  const href = await card.locator('a[href^="/posts/"]').first().getAttribute('href');
  expect(href).toMatch(/^\/posts\/[0-9a-f-]{36}$/);
  return href ?? '';
}

test('sign up, first post, a friend sees it in their feed and a stranger does not', async ({ browser }) => {
  // The longest journey (three people, two sign-ups in the browser, about 50 steps): in a
  // clean-clone run of the whole suite on two cores its steps took 46 s, past the default 45 s,
  // with every step passing. Each step keeps its own 10-s limit.
  test.setTimeout(90_000);
  const stranger = apiSignUp('cy', 'Cy Stranger'); // needed at the end
  const { context: contextA, page: a } = await newPage(browser);
  const { context: contextB, page: b } = await newPage(browser);

  // Both sign up in the browser (at the same time) and land on onboarding.
  const [ana, bo] = await Promise.all([
    uiSignUp(a, 'ana', 'Ana Tester').then(async (me) => {
      await expect(a.getByRole('heading', { level: 1, name: 'Welcome to Kith, Ana Tester' })).toBeVisible();
      return me;
    }),
    uiSignUp(b, 'bo', 'Bo Tester').then(async (me) => {
      await expect(b.getByRole('heading', { level: 1, name: 'Welcome to Kith, Bo Tester' })).toBeVisible();
      return me;
    }),
  ]);

  // Ana asks Bo to be friends from Bo's profile; Bo accepts from Ana's.
  await a.goto(`/people/${bo.userId}`);
  await expect(a.getByRole('heading', { level: 1, name: /Bo Tester/ })).toBeVisible();
  await a.getByRole('button', { name: 'Add friend: Bo Tester' }).click();
  await expect(a.getByRole('button', { name: 'Cancel friend request' })).toBeVisible();

  await b.goto(`/people/${ana.userId}`);
  await expect(b.getByRole('heading', { level: 1, name: /Ana Tester/ })).toBeVisible();
  await b.getByRole('button', { name: 'Accept friend request' }).click();
  await expect(b.getByRole('button', { name: 'Unfriend Ana Tester' })).toBeVisible();

  // Ana's first post, for her friends only: it shows on her home page at once.
  await a.goto('/');
  const text = `My first post, for friends only (${ana.handle})`;
  await uiPost(a, text, 'Friends');
  const card = a.getByRole('article').filter({ hasText: text });
  await expect(card).toBeVisible();
  await expect(card.getByText('Friends', { exact: true })).toBeVisible();
  const href = await postHref(a, text);

  // Bo, her friend, gets it in his home feed.
  await b.goto('/');
  await reloadUntilVisible(b, text);
  await expect(b.getByRole('article').filter({ hasText: text }).getByRole('link', { name: 'Ana Tester' })).toBeVisible();

  // A stranger sees Ana's profile, but not the post: neither on the profile nor at its address.
  const { context: contextC, page: c } = await signedInPage(browser, await stranger);
  await c.goto(`/people/${ana.userId}`);
  await expect(c.getByRole('heading', { level: 1, name: /Ana Tester/ })).toBeVisible();
  await expect(c.getByText('No posts to show.')).toBeVisible();
  await expect(c.getByText(text)).toHaveCount(0);
  await c.goto(href);
  await expect(c.getByRole('heading', { level: 1, name: 'Post' })).toBeVisible();
  await expect(c.getByRole('alert')).toContainText('Not found or not visible to you');
  await expect(c.getByText(text)).toHaveCount(0);

  await Promise.all([contextA.close(), contextB.close(), contextC.close()]);
});

test('two browsers: one follows, the other posts, the first is offered the post live', async ({ browser }) => {
  const [ana, bo] = await Promise.all([apiSignUp('ana', 'Ana Poster'), apiSignUp('bo', 'Bo Follower')]);
  const { context: contextA, page: a } = await signedInPage(browser, ana);
  const { context: contextB, page: b } = await signedInPage(browser, bo);

  // Bo follows Ana from her profile, then goes home through the navigation (no reload: the
  // live channel opened with the page stays open).
  await gotoWithLive(b, `/people/${ana.userId}`);
  await b.getByRole('button', { name: 'Follow Ana Poster' }).click();
  await expect(b.getByRole('button', { name: 'Unfollow Ana Poster' })).toBeVisible();
  await b.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click();
  await expect(b.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  await markPage(b);

  // Ana posts (public) in her browser; Bo's home page offers it without a reload.
  const text = `Hello followers, from the other browser (${ana.handle})`;
  await a.goto('/');
  await uiPost(a, text);
  await expect(a.getByRole('article').filter({ hasText: text })).toBeVisible();
  await b.getByRole('button', { name: 'New posts — show' }).click({ timeout: 20_000 });
  await expect(b.getByRole('article').filter({ hasText: text })).toBeVisible();
  await expectNotReloaded(b);

  await Promise.all([contextA.close(), contextB.close()]);
});

test('two browsers: a message appears in the other one live, without a reload', async ({ browser }) => {
  const [ana, bo] = await Promise.all([apiSignUp('ana', 'Ana Writer'), apiSignUp('bo', 'Bo Reader')]);
  const { context: contextA, page: a } = await signedInPage(browser, ana);
  const { context: contextB, page: b } = await signedInPage(browser, bo);

  // Bo waits on his conversation list.
  await gotoWithLive(b, '/conversations');
  await expect(b.getByRole('heading', { level: 1, name: 'Conversations' })).toBeVisible();
  await markPage(b);

  // Ana opens a conversation with Bo from his profile and writes.
  await a.goto(`/people/${bo.userId}`);
  await a.getByRole('button', { name: 'Message Bo Reader' }).click();
  await expect(a).toHaveURL(/\/conversations\/[0-9a-f-]{36}$/);
  const first = `Hi Bo, are you there? (${ana.handle})`;
  await a.getByRole('textbox', { name: 'Message' }).fill(first);
  await a.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(a.getByRole('list', { name: /^Messages with/ }).getByText(first)).toBeVisible();

  // The conversation shows up in Bo's list by itself; he opens it and reads the message.
  const conversations = b.getByRole('list', { name: 'Conversations' });
  await expect(conversations.getByText(/Ana Writer/).first()).toBeVisible({ timeout: 20_000 });
  await conversations.getByRole('link').filter({ hasText: 'Ana Writer' }).first().click();
  const thread = b.getByRole('list', { name: /^Messages with/ });
  await expect(thread.getByText(first)).toBeVisible();

  // Ana writes again while Bo has the conversation open: it appears there by itself.
  const second = `Lunch tomorrow at noon? (${ana.handle})`;
  await a.getByRole('textbox', { name: 'Message' }).fill(second);
  await a.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(thread.getByText(second)).toBeVisible({ timeout: 20_000 });
  await expectNotReloaded(b);

  await Promise.all([contextA.close(), contextB.close()]);
});

test('a hidden community stays invisible to an outsider: its page, its posts, search', async ({ browser }) => {
  const [owner, outsider] = await Promise.all([apiSignUp('owner', 'Olga Owner'), apiSignUp('outsider', 'Otto Outsider')]);

  // The owner creates a hidden community (only its members know it exists) on the communities
  // page, and posts in it.
  const { context: ownerContext, page: o } = await signedInPage(browser, owner);
  const slug = uniqueHandle('secret').replace(/_/g, '-');
  const name = `Secret garden ${slug}`;
  await o.goto('/communities');
  await o.getByRole('button', { name: 'Create a community' }).click();
  const form = o.getByRole('region', { name: 'Create a community' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Address (slug)').fill(slug);
  await form.getByLabel('Description').fill('Only its members know about it.');
  await form.getByRole('radio', { name: 'Hidden' }).check();
  await form.getByRole('button', { name: 'Create community' }).click();
  await expect(o.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(o).toHaveURL(/\/communities\/[0-9a-f-]{36}$/);
  const communityUrl = new URL(o.url()).pathname;

  const postText = `Members-only news (${slug})`;
  const composer = o.getByRole('region', { name: `Post in ${name}` });
  await composer.getByRole('textbox', { name: `Post in ${name}` }).fill(postText);
  await composer.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(o.getByRole('article').filter({ hasText: postText })).toBeVisible();
  const postUrl = await postHref(o, postText);

  // Its owner finds it by searching (so that the outsider's empty result means something).
  await o.goto(`/communities?q=${encodeURIComponent(name)}`);
  await expect(o.getByRole('article', { name })).toBeVisible();

  // The outsider: its address says not found, with neither its name nor its posts.
  const { context, page } = await signedInPage(browser, outsider);
  await page.goto(communityUrl);
  await expect(page.getByText('Not found or not visible to you.')).toBeVisible();
  await expect(page.getByText(name)).toHaveCount(0);
  await expect(page.getByText(postText)).toHaveCount(0);

  // Absent from the outsider's community search.
  await page.goto('/communities');
  await page.getByRole('textbox', { name: 'Search communities' }).fill(name);
  await page.getByRole('search', { name: 'Communities' }).getByRole('button', { name: 'Search' }).click();
  await expect(page.getByText('No community matches. Try other words.')).toBeVisible();
  // (The results' heading repeats the words searched for: look for the community itself.)
  await expect(page.getByRole('article', { name })).toHaveCount(0);
  await expect(page.getByRole('link', { name })).toHaveCount(0);

  // The post's address: not found.
  await page.goto(postUrl);
  await expect(page.getByRole('alert')).toContainText('Not found or not visible to you');
  await expect(page.getByText(postText)).toHaveCount(0);

  // A private community (anyone may know it exists, members see inside) keeps its posts from
  // the outsider too.
  const { community: club } = await owner.client(CommunitiesService).createCommunity({
    slug: `${slug}-p`,
    name: `Private club ${slug}`,
    visibility: Visibility.PRIVATE,
  });
  const clubText = `Private club news (${slug})`;
  const clubPost = await owner
    .client(ContentService)
    .createPost({ text: clubText, audience: Audience.COMMUNITY, communityId: club?.communityId ?? '' });
  await page.goto(`/communities/${club?.communityId}`);
  await expect(page.getByRole('heading', { level: 1, name: `Private club ${slug}` })).toBeVisible();
  await expect(page.getByText(clubText)).toHaveCount(0);
  await page.goto(`/posts/${clubPost.post?.postId}`);
  await expect(page.getByRole('alert')).toContainText('Not found or not visible to you');
  await expect(page.getByText(clubText)).toHaveCount(0);

  await Promise.all([ownerContext.close(), context.close()]);
});

test('bad input shows a clear message: a bad handle, a wrong password, an empty post', async ({ page }) => {
  watch(page);
  // Sign-up with a bad handle: the alert names the field, and the field is marked invalid.
  await page.goto('/signup');
  await page.getByLabel('Handle').fill('x!');
  await page.getByLabel('Email').fill(`${uniqueHandle('bad')}@example.org`);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Sign up' }).click();
  const signupAlert = page.getByRole('alert');
  await expect(signupAlert).toContainText('Could not create the account');
  await expect(signupAlert).toContainText(/Please check handle: .+/);
  await expect(page.getByLabel('Handle')).toHaveAttribute('aria-invalid', 'true');
  await expect(page).toHaveURL(/\/signup$/);

  // A wrong password.
  const person = await apiSignUp('pat', 'Pat Typo');
  await page.goto('/login');
  await page.getByLabel('Handle or email').fill(person.handle);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not the password at all');
  await page.getByRole('button', { name: 'Log in' }).click();
  const loginAlert = page.getByRole('alert');
  await expect(loginAlert).toContainText('Could not log in');
  await expect(loginAlert).toContainText('Invalid login or password.');
  await expect(page).toHaveURL(/\/login$/);

  // An empty post.
  await uiLogIn(page, person);
  const composer = page.getByRole('region', { name: 'Write a post' });
  await composer.getByRole('button', { name: 'Post', exact: true }).click();
  const postAlert = composer.getByRole('alert');
  await expect(postAlert).toContainText('Could not post');
  await expect(postAlert).toContainText(/Please check text: .+/);
  await expect(composer.getByLabel("What's on your mind?")).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert')).toHaveCount(1);
});
