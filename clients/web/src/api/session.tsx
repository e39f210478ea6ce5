import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { timestampMs, type Timestamp } from '@bufbuild/protobuf/wkt';
import { identity } from './clients';
import { loadSession, onSessionChange, saveSession, type StoredSession, type StoredUser } from './tokens';
import type { User } from '../gen/kith/identity/v1/identity_pb';

export type SessionUser = StoredUser;

/** What Login answers: signed in, or a second factor to give (CompleteLogin). */
export type LoginOutcome = { kind: 'signedIn' } | { kind: 'secondFactor'; challengeToken: string };

interface SessionContextValue {
  /** The signed-in user; null when signed out. */
  user: SessionUser | null;
  login(login: string, password: string): Promise<LoginOutcome>;
  completeLogin(challengeToken: string, code: string): Promise<void>;
  logout(): Promise<void>;
  /** Update the cached display name or handle after a profile change. */
  updateUser(patch: Partial<SessionUser>): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

interface Tokens {
  accessToken: string;
  accessTokenExpiresAt?: Timestamp;
  refreshToken: string;
  user?: User;
}

function store(tokens: Tokens, fallbackLogin: string): void {
  const u = tokens.user;
  saveSession({
    accessToken: tokens.accessToken,
    accessTokenExpiresAt: tokens.accessTokenExpiresAt ? timestampMs(tokens.accessTokenExpiresAt) : 0,
    refreshToken: tokens.refreshToken,
    user: {
      userId: u?.userId ?? '',
      handle: u?.handle ?? fallbackLogin,
      displayName: u?.displayName || u?.handle || fallbackLogin,
    },
  });
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<StoredSession | null>(() => loadSession());
  const queryClient = useQueryClient();

  useEffect(
    () =>
      onSessionChange((next) => {
        setSession((prev) => {
          // A different person (or nobody) now: drop everything cached for the previous one.
          if (prev?.user.userId !== next?.user.userId) queryClient.clear();
          return next;
        });
      }),
    [queryClient],
  );

  const login = useCallback(async (loginName: string, password: string): Promise<LoginOutcome> => {
    const res = await identity.login({ login: loginName, password });
    if (res.secondFactorRequired) return { kind: 'secondFactor', challengeToken: res.challengeToken };
    store(res, loginName);
    return { kind: 'signedIn' };
  }, []);

  const completeLogin = useCallback(async (challengeToken: string, code: string) => {
    const res = await identity.completeLogin({ challengeToken, code });
    store(res, '');
  }, []);

  const logout = useCallback(async () => {
    try {
      await identity.logout({});
    } catch {
      // Signing out locally matters more than telling the server; its token expires anyway.
    }
    saveSession(null);
  }, []);

  const updateUser = useCallback((patch: Partial<SessionUser>) => {
    const current = loadSession();
    if (current) saveSession({ ...current, user: { ...current.user, ...patch } });
  }, []);

  const value = useMemo<SessionContextValue>(
    () => ({ user: session?.user ?? null, login, completeLogin, logout, updateUser }),
    [session, login, completeLogin, logout, updateUser],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** The signed-in user, for pages behind <RequireAuth> (App.tsx), where there always is one. */
export function useMe(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useMe needs a signed-in user (use it under <RequireAuth>)');
  return user;
}
