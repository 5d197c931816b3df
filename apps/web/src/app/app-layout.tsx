import { AppShell, Box, Burger, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconHistory, IconInbox, IconMailbox, IconUsers, IconUsersGroup } from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useMe } from '../modules/auth/auth.api.ts';
import { Logo } from '../ui/logo.tsx';
import { UserMenu } from './user-menu.tsx';

type NavItem = { to: string; label: string; icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }> };

const workItems: NavItem[] = [{ to: '/inbox', label: 'Inbox', icon: IconInbox }];
const settingsItems: NavItem[] = [
  { to: '/settings/users', label: 'Users', icon: IconUsers },
  { to: '/settings/teams', label: 'Teams', icon: IconUsersGroup },
  { to: '/settings/inboxes', label: 'Inboxes', icon: IconMailbox },
  { to: '/settings/audit', label: 'Audit log', icon: IconHistory },
];

/** The signed-in frame: header with the account menu, a left navbar, and the page. */
export function AppLayout() {
  const me = useMe();
  const location = useLocation();
  const [navOpened, nav] = useDisclosure(false);

  const renderItem = (item: NavItem) => {
    const active = location.pathname === item.to || location.pathname.startsWith(`${item.to}/`);
    const Icon = item.icon;
    return (
      <NavLink
        key={item.to}
        component={Link}
        to={item.to}
        label={item.label}
        leftSection={<Icon size={18} aria-hidden />}
        active={active}
        aria-current={active ? 'page' : undefined}
        onClick={nav.close}
        styles={{ root: { borderRadius: 'var(--mantine-radius-md)' } }}
      />
    );
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <AppShell
        header={{ height: 56 }}
        navbar={{ width: { base: 240, lg: 260 }, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
        padding={{ base: 'md', sm: 'xl' }}
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={navOpened}
                onClick={nav.toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={navOpened ? 'Close navigation' : 'Open navigation'}
                aria-expanded={navOpened}
                aria-controls="main-navigation"
              />
              <Box component={Link} to="/inbox" aria-label="Rapport home" style={{ textDecoration: 'none' }}>
                <Logo />
              </Box>
            </Group>
            <UserMenu />
          </Group>
        </AppShell.Header>

        <AppShell.Navbar id="main-navigation" aria-label="Main navigation" p="sm">
          <AppShell.Section grow component={ScrollArea}>
            <Box mb="md">{workItems.map(renderItem)}</Box>
            {me.user.role === 'admin' ? (
              <section aria-labelledby="nav-settings-heading">
                <Text
                  id="nav-settings-heading"
                  size="xs"
                  fw={700}
                  c="dimmed"
                  tt="uppercase"
                  px="sm"
                  mb={6}
                  style={{ letterSpacing: '0.04em' }}
                >
                  Settings
                </Text>
                {settingsItems.map(renderItem)}
              </section>
            ) : null}
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
          <Box maw={1200} mx="auto">
            <Outlet />
          </Box>
        </AppShell.Main>
      </AppShell>
    </>
  );
}
