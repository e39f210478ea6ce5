// The live channel: one LiveService.Subscribe server stream per signed-in tab, kept open for as
// long as someone is signed in. It
// - reconnects after errors and network loss with backoff, resuming from the last cursor it got
//   (`resume_from`), so stored items missed while away are replayed; RESOURCE_EXHAUSTED (too many
//   streams) waits longer; UNAUTHENTICATED refreshes the access token first (transport.ts);
// - on `resync` (what was missed is no longer retained) invalidates the caches it concerns;
// - keeps react-query's caches fresh: the notification list and the navbar's unread count
//   (NotificationItem.unread_count), the conversation list and unread counts, the home feed
//   (marked stale: the home page offers "New posts — show" rather than moving the feed);
// - hands every item to subscribers: useLiveItems('conversation', (item) => ...).
// It closes when the session ends (sign-out, or another person signs in).
import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { create } from '@bufbuild/protobuf';
import { Code, ConnectError } from '@connectrpc/connect';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { live } from './clients';
import { useSession } from './session';
import { refreshAccessToken } from './transport';
import { LiveItemSchema, type LiveItem } from '../gen/kith/live/v1/live_pb';
import { GetUnreadCountResponseSchema } from '../gen/kith/feed/v1/feed_pb';

type Payload = LiveItem['payload'];
/** The payload cases of a LiveItem: 'ready', 'resync', 'conversation', 'typing', 'readReceipt',
 * 'presence', 'notification', 'homeFeed', 'conversationList'. */
export type LiveKind = Exclude<Payload['case'], undefined>;
/** The payload of one kind, e.g. LivePayload<'typing'> is a Typing. */
export type LivePayload<K extends LiveKind> = Extract<Payload, { case: K }>['value'];
type Handler<K extends LiveKind> = (payload: LivePayload<K>, item: LiveItem) => void;

/** 'connecting' until the first Ready; 'open' while the stream runs; 'reconnecting' between
 * attempts after it failed; 'limited' while the server refuses one more stream (too many tabs
 * open: RESOURCE_EXHAUSTED); 'off' when signed out. */
export type LiveStatus = 'off' | 'connecting' | 'open' | 'reconnecting' | 'limited';

class LiveEmitter {
  private handlers = new Map<LiveKind, Set<Handler<LiveKind>>>();

  on<K extends LiveKind>(kind: K, handler: Handler<K>): () => void {
    let set = this.handlers.get(kind);
    if (!set) {
      set = new Set();
      this.handlers.set(kind, set);
    }
    const h = handler as unknown as Handler<LiveKind>;
    set.add(h);
    return () => {
      set.delete(h);
    };
  }

  emit(item: LiveItem): void {
    const { case: kind, value } = item.payload;
    if (!kind) return; // a payload newer than this app: skip it (its cursor still counts)
    for (const handler of this.handlers.get(kind) ?? []) {
      try {
        handler(value, item);
      } catch (err) {
        console.error('live item handler failed', kind, err);
      }
    }
  }
}

interface LiveContextValue {
  emitter: LiveEmitter;
  status: LiveStatus;
}

const LiveContext = createContext<LiveContextValue | null>(null);

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
// Too many streams open (other tabs): theirs may close; try again much later.
const EXHAUSTED_DELAY_MS = 60_000;
// A stream that stayed open this long counts as healthy: the next failure starts backoff over.
const HEALTHY_MS = 30_000;

function jitter(ms: number): number {
  return Math.round(ms * (0.5 + Math.random() * 0.5));
}

/** Sleep for `ms`, or less: coming back online or aborting wakes it up. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener('online', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    window.addEventListener('online', done);
    signal.addEventListener('abort', done);
  });
}

/** What each item changes in react-query's caches (query keys as README.md describes). */
function updateCaches(queryClient: QueryClient, item: LiveItem): void {
  const p = item.payload;
  switch (p.case) {
    case 'notification':
      queryClient.setQueryData(
        ['notifications', 'GetUnreadCount'],
        create(GetUnreadCountResponseSchema, { unread: p.value.unreadCount }),
      );
      void queryClient.invalidateQueries({ queryKey: ['notifications', 'ListNotifications'] });
      break;
    case 'conversation':
      // A conversation that is not on screen reads its messages afresh when it opens again (the
      // open one merges the item into its cache itself).
      void queryClient.invalidateQueries({ queryKey: ['messaging', 'ListMessages', p.value.conversationId], refetchType: 'none' });
      void queryClient.invalidateQueries({ queryKey: ['messaging', 'ListConversations'] });
      void queryClient.invalidateQueries({ queryKey: ['messaging', 'GetUnreadCounts'] });
      void queryClient.invalidateQueries({ queryKey: ['messaging', 'SearchMessages'] });
      break;
    case 'conversationList':
      void queryClient.invalidateQueries({ queryKey: ['messaging', 'ListConversations'] });
      void queryClient.invalidateQueries({ queryKey: ['messaging', 'ListMessageRequests'] });
      void queryClient.invalidateQueries({ queryKey: ['messaging', 'GetUnreadCounts'] });
      void queryClient.invalidateQueries({ queryKey: ['messaging', 'GetConversation', p.value.conversationId] });
      break;
    case 'readReceipt':
      void queryClient.invalidateQueries({ queryKey: ['messaging', 'ListReadReceipts', p.value.conversationId], refetchType: 'none' });
      break;
    case 'homeFeed':
      // Stale, not refetched: the feed must not move under the reader (the home page offers
      // "New posts — show"); it is read afresh the next time the page opens.
      void queryClient.invalidateQueries({ queryKey: ['feed', 'GetHomeFeed'], refetchType: 'none' });
      break;
    case 'resync':
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
      void queryClient.invalidateQueries({ queryKey: ['messaging'] });
      void queryClient.invalidateQueries({ queryKey: ['feed'], refetchType: 'none' });
      break;
    default:
      break;
  }
}

/** Opens the live stream while someone is signed in (mount it inside <SessionProvider>). */
export function LiveProvider({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const userId = user?.userId ?? '';
  const queryClient = useQueryClient();
  const emitter = useMemo(() => new LiveEmitter(), []);
  const [status, setStatus] = useState<LiveStatus>('off');

  useEffect(() => {
    if (!userId) {
      setStatus('off');
      return;
    }
    const session = new AbortController();
    let stream: AbortController | null = null;
    // Back online: the old connection may be dead without knowing it. Start a fresh one (the
    // cursor makes sure nothing is lost).
    const onOnline = () => stream?.abort();
    window.addEventListener('online', onOnline);

    const run = async () => {
      let cursor = '';
      let failures = 0;
      let resyncOnReady = false;
      setStatus('connecting');
      while (!session.signal.aborted) {
        stream = new AbortController();
        const abortStream = () => stream?.abort();
        session.signal.addEventListener('abort', abortStream);
        const openedAt = Date.now();
        let delay = 0;
        let next: LiveStatus = 'reconnecting';
        try {
          for await (const item of live.subscribe({ resumeFrom: cursor }, { signal: stream.signal })) {
            if (item.cursor) cursor = item.cursor;
            if (item.payload.case === 'ready') {
              setStatus('open');
              if (resyncOnReady) {
                resyncOnReady = false;
                const resync = create(LiveItemSchema, {
                  cursor: item.cursor,
                  kind: 'resync',
                  at: item.at,
                  payload: { case: 'resync', value: { reason: 'cursor' } },
                });
                updateCaches(queryClient, resync);
                emitter.emit(resync);
              }
            }
            updateCaches(queryClient, item);
            emitter.emit(item);
          }
          // The server ended the stream without an error: reconnect soon (backing off when it
          // keeps ending early).
          if (Date.now() - openedAt > HEALTHY_MS) failures = 0;
          failures += 1;
          delay = jitter(Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - 1)));
        } catch (err) {
          if (session.signal.aborted) break;
          const error = ConnectError.from(err);
          if (Date.now() - openedAt > HEALTHY_MS) failures = 0;
          failures += 1;
          delay = jitter(Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - 1)));
          if (error.code === Code.Canceled && stream.signal.aborted) {
            delay = 0; // we closed it ourselves (back online): straight back
          } else if (error.code === Code.ResourceExhausted) {
            delay = jitter(EXHAUSTED_DELAY_MS);
            next = 'limited';
          } else if (error.code === Code.Unauthenticated) {
            // The transport retries only unary calls: refresh the token here, then try again.
            const fresh = await refreshAccessToken();
            if (fresh && failures < 3) delay = 0;
          } else if (error.code === Code.InvalidArgument && cursor) {
            // A cursor the server does not know (e.g. the live store was reset): start from now
            // and reload what the app shows.
            cursor = '';
            resyncOnReady = true;
            delay = 0;
          }
        } finally {
          session.signal.removeEventListener('abort', abortStream);
        }
        if (session.signal.aborted) break;
        setStatus(next);
        if (delay > 0 || !navigator.onLine) await pause(navigator.onLine ? delay : MAX_DELAY_MS * 10, session.signal);
      }
    };
    void run();
    return () => {
      window.removeEventListener('online', onOnline);
      session.abort();
      setStatus('off');
    };
  }, [userId, queryClient, emitter]);

  const value = useMemo(() => ({ emitter, status }), [emitter, status]);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

function useLiveContext(): LiveContextValue {
  const value = useContext(LiveContext);
  if (!value) throw new Error('live hooks need <LiveProvider> (main.tsx)');
  return value;
}

/** Calls `handler` for every live item of one kind while the component is mounted. The handler
 * may change between renders (the latest one is called). */
export function useLiveItems<K extends LiveKind>(kind: K, handler: Handler<K>): void {
  const { emitter } = useLiveContext();
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => emitter.on(kind, (payload, item) => ref.current(payload, item)), [emitter, kind]);
}

/** Where the live stream stands (for a "reconnecting…" hint). */
export function useLiveStatus(): LiveStatus {
  return useLiveContext().status;
}
