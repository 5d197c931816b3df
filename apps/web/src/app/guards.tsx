import { Button, Center, Paper, Stack, Text, Title } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link, Navigate, Outlet, useLocation } from 'react-router';
import { useMe, useSession } from '../modules/auth/auth.api.ts';
import { PageHeader } from '../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../ui/query-state.tsx';

/** Where /login sends the person back after signing in. */
export type LoginLocationState = { from?: string; reason?: 'session_expired' | null };

/** Renders signed-in routes, or sends the person to /login remembering where they were going. */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();

  if (session.isPending) {
    return (
      <Center mih="100dvh">
        <LoadingBlock label="Opening Rapport…" />
      </Center>
    );
  }
  if (!session.data) {
    return (
      <Center mih="100dvh" p="md">
        <Stack maw={480} w="100%">
          <QueryError error={session.error} onRetry={() => session.refetch()} title="Rapport could not be reached" />
        </Stack>
      </Center>
    );
  }
  if (!session.data.me) {
    const { reason } = session.data;
    const state: LoginLocationState =
      reason === 'signed_out'
        ? {}
        : { from: `${location.pathname}${location.search}${location.hash}`, reason: reason ?? null };
    return <Navigate to="/login" replace state={state} />;
  }
  return <Outlet />;
}

/** Settings are for admins; everyone else gets a polite explanation instead of an error. */
export function RequireAdmin() {
  const me = useMe();
  if (me.user.role === 'admin') return <Outlet />;
  return (
    <>
      <PageHeader title="Settings" />
      <Paper withBorder p="xl" radius="md" maw={560}>
        <Stack align="flex-start" gap="sm">
          <IconLock size={28} aria-hidden color="var(--mantine-color-dimmed)" />
          <Title order={2} fz="h4">
            Only admins can change settings
          </Title>
          <Text c="dimmed">
            Users, teams, inboxes and the audit log of {me.account.name} are managed by its admins. If something here
            needs to change, ask one of them.
          </Text>
          <Button component={Link} to="/inbox" variant="default" mt="xs">
            Back to the inbox
          </Button>
        </Stack>
      </Paper>
    </>
  );
}
