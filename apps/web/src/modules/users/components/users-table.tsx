import { Avatar, Badge, Button, Group, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type Role, roleLabels, type User } from '@rapport/contracts';
import { errorMessage } from '../../../app/api-client.ts';
import { formatDateTime } from '../../../ui/format.ts';
import { RecordsTable } from '../../../ui/records-table.tsx';
import { useUpdateUser } from '../users.api.ts';
import { AvailabilityLabel, CapacityInput } from './capacity-input.tsx';
import { RoleSelect } from './role-select.tsx';

type UsersTableProps = {
  users: User[];
  currentUserId: string;
  onDeactivate: (user: User) => void;
  onReactivate: (user: User) => void;
};

/** Agents and admins own conversations; advocates and analysts are never assigned any. */
function works(user: User): boolean {
  return user.role === 'agent' || user.role === 'admin';
}

export function UsersTable({ users, currentUserId, onDeactivate, onReactivate }: UsersTableProps) {
  const update = useUpdateUser();

  const changeRole = (user: User, role: Role) => {
    if (role === user.role) return;
    update.mutate(
      { id: user.id, role },
      {
        onSuccess: () => notifications.show({ message: `${user.name} is now ${roleLabels[role].toLowerCase()}.` }),
        onError: (error) =>
          notifications.show({
            color: 'red',
            title: `Could not change the role of ${user.name}`,
            message: errorMessage(error),
          }),
      },
    );
  };

  return (
    <RecordsTable
      caption="Users"
      minWidth={940}
      columns={[
        { label: 'Name' },
        { label: 'Email' },
        { label: 'Role' },
        { label: 'Status' },
        { label: 'Capacity', title: 'How many open conversations auto-assignment may give them' },
        { label: 'Last sign-in' },
        { label: 'Actions', hidden: true },
      ]}
      records={users}
    >
      {(user) => {
        const isSelf = user.id === currentUserId;
        const rolePending = update.isPending && update.variables?.id === user.id;
        return (
          <>
            <Table.Td>
              <Group gap="sm" wrap="nowrap">
                <Avatar name={user.name} color="initials" size={32} radius="xl" />
                <div>
                  <Text size="sm" fw={500}>
                    {user.name}
                  </Text>
                  {works(user) && user.active ? <AvailabilityLabel user={user} /> : null}
                </div>
                {isSelf ? (
                  <Badge variant="outline" size="xs" color="gray">
                    You
                  </Badge>
                ) : null}
              </Group>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{user.email}</Text>
            </Table.Td>
            <Table.Td w={170}>
              <RoleSelect
                aria-label={`Role of ${user.name}`}
                size="xs"
                value={user.role}
                onChange={(role) => changeRole(user, role)}
                disabled={rolePending || !user.active}
                comboboxProps={{ width: 320, position: 'bottom-start' }}
              />
            </Table.Td>
            <Table.Td>
              {user.active ? (
                <Badge variant="light" color="teal">
                  Active
                </Badge>
              ) : (
                <Badge variant="light" color="gray">
                  Deactivated
                </Badge>
              )}
            </Table.Td>
            <Table.Td w={110}>
              {works(user) ? (
                <CapacityInput user={user} />
              ) : (
                <Text size="sm" c="dimmed">
                  Not assigned
                </Text>
              )}
            </Table.Td>
            <Table.Td className="tabular-nums">
              {user.lastSignInAt ? (
                <Text size="sm">{formatDateTime(user.lastSignInAt)}</Text>
              ) : (
                <Text size="sm" c="dimmed">
                  Never
                </Text>
              )}
            </Table.Td>
            <Table.Td ta="right">
              {isSelf ? null : user.active ? (
                <Button variant="subtle" color="red" size="xs" onClick={() => onDeactivate(user)}>
                  Deactivate
                </Button>
              ) : (
                <Button variant="subtle" size="xs" onClick={() => onReactivate(user)}>
                  Reactivate
                </Button>
              )}
            </Table.Td>
          </>
        );
      }}
    </RecordsTable>
  );
}
