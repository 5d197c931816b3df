import { Avatar, Badge, Group, Menu, Stack, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { roleLabels } from '@rapport/contracts';
import { IconChevronDown, IconKey, IconLogout, IconMoon, IconSun, IconUser } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useLogout, useMe } from '../modules/auth/auth.api.ts';
import { useColorSchemeToggle } from '../ui/color-scheme-toggle.tsx';
import { errorMessage } from './api-client.ts';

/** Name, role, theme, API tokens and sign-out: everything about "me" in one place. */
export function UserMenu() {
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const scheme = useColorSchemeToggle();

  const signOut = () =>
    logout.mutate(undefined, {
      onSuccess: () => navigate('/login', { replace: true }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'Could not sign out', message: errorMessage(error) }),
    });

  return (
    <Menu
      position="bottom-end"
      width={260}
      shadow="md"
      // Inside the header landmark, and without Mantine's focus placeholder (a role-less child of role="menu").
      withinPortal={false}
      withInitialFocusPlaceholder={false}
    >
      <Menu.Target>
        <UnstyledButton aria-label="Account menu" px="xs" py={4} style={{ borderRadius: 'var(--mantine-radius-md)' }}>
          {/* An icon, not initials: visible text in the button would have to be part of its name. */}
          <Group gap={6} wrap="nowrap">
            <Avatar name={me.user.name} color="initials" size={32} radius="xl" aria-hidden>
              <IconUser size={18} />
            </Avatar>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Stack gap={2} px="sm" py="xs">
          <Text size="sm" fw={600} truncate="end">
            {me.user.name}
          </Text>
          <Text size="xs" c="dimmed" truncate="end">
            {me.user.email}
          </Text>
          <Group gap={6} mt={4}>
            <Badge variant="light" size="sm">
              {roleLabels[me.user.role]}
            </Badge>
            <Text size="xs" c="dimmed" truncate="end">
              {me.account.name}
            </Text>
          </Group>
        </Stack>
        <Menu.Divider />
        <Menu.Item
          leftSection={scheme.isDark ? <IconSun size={16} aria-hidden /> : <IconMoon size={16} aria-hidden />}
          onClick={scheme.toggle}
        >
          {scheme.isDark ? 'Light theme' : 'Dark theme'}
        </Menu.Item>
        <Menu.Item component={Link} to="/account/api-tokens" leftSection={<IconKey size={16} aria-hidden />}>
          API tokens
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={signOut} disabled={logout.isPending}>
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
