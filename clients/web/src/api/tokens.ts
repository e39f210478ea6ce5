// The signed-in session as the browser keeps it: tokens and who they belong to, in
// localStorage (so every tab shares one session). The transport and the session context both
// read it from here; nothing else should touch localStorage for auth.

export interface StoredUser {
  userId: string;
  handle: string;
  displayName: string;
}

export interface StoredSession {
  accessToken: string;
  /** Milliseconds since the epoch; 0 when unknown. */
  accessTokenExpiresAt: number;
  refreshToken: string;
  user: StoredUser;
}

const KEY = 'kith.session';

type Listener = (session: StoredSession | null) => void;
const listeners = new Set<Listener>();

export function loadSession(): StoredSession | null {
  try {
    const raw = window.localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as StoredSession;
    if (!parsed.accessToken || !parsed.user?.userId) return null;
    return parsed;
  } catch {
    return null;
  }
}

export function saveSession(session: StoredSession | null): void {
  if (session) window.localStorage.setItem(KEY, JSON.stringify(session));
  else window.localStorage.removeItem(KEY);
  for (const listener of listeners) listener(session);
}

/** Called whenever the session changes: in this tab, or in another one (storage event). */
export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

window.addEventListener('storage', (event) => {
  if (event.key !== KEY && event.key !== null) return;
  const session = loadSession();
  for (const listener of listeners) listener(session);
});
