import { useCallback, useState } from 'react';
import { Code, ConnectError } from '@connectrpc/connect';

/**
 * A fresh idempotency key (CreatePost, SharePost and AddComment's `idempotency_key`,
 * SendMessage's `client_id`): a random UUID. crypto.randomUUID exists only on secure pages
 * (https, localhost); elsewhere the same version-4 UUID is built from crypto.getRandomValues.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The key of one compose: made when the form starts, sent with every attempt, so that trying
 * again after a timeout gets back what the first attempt made instead of posting twice. `renew`
 * after a success (the next compose is a new post) and after `keyStandsForAnother`.
 */
export function useIdempotencyKey(): { key: string; renew(): void } {
  const [key, setKey] = useState(newIdempotencyKey);
  const renew = useCallback(() => setKey(newIdempotencyKey()), []);
  return { key, renew };
}

/**
 * The server refused the request because its key stands for another one: an earlier attempt,
 * sent before the text was changed, went through after all (or what it made was deleted since).
 * A new key lets the changed text go as a new write.
 */
export function keyStandsForAnother(err: unknown): boolean {
  return (
    err instanceof ConnectError &&
    err.code === Code.FailedPrecondition &&
    /^(idempotency_key|client_id):/.test(err.rawMessage)
  );
}
