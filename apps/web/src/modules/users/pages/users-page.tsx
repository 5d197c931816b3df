import { Button, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { User } from '@rapport/contracts';
import { IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog } from '../../../ui/confirm-dialog.tsx';
import { PageHeader } from '../../../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { useMe } from '../../auth/auth.api.ts';
import { InviteUserModal } from '../components/invite-user-modal.tsx';
import { PendingInvitations } from '../components/pending-invitations.tsx';
import { UsersTable } from '../components/users-table.tsx';
import { useDeactivateUser, useReactivateUser, useUsers } from '../users.api.ts';

type StatusChange = { user: User; action: 'deactivate' | 'reactivate' };

function byStatusThenName(a: User, b: User): number {
  if (a.active !== b.active) return a.active ? -1 : 1;
  return a.name.localeCompare(b.name);
}

export function UsersPage() {
  const me = useMe();
  const users = useUsers();
  const deactivate = useDeactivateUser();
  const reactivate = useReactivateUser();
  const [inviting, setInviting] = useState(false);
  const [change, setChange] = useState<StatusChange | null>(null);

  const mutation = change?.action === 'reactivate' ? reactivate : deactivate;
  const closeChange = () => {
    setChange(null);
    deactivate.reset();
    reactivate.reset();
  };
  const confirmChange = () => {
    if (!change) return;
    const { user, action } = change;
    mutation.mutate(user.id, {
      onSuccess: () => {
        closeChange();
        notifications.show({ message: `${user.name} ${action === 'deactivate' ? 'deactivated' : 'reactivated'}.` });
      },
    });
  };

  return (
    <>
      <PageHeader
        title="Users"
        description={`Everyone who can sign in to ${me.account.name}, and the role that decides what they can do.`}
        actions={
          <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => setInviting(true)}>
            Invite user
          </Button>
        }
      />
      <Stack gap="xl">
        {users.isPending ? <LoadingBlock /> : null}
        {users.isError ? <QueryError error={users.error} onRetry={() => users.refetch()} /> : null}
        {users.data ? (
          <UsersTable
            users={[...users.data].sort(byStatusThenName)}
            currentUserId={me.user.id}
            onDeactivate={(user) => setChange({ user, action: 'deactivate' })}
            onReactivate={(user) => setChange({ user, action: 'reactivate' })}
          />
        ) : null}
        <PendingInvitations />
      </Stack>

      <InviteUserModal opened={inviting} onClose={() => setInviting(false)} />
      <ConfirmDialog
        opened={change !== null}
        title={
          change?.action === 'reactivate' ? `Reactivate ${change.user.name}?` : `Deactivate ${change?.user.name ?? ''}?`
        }
        confirmLabel={change?.action === 'reactivate' ? 'Reactivate' : 'Deactivate'}
        danger={change?.action !== 'reactivate'}
        loading={mutation.isPending}
        error={mutation.error}
        onConfirm={confirmChange}
        onClose={closeChange}
      >
        {change?.action === 'reactivate'
          ? 'They can sign in again, with the same role as before.'
          : 'They are signed out and can no longer sign in. Their history stays, and you can reactivate them later.'}
      </ConfirmDialog>
    </>
  );
}
