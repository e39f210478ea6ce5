/** Where to go after signing in: ?next= when it is a path of this app, else home. */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
