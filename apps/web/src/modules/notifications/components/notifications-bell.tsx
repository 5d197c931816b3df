import {
  ActionIcon,
  Box,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import type { Notification } from '@rapport/contracts';
import { IconBell, IconBellCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { formatAgo } from '../../../ui/format.ts';
import { useNow } from '../../../ui/use-now.ts';
import { useMe } from '../../auth/auth.api.ts';
import { useMarkNotificationsRead, useNotifications } from '../notifications.api.ts';

/** The bell in the header: handoffs asked of you, answers to yours, cases you raised that ended. */
export function NotificationsBell() {
  const me = useMe();
  const list = useNotifications();
  const markRead = useMarkNotificationsRead();
  const navigate = useNavigate();
  const now = useNow(60_000);
  const [opened, setOpened] = useState(false);
  const items = list.data ?? [];
  const unread = items.filter((item) => !item.readAt);
  const label = unread.length === 0 ? 'Notifications' : `Notifications, ${unread.length} unread`;

  const open = (item: Notification) => {
    if (!item.readAt) markRead.mutate([item.id]);
    setOpened(false);
    if (item.conversationId) {
      navigate(
        me.user.role === 'advocate'
          ? `/cases/${encodeURIComponent(item.conversationId)}`
          : `/inbox/all/${encodeURIComponent(item.conversationId)}`,
      );
    }
  };

  return (
    // The indicator wraps the popover, not the button: Popover.Target puts its ARIA attributes on its child.
    <Indicator
      label={unread.length > 9 ? '9+' : unread.length}
      size={16}
      disabled={unread.length === 0}
      offset={6}
      color="red"
    >
      <Popover
        opened={opened}
        onChange={setOpened}
        position="bottom-end"
        width={360}
        shadow="md"
        withinPortal={false}
        trapFocus
      >
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            color="gray"
            size="lg"
            aria-label={label}
            onClick={() => setOpened((value) => !value)}
          >
            <IconBell size={20} aria-hidden />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p={0}>
          <Group justify="space-between" px="md" py="sm">
            <Text fw={600} size="sm" component="h2">
              Notifications
            </Text>
            {unread.length > 0 ? (
              <Button
                size="compact-xs"
                variant="subtle"
                leftSection={<IconBellCheck size={14} aria-hidden />}
                onClick={() => markRead.mutate(unread.map((item) => item.id))}
              >
                Mark all read
              </Button>
            ) : null}
          </Group>
          {items.length === 0 ? (
            <Text size="sm" c="dimmed" px="md" pb="md">
              Nothing yet. Handoffs asked of you and answers to yours show here.
            </Text>
          ) : (
            <ScrollArea.Autosize mah={420}>
              <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
                {items.map((item) => (
                  <Box component="li" key={item.id}>
                    <UnstyledButton
                      onClick={() => open(item)}
                      className="notification-item"
                      data-unread={item.readAt ? undefined : true}
                      w="100%"
                      px="md"
                      py="sm"
                    >
                      <Group gap="sm" wrap="nowrap" align="flex-start">
                        <Box
                          aria-hidden
                          mt={6}
                          w={8}
                          h={8}
                          style={{
                            borderRadius: '50%',
                            flex: 'none',
                            background: item.readAt ? 'transparent' : 'var(--mantine-color-indigo-6)',
                          }}
                        />
                        <Stack gap={2}>
                          <Text size="sm" fw={item.readAt ? 400 : 600}>
                            {item.readAt ? null : <span className="visually-hidden">Unread: </span>}
                            {item.body}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {formatAgo(item.createdAt, now)}
                          </Text>
                        </Stack>
                      </Group>
                    </UnstyledButton>
                  </Box>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          )}
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}
