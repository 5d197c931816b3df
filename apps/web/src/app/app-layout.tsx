import { AppShell, Badge, Box, Burger, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBriefcase,
  IconChartLine,
  IconHeartHandshake,
  IconHistory,
  IconInbox,
  IconMailbox,
  IconMessageCircleQuestion,
  IconMessageReply,
  IconMoodSmile,
  IconScale,
  IconUsers,
  IconUsersGroup,
  IconWebhook,
} from '@tabler/icons-react';
import type { ComponentType, ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { useMe } from '../modules/auth/auth.api.ts';
import { useMyOpenCommitments } from '../modules/commitments/commitments.api.ts';
import { inboxViews, promisesDueView } from '../modules/conversations/conversation-words.ts';
import { useViewCounts, type ViewCounts } from '../modules/conversations/conversations.api.ts';
import { NotificationsBell } from '../modules/notifications/components/notifications-bell.tsx';
import { useRecoveryTasks } from '../modules/surveys/surveys.api.ts';
import { AvailabilitySwitch } from '../modules/users/components/availability-switch.tsx';
import { Logo } from '../ui/logo.tsx';
import { ConnectionBanner } from './connection-banner.tsx';
import { LiveProvider } from './live-provider.tsx';
import { UserMenu } from './user-menu.tsx';

type NavItem = { to: string; label: string; icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }> };

const settingsItems: NavItem[] = [
  { to: '/settings/users', label: 'Users', icon: IconUsers },
  { to: '/settings/teams', label: 'Teams', icon: IconUsersGroup },
  { to: '/settings/inboxes', label: 'Inboxes', icon: IconMailbox },
  { to: '/settings/saved-replies', label: 'Saved replies', icon: IconMessageReply },
  { to: '/settings/webhooks', label: 'Webhooks', icon: IconWebhook },
  { to: '/settings/follow-up', label: 'Follow-up', icon: IconMessageCircleQuestion },
  { to: '/settings/authority-limits', label: 'Authority limits', icon: IconScale },
  { to: '/settings/audit', label: 'Audit log', icon: IconHistory },
];

function NavHeading({ id, children }: { id: string; children: ReactNode }) {
  return (
    <Text id={id} size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mb={6} style={{ letterSpacing: '0.04em' }}>
      {children}
    </Text>
  );
}

function CountBadge({ count, strong }: { count: number | undefined; strong?: boolean }) {
  if (count === undefined) return <span className="nav-count" />;
  return (
    <Badge
      className="nav-count tabular-nums"
      size="sm"
      variant={strong && count > 0 ? 'filled' : 'light'}
      color={strong && count > 0 ? undefined : 'gray'}
      aria-hidden
    >
      {count}
    </Badge>
  );
}

/** The signed-in frame: header with availability, notifications and the account menu, a left navbar, and the page. */
export function AppLayout() {
  return (
    <LiveProvider>
      <Frame />
    </LiveProvider>
  );
}

function Frame() {
  const me = useMe();
  const location = useLocation();
  const [navOpened, nav] = useDisclosure(false);
  const role = me.user.role;
  const works = role === 'admin' || role === 'agent';
  const counts = useViewCounts(works);
  const promises = useMyOpenCommitments(works);
  const recovery = useRecoveryTasks('open', true, works);
  // The inbox is a workspace of panes that fills the window; other pages are documents.
  const fullBleed = location.pathname === '/inbox' || location.pathname.startsWith('/inbox/');

  const isActive = (to: string) => location.pathname === to || location.pathname.startsWith(`${to}/`);

  const renderItem = (item: NavItem, extra?: { count?: number | undefined; strong?: boolean }) => {
    const active = isActive(item.to);
    const Icon = item.icon;
    const hasCount = extra !== undefined;
    return (
      <NavLink
        key={item.to}
        component={Link}
        to={item.to}
        label={
          <>
            {item.label}
            {/* The badge is hidden from screen readers; they hear the count as part of the link. */}
            {hasCount && extra.count !== undefined ? (
              <span className="visually-hidden">
                {` ${extra.count} ${extra.count === 1 ? 'conversation' : 'conversations'}`}
              </span>
            ) : null}
          </>
        }
        leftSection={<Icon size={18} aria-hidden />}
        rightSection={hasCount ? <CountBadge count={extra.count} strong={extra.strong ?? false} /> : undefined}
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
        navbar={{ width: { base: 220, xl: 250 }, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
        padding={fullBleed ? 0 : { base: 'md', sm: 'xl' }}
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
              <Box
                component={Link}
                to={role === 'advocate' ? '/cases' : '/inbox'}
                aria-label="Rapport home"
                style={{ textDecoration: 'none' }}
              >
                <Logo />
              </Box>
            </Group>
            <Group gap="xs" wrap="nowrap">
              {works ? <AvailabilitySwitch openCount={counts.data?.mine} /> : null}
              {role !== 'analyst' ? <NotificationsBell /> : null}
              <UserMenu />
            </Group>
          </Group>
        </AppShell.Header>

        <AppShell.Navbar id="main-navigation" aria-label="Main navigation" p="sm">
          <AppShell.Section grow component={ScrollArea}>
            {works ? (
              <Box component="section" aria-labelledby="nav-inbox-heading" mb="md">
                <NavHeading id="nav-inbox-heading">Inbox</NavHeading>
                {inboxViews.map((view) =>
                  renderItem(
                    { to: `/inbox/${view.slug}`, label: view.label, icon: view.icon },
                    view.view === 'all'
                      ? undefined
                      : {
                          count: counts.data?.[view.view as keyof ViewCounts],
                          strong: view.view === 'handoffs_for_me',
                        },
                  ),
                )}
                {renderItem(
                  { to: '/promises', label: promisesDueView.label, icon: promisesDueView.icon },
                  {
                    count: promises.data?.length,
                    strong: (promises.data ?? []).some((c) => Date.parse(c.dueAt) - Date.now() < 2 * 3600_000),
                  },
                )}
                {renderItem(
                  { to: '/recovery', label: 'Recovery', icon: IconHeartHandshake },
                  {
                    count: recovery.data?.length,
                    strong: (recovery.data?.length ?? 0) > 0,
                  },
                )}
                {role === 'admin' ? renderItem({ to: '/approvals', label: 'Exceptions', icon: IconScale }) : null}
              </Box>
            ) : null}
            {role === 'advocate' || role === 'analyst' ? (
              <Box mb="md">
                {role === 'advocate'
                  ? renderItem({ to: '/cases', label: 'Cases I raised', icon: IconBriefcase })
                  : renderItem({ to: '/inbox', label: 'Home', icon: IconInbox })}
              </Box>
            ) : null}
            {works || role === 'analyst' ? (
              <Box component="section" aria-labelledby="nav-insights-heading" mb="md">
                <NavHeading id="nav-insights-heading">Insights</NavHeading>
                {works ? renderItem({ to: '/my-quality', label: 'My quality', icon: IconMoodSmile }) : null}
                {role === 'admin' || role === 'analyst'
                  ? renderItem({ to: '/analytics', label: 'Analytics', icon: IconChartLine })
                  : null}
              </Box>
            ) : null}
            {role === 'admin' ? (
              <section aria-labelledby="nav-settings-heading">
                <NavHeading id="nav-settings-heading">Settings</NavHeading>
                {settingsItems.map((item) => renderItem(item))}
              </section>
            ) : null}
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
          <ConnectionBanner />
          {fullBleed ? (
            <Outlet />
          ) : (
            <Box maw={1200} mx="auto">
              <Outlet />
            </Box>
          )}
        </AppShell.Main>
      </AppShell>
    </>
  );
}
