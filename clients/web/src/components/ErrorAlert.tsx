import { Alert } from '@mantine/core';
import { describeError } from '../api/errors';

/** Shows an RPC error as a clear sentence (api/errors.ts). Renders nothing without an error.
 * Every form puts one right above its submit button; every page shows load errors with it. */
export function ErrorAlert({ error, title = 'That did not work' }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      {describeError(error)}
    </Alert>
  );
}
