import { Group, NumberInput, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { User } from '@rapport/contracts';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../app/api-client.ts';
import { useSetCapacity } from '../users.api.ts';
import { AvailabilityDot, availabilityWords } from './availability-switch.tsx';

/**
 * How many open conversations auto-assignment may give this person; saved when the field is left.
 * Protects people from being buried: nobody is assigned work above it.
 */
export function CapacityInput({ user }: { user: User }) {
  const setCapacity = useSetCapacity();
  const [value, setValue] = useState<number | string>(user.capacity);
  // Someone else (another admin, another tab) changed it: show theirs.
  useEffect(() => setValue(user.capacity), [user.capacity]);
  const save = () => {
    if (setCapacity.isPending) return;
    const capacity = typeof value === 'number' ? value : Number.parseInt(value, 10);
    if (!Number.isInteger(capacity) || capacity < 0 || capacity > 500) {
      setValue(user.capacity);
      return;
    }
    if (capacity === user.capacity) return;
    setCapacity.mutate(
      { id: user.id, capacity },
      {
        onSuccess: () =>
          notifications.show({ message: `${user.name} can now be given up to ${capacity} open conversations.` }),
        onError: (error) => {
          setValue(user.capacity);
          notifications.show({
            color: 'red',
            title: `Capacity of ${user.name} not changed`,
            message: errorMessage(error),
          });
        },
      },
    );
  };
  return (
    <NumberInput
      size="xs"
      w={90}
      min={0}
      max={500}
      clampBehavior="strict"
      allowDecimal={false}
      allowNegative={false}
      aria-label={`Capacity of ${user.name}`}
      value={value}
      onChange={setValue}
      onBlur={save}
      onKeyDown={(event) => {
        // Leaving the field saves, once.
        if (event.key === 'Enter') event.currentTarget.blur();
      }}
      disabled={!user.active || setCapacity.isPending}
    />
  );
}

export function AvailabilityLabel({ user }: { user: User }) {
  return (
    <Group gap={6} wrap="nowrap">
      <AvailabilityDot availability={user.availability} size={8} />
      <Text size="xs" c="dimmed">
        {availabilityWords[user.availability].label}
      </Text>
    </Group>
  );
}
