import { Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';

/** The page's one <h1>, which also names the browser tab ("… · Kith"). Every page starts with it. */
export function PageTitle({ children, title }: { children: ReactNode; title?: string }) {
  const text = title ?? (typeof children === 'string' ? children : '');
  useEffect(() => {
    document.title = text ? `${text} · Kith` : 'Kith';
  }, [text]);
  return (
    <Title order={1} size="h2" mb="md">
      {children}
    </Title>
  );
}
