import { Group, Select, type SelectProps, Text } from '@mantine/core';
import type { User } from '@rapport/contracts';
import { AvailabilityDot, availabilityWords } from '../../users/components/availability-switch.tsx';

type PersonSelectProps = Omit<SelectProps, 'data' | 'renderOption' | 'onChange'> & {
  people: User[];
  onChange: (userId: string | null) => void;
};

/** Picks a colleague who can own conversations, showing whether they are available and their capacity. */
export function PersonSelect({ people, onChange, ...props }: PersonSelectProps) {
  const byId = new Map(people.map((person) => [person.id, person]));
  const order = { online: 0, away: 1, offline: 2 } as const;
  const data = [...people]
    .sort((a, b) => order[a.availability] - order[b.availability] || a.name.localeCompare(b.name))
    .map((person) => ({ value: person.id, label: person.name }));
  return (
    <Select
      data={data}
      searchable
      nothingFoundMessage="Nobody matches"
      onChange={onChange}
      renderOption={({ option }) => {
        const person = byId.get(option.value);
        if (!person) return option.label;
        return (
          <Group gap="sm" wrap="nowrap" w="100%">
            <AvailabilityDot availability={person.availability} />
            <div style={{ flex: 1, minWidth: 0 }}>
              <Text size="sm" truncate="end">
                {person.name}
              </Text>
              <Text size="xs" c="dimmed">
                {availabilityWords[person.availability].label} · capacity {person.capacity}
              </Text>
            </div>
          </Group>
        );
      }}
      {...props}
    />
  );
}

/** People who can own conversations: active agents and admins. */
export function ownersAmong(users: User[] | undefined, exceptIds: (string | undefined)[] = []): User[] {
  return (users ?? []).filter(
    (user) => user.active && (user.role === 'agent' || user.role === 'admin') && !exceptIds.includes(user.id),
  );
}
