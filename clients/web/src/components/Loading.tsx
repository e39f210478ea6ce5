import { Center, Loader, VisuallyHidden } from '@mantine/core';

/** A centred spinner announced to screen readers. */
export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <Center py="lg" role="status" aria-live="polite">
      <Loader size="sm" aria-hidden="true" />
      <VisuallyHidden>{label}…</VisuallyHidden>
    </Center>
  );
}
