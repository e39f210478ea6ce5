import { Text } from '@mantine/core';
import { PageTitle } from './PageTitle';

/** A page that is yet to be built (its area's folder under src/pages/ replaces it). */
export function Placeholder({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <Text>{children ?? 'This page is coming soon.'}</Text>
    </>
  );
}
