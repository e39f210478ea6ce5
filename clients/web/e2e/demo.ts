// The demo person of `make demo` (handle demo), for richer screenshots. It exists only where
// `make demo` ran, and its log-ins are rate-limited (10, then one a minute, per account): the
// global setup logs in once and hands the session to the workers (KITH_E2E_DEMO); the tests sign
// the browser in with it rather than logging in again.
import { CommunitiesService, Role } from '../src/gen/kith/communities/v1/communities_pb';
import { ContentService, type Post } from '../src/gen/kith/content/v1/content_pb';
import { MessagingService } from '../src/gen/kith/messaging/v1/messaging_pb';
import { apiLogIn, person, type Account, type Person } from './support';

const ENV = 'KITH_E2E_DEMO';

/** Whom the screenshots show, and which of their things. */
export interface Subject {
  who: Person;
  postId: string;
  communityId: string;
  conversationId: string;
}

type Stored = Omit<Subject, 'who'> & { who: Account };

/** The demo person and the richest of its things; null (and why) without a usable demo. */
export async function findDemo(): Promise<{ subject: Subject | null; why: string }> {
  let demo: Person;
  try {
    demo = await apiLogIn('demo', 'kith-demo-password');
  } catch (err) {
    return { subject: null, why: `no demo person to log in as (${String(err)})` };
  }
  const posts = await demo.client(ContentService).listUserPosts({ userId: demo.userId, pageSize: 50 });
  const liveliness = (p: Post) => p.commentCount + p.reactions.reduce((sum, r) => sum + r.count, 0n);
  const post = posts.posts
    .filter((p) => !p.contentWarning && !p.communityId && p.text)
    .sort((a, b) => Number(liveliness(b) - liveliness(a)))[0];
  const mine = await demo.client(CommunitiesService).listMyCommunities({ pageSize: 100 });
  const owned = mine.communities
    .filter((c) => c.viewerRole === Role.OWNER && !c.archivedAt && !c.parentId)
    .sort((a, b) => Number(b.memberCount - a.memberCount))[0];
  const conversations = await demo.client(MessagingService).listConversations({ pageSize: 10 });
  if (!post || !owned || !conversations.conversations.length) {
    return { subject: null, why: 'the demo person lacks a post, a community or a conversation' };
  }
  return {
    subject: { who: demo, postId: post.postId, communityId: owned.communityId, conversationId: conversations.conversations[0].conversationId },
    why: '',
  };
}

/** In the global setup: pass the demo subject on to the workers. */
export function shareDemo(subject: Subject): void {
  const { who, ...things } = subject;
  const account: Account = {
    userId: who.userId,
    handle: who.handle,
    displayName: who.displayName,
    password: who.password,
    accessToken: who.accessToken,
    accessTokenExpiresAt: who.accessTokenExpiresAt,
    refreshToken: who.refreshToken,
  };
  process.env[ENV] = JSON.stringify({ ...things, who: account } satisfies Stored);
}

/** In a worker: the demo subject the global setup found, if any. */
export function sharedDemo(): Subject | null {
  const raw = process.env[ENV];
  if (!raw || raw === '0') return null;
  const stored = JSON.parse(raw) as Stored;
  return { ...stored, who: person(stored.who) };
}
