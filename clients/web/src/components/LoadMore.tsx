import { Button, Center } from '@mantine/core';

/** The "Load more" button under a cursor-paged list (a TanStack infinite query); nothing on the last page. */
export function LoadMore({
  query,
  mt,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage(): unknown };
  mt?: string;
}) {
  if (!query.hasNextPage) return null;
  return (
    <Center mt={mt}>
      <Button variant="default" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
        Load more
      </Button>
    </Center>
  );
}
