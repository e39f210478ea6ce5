import { Code, ConnectError, createClient, type Interceptor } from '@connectrpc/connect';
import { createConnectTransport } from '@connectrpc/connect-web';
import { timestampMs } from '@bufbuild/protobuf/wkt';
import { IdentityService } from '../gen/kith/identity/v1/identity_pb';
import { loadSession, saveSession } from './tokens';

// The gateway answers the Connect protocol (binary) on the origin that serves this app; in
// development Vite forwards the RPC paths to it (vite.config.ts).
const baseUrl = window.location.origin;

// RPCs that take no access token (the gateway's anonymous methods): never refresh around them.
const ANONYMOUS = new Set([
  'Register',
  'Login',
  'Refresh',
  'ReactivateAccount',
  'CompleteLogin',
  'ConfirmEmail',
  'RequestPasswordReset',
  'ResetPassword',
]);

// Refresh a little before the access token expires, rather than waiting for a refusal.
const EARLY_REFRESH_MS = 15_000;

// A bare transport for Refresh itself (no auth interceptor, so no recursion).
const refreshClient = createClient(
  IdentityService,
  createConnectTransport({ baseUrl, useBinaryFormat: true }),
);

let refreshing: Promise<string | null> | null = null;

async function doRefresh(staleAccessToken: string | undefined): Promise<string | null> {
  const session = loadSession();
  if (!session?.refreshToken) return null;
  // Another tab (or an earlier call) may have refreshed already: use its token. A refresh token
  // works once, and presenting a spent one ends the session, so never refresh twice.
  if (staleAccessToken && session.accessToken !== staleAccessToken) return session.accessToken;
  try {
    const res = await refreshClient.refresh({ refreshToken: session.refreshToken });
    saveSession({
      ...session,
      accessToken: res.accessToken,
      accessTokenExpiresAt: res.accessTokenExpiresAt ? timestampMs(res.accessTokenExpiresAt) : 0,
      refreshToken: res.refreshToken,
    });
    return res.accessToken;
  } catch (err) {
    const code = ConnectError.from(err).code;
    // The session is over (spent or revoked refresh token): sign out. Network trouble is not.
    if (code === Code.Unauthenticated || code === Code.InvalidArgument || code === Code.NotFound) {
      saveSession(null);
    }
    return null;
  }
}

/** Refresh the access token once, however many calls ask at the same time (and across tabs when
 * the browser has Web Locks). Resolves to the new access token, or null when there is none. */
export function refreshAccessToken(staleAccessToken?: string): Promise<string | null> {
  if (!refreshing) {
    const run = (): Promise<string | null> => doRefresh(staleAccessToken);
    const locked: Promise<string | null> =
      typeof navigator !== 'undefined' && navigator.locks
        ? // The DOM typings wrap the callback's promise once more; at run time it is flat.
          (navigator.locks.request('kith-refresh', run) as unknown as Promise<string | null>)
        : run();
    refreshing = locked.finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

const auth: Interceptor = (next) => async (req) => {
  if (ANONYMOUS.has(req.method.name) && req.service.typeName === IdentityService.typeName) {
    return next(req);
  }
  let session = loadSession();
  if (
    session?.refreshToken &&
    session.accessTokenExpiresAt &&
    session.accessTokenExpiresAt - EARLY_REFRESH_MS < Date.now()
  ) {
    await refreshAccessToken(session.accessToken);
    session = loadSession();
  }
  const token = session?.accessToken;
  if (token) req.header.set('authorization', `Bearer ${token}`);
  try {
    return await next(req);
  } catch (err) {
    const error = ConnectError.from(err);
    // Retry once with a fresh token; only unary calls (a stream's request can't be replayed).
    if (error.code !== Code.Unauthenticated || !token || req.stream || !loadSession()?.refreshToken) {
      throw err;
    }
    const fresh = await refreshAccessToken(token);
    if (!fresh) throw err;
    req.header.set('authorization', `Bearer ${fresh}`);
    return next(req);
  }
};

export const transport = createConnectTransport({
  baseUrl,
  useBinaryFormat: true,
  interceptors: [auth],
});
