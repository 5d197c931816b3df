import { Box, Group, Menu, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type Availability, availabilities } from '@rapport/contracts';
import { IconCheck, IconChevronDown } from '@tabler/icons-react';
import { errorMessage } from '../../../app/api-client.ts';
import { useMe } from '../../auth/auth.api.ts';
import { useSetAvailability } from '../users.api.ts';

export const availabilityWords: Record<Availability, { label: string; hint: string; color: string }> = {
  online: { label: 'Online', hint: 'New conversations come to you, up to your capacity.', color: 'teal' },
  away: { label: 'Away', hint: 'You keep yours; new ones go to others for now.', color: 'yellow' },
  offline: { label: 'Offline', hint: 'Nothing new is assigned to you.', color: 'gray' },
};

export function AvailabilityDot({ availability, size = 10 }: { availability: Availability; size?: number }) {
  const color = availabilityWords[availability].color;
  return (
    <Box
      component="span"
      aria-hidden
      w={size}
      h={size}
      style={{
        borderRadius: '50%',
        flex: 'none',
        display: 'inline-block',
        background:
          availability === 'offline' ? 'transparent' : `var(--mantine-color-${color}-${color === 'teal' ? 6 : 5})`,
        border: `2px solid var(--mantine-color-${color}-${availability === 'offline' ? 6 : color === 'teal' ? 6 : 5})`,
      }}
    />
  );
}

/** The agent's own switch between online, away and offline, with how much of their capacity is in use. */
export function AvailabilitySwitch({ openCount }: { openCount: number | undefined }) {
  const me = useMe();
  const setAvailability = useSetAvailability();
  const current = me.user.availability;
  const capacity = me.user.capacity;
  const load = openCount === undefined ? null : `${openCount} of ${capacity}`;

  const choose = (availability: Availability) => {
    if (availability === current) return;
    setAvailability.mutate(availability, {
      onSuccess: ({ assigned }) =>
        notifications.show({
          message:
            availability === 'online'
              ? assigned > 0
                ? `You are online. ${assigned} waiting ${assigned === 1 ? 'conversation was' : 'conversations were'} given to you.`
                : 'You are online. New conversations will come to you.'
              : `You are ${availabilityWords[availability].label.toLowerCase()}. ${availabilityWords[availability].hint}`,
        }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Availability not changed', message: errorMessage(error) }),
    });
  };

  return (
    <Menu position="bottom-end" width={300} shadow="md" withinPortal={false} withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <UnstyledButton px="sm" py={6} className="header-button" disabled={setAvailability.isPending}>
          <Group gap={8} wrap="nowrap">
            <AvailabilityDot availability={current} />
            <Text span size="sm" fw={500} className="availability-label">
              <span className="visually-hidden">Availability: </span>
              {availabilityWords[current].label}
            </Text>
            {load ? (
              <Text span size="xs" c="dimmed" visibleFrom="md" className="tabular-nums">
                {load}
                <span className="visually-hidden"> open conversations</span>
              </Text>
            ) : null}
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Stack gap={2} px="sm" py="xs">
          <Text size="sm" fw={600}>
            Your availability
          </Text>
          <Text size="xs" c="dimmed">
            {openCount === undefined
              ? `Capacity: ${capacity} open conversations.`
              : `You own ${openCount} open ${openCount === 1 ? 'conversation' : 'conversations'}; your capacity is ${capacity}.`}
          </Text>
        </Stack>
        <Menu.Divider />
        {availabilities.map((availability) => (
          <Menu.Item
            key={availability}
            onClick={() => choose(availability)}
            leftSection={<AvailabilityDot availability={availability} />}
            rightSection={
              availability === current ? (
                <>
                  <IconCheck size={16} aria-hidden />
                  <VisuallyHidden>(current)</VisuallyHidden>
                </>
              ) : null
            }
          >
            <Text size="sm" fw={500}>
              {availabilityWords[availability].label}
            </Text>
            <Text size="xs" c="dimmed">
              {availabilityWords[availability].hint}
            </Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
