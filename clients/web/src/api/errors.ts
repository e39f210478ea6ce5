import { Code, ConnectError } from '@connectrpc/connect';

/** The request field an INVALID_ARGUMENT names ("handle: must be 3 to 30 characters" → "handle"),
 * so a form can mark that input too. Undefined for other errors. */
export function errorField(err: unknown): string | undefined {
  if (!(err instanceof ConnectError) || err.code !== Code.InvalidArgument) return undefined;
  const match = /^([a-z_][a-z0-9_.[\]]*):\s/i.exec(err.rawMessage);
  return match?.[1];
}

function humanField(field: string): string {
  return field.replace(/[_.]/g, ' ');
}

function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** A clear, human message for any error an RPC (or the network) throws. Every form and page
 * shows errors through this (components/ErrorAlert). */
export function describeError(err: unknown): string {
  if (!(err instanceof ConnectError)) {
    if (err instanceof Error && /fetch|network/i.test(err.message)) {
      return 'Kith is not reachable right now. Check your connection and try again.';
    }
    return err instanceof Error ? sentence(err.message) : 'Something went wrong.';
  }
  const message = err.rawMessage;
  switch (err.code) {
    case Code.InvalidArgument: {
      const field = errorField(err);
      if (field) {
        const reason = message.slice(message.indexOf(':') + 1).trim();
        return sentence(`Please check ${humanField(field)}: ${reason}`);
      }
      return sentence(message || 'Some of what you entered is not valid');
    }
    case Code.NotFound:
      return message
        ? `Not found or not visible to you (${message}).`
        : 'Not found or not visible to you.';
    case Code.AlreadyExists:
      return sentence(message || 'That already exists');
    case Code.PermissionDenied:
      return sentence(`You are not allowed to do that${message ? `: ${message}` : ''}`);
    case Code.Unauthenticated:
      // Login's "invalid login or password" as it is; an ended session says to sign in again.
      return sentence(message || 'Please sign in again');
    case Code.FailedPrecondition:
      if (/^(idempotency_key|client_id):/.test(message)) {
        // A retry of a write whose first attempt went through after all, before the text changed.
        return 'An earlier attempt of this was sent already (as first written). Send again to send it as it is now.';
      }
      return sentence(message || 'That cannot be done right now');
    case Code.ResourceExhausted:
      return sentence(`Please slow down and try again in a moment${message ? ` (${message})` : ''}`);
    case Code.Unavailable:
      return 'Kith is not reachable right now. Please try again in a moment.';
    case Code.DeadlineExceeded:
      return 'Kith took too long to answer. Please try again.';
    case Code.Unimplemented:
      return 'This is not available on this server.';
    case Code.Canceled:
      return 'The request was cancelled.';
    case Code.Unknown:
      if (/fetch|network|load failed/i.test(message)) {
        return 'Kith is not reachable right now. Check your connection and try again.';
      }
      return sentence(message || 'Something went wrong. Please try again');
    default:
      return sentence(message || 'Something went wrong on our side. Please try again');
  }
}

/** Whether an error means the thing asked for is absent (or hidden from the caller). */
export function isNotFound(err: unknown): boolean {
  return err instanceof ConnectError && err.code === Code.NotFound;
}
