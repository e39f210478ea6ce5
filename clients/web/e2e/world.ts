// A small world for the page checks (accessibility, screenshots): a person with a friend, posts
// with comments and reactions, a community they own with a post, a conversation, notifications.
// Made through the API once per worker; the tests get a browser already signed in as that person.
import { test as base, type BrowserContextOptions } from '@playwright/test';
import { CommunitiesService } from '../src/gen/kith/communities/v1/communities_pb';
import { Audience, ContentService, ReactionKind } from '../src/gen/kith/content/v1/content_pb';
import { GraphService } from '../src/gen/kith/graph/v1/graph_pb';
import { IdentityService } from '../src/gen/kith/identity/v1/identity_pb';
import { MessagingService } from '../src/gen/kith/messaging/v1/messaging_pb';
import { apiLogIn, apiSignUp, signedInState, track, uniqueHandle, watch, type Account, type Person } from './support';

export interface World {
  me: Person;
  friend: Person;
  /** A public post of mine, with a comment and a reaction of my friend's. */
  postId: string;
  /** A public community I own, with a post of mine in it. */
  communityId: string;
  communityName: string;
  conversationId: string;
}

type StorageState = Exclude<BrowserContextOptions['storageState'], string | undefined>;

export async function makeWorld(prefix = 'pages'): Promise<World> {
  const [me, friend] = await Promise.all([apiSignUp(`${prefix}_me`, 'Alex Example'), apiSignUp(`${prefix}_fr`, 'Fran Friend')]);
  const slug = uniqueHandle('gardeners').replace(/_/g, '-');
  const communityName = `Balcony gardeners ${slug.slice(-6)}`;
  const [, , mine, { community }, { conversation }] = await Promise.all([
    me.client(IdentityService).updateProfile({
      bio: 'Trying out Kith: gardening, bread and long walks.',
      location: 'Lisbon',
      interests: { topics: ['gardening', 'baking', 'hiking'] },
    }),
    friend
      .client(GraphService)
      .sendFriendRequest({ userId: me.userId })
      .then(() => me.client(GraphService).acceptFriendRequest({ userId: friend.userId }))
      .then(() => me.client(GraphService).follow({ userId: friend.userId }))
      .then(() =>
        Promise.all([
          friend.client(ContentService).createPost({
            text: 'The first tomatoes of the year are in. Anyone want seedlings?',
            audience: Audience.PUBLIC,
          }),
          friend.client(ContentService).createPost({
            text: 'Walk along the river on Saturday, 10:00, friends welcome.',
            audience: Audience.FRIENDS,
          }),
        ]),
      ),
    me.client(ContentService).createPost({
      text: 'Sourdough, attempt number three: finally an open crumb. Recipe in the comments.',
      audience: Audience.PUBLIC,
    }),
    me.client(CommunitiesService).createCommunity({
      slug,
      name: communityName,
      description: 'Growing food in small spaces: balconies, windowsills and shared yards.',
      purpose: 'Share what grows, swap seeds, help each other.',
      topics: ['gardening'],
      rules: ['Be kind.', 'No spam or selling.'],
      welcomeMessage: 'Welcome! Tell us what you grow.',
    }),
    me.client(MessagingService).getOrCreateDirectConversation({ userId: friend.userId }),
  ]);
  const postId = mine.post?.postId ?? '';
  const communityId = community?.communityId ?? '';
  const conversationId = conversation?.conversationId ?? '';
  await Promise.all([
    friend
      .client(ContentService)
      .addComment({ postId, text: 'Looks great! What hydration?' })
      .then((c) =>
        me.client(ContentService).addComment({ postId, parentCommentId: c.comment?.commentId ?? '', text: '75%, and a long cold proof.' }),
      ),
    friend.client(ContentService).react({ postId, kind: ReactionKind.LOVE }),
    friend
      .client(CommunitiesService)
      .joinCommunity({ communityId })
      .then(() =>
        me.client(ContentService).createPost({
          text: 'Seed swap next week: bring what you have too many of.',
          audience: Audience.COMMUNITY,
          communityId,
        }),
      ),
    me
      .client(MessagingService)
      .sendMessage({ conversationId, text: 'Are you coming on Saturday?', clientId: uniqueHandle('m') })
      .then(() => friend.client(MessagingService).sendMessage({ conversationId, text: 'Yes! I will bring coffee.', clientId: uniqueHandle('m') })),
  ]);
  return { me, friend, postId, communityId, communityName, conversationId };
}

// The access token lives 5 minutes and the app refreshes it (once: a refresh token works once)
// shortly before; a session older than this is replaced by a new log-in.
const SESSION_REUSE_MS = 3 * 60_000;

/** Pages with a world of their own (per worker), signed in as its person (its session put in
 * the browser's storage); settle() knows when their requests are done, and page errors are
 * reported. */
export const test = base.extend<{ world: World }, { worldSession: { world: World; session(): Promise<StorageState> } }>({
  page: async ({ page }, use) => {
    watch(page);
    track(page);
    await use(page);
  },
  worldSession: [
    async ({}, use) => {
      const world = await makeWorld();
      let me: { at: number; account: Account } = { at: Date.now(), account: world.me };
      const session = async (): Promise<StorageState> => {
        if (Date.now() - me.at > SESSION_REUSE_MS) me = { at: Date.now(), account: await apiLogIn(world.me.handle) };
        return signedInState(me.account);
      };
      await use({ world, session });
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  world: async ({ worldSession }, use) => use(worldSession.world),
  storageState: async ({ worldSession }, use) => use(await worldSession.session()),
});

export { expect } from '@playwright/test';
