import { useState } from 'react';
import { MultiSelect } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { identity } from '../../api/clients';
import type { Profile } from '../../gen/kith/identity/v1/identity_pb';

interface PeoplePickerProps {
  label: string;
  description?: string;
  value: Profile[];
  onChange(people: Profile[]): void;
  /** People not to offer (the caller, current members). */
  exclude?: string[];
  error?: string;
}

function optionLabel(p: Profile): string {
  return p.displayName && p.displayName !== p.handle ? `${p.displayName} (@${p.handle})` : `@${p.handle}`;
}

/** Pick people by name or handle (IdentityService.SearchPeople as one types). */
export function PeoplePicker({ label, description, value, onChange, exclude = [], error }: PeoplePickerProps) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const results = useQuery({
    queryKey: ['identity', 'SearchPeople', debounced],
    enabled: debounced.length >= 2,
    staleTime: 60_000,
    queryFn: () => identity.searchPeople({ query: debounced, pageSize: 20 }),
    select: (res) => res.people,
  });
  const known = new Map<string, Profile>();
  for (const p of value) known.set(p.userId, p);
  for (const p of results.data ?? []) if (!exclude.includes(p.userId)) known.set(p.userId, p);
  const data = [...known.values()].map((p) => ({ value: p.userId, label: optionLabel(p) }));

  return (
    <MultiSelect
      label={label}
      description={description}
      placeholder={value.length ? undefined : 'Type a name or handle'}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      data={data}
      value={value.map((p) => p.userId)}
      onChange={(ids) => {
        onChange(ids.map((id) => known.get(id)).filter((p): p is Profile => !!p));
        setSearch('');
      }}
      nothingFoundMessage={debounced.length < 2 ? 'Type at least 2 letters' : results.isFetching ? 'Searching…' : 'Nobody found'}
      hidePickedOptions
      clearable
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
