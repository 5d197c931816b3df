import { ActionIcon, Badge, Button, Group, Menu, Text, Title, Tooltip } from '@mantine/core';
import { useClipboard } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { Conversation, ConversationStatus } from '@rapport/contracts';
import {
  IconArrowBackUp,
  IconArrowLeft,
  IconArrowsExchange,
  IconCheck,
  IconDots,
  IconFlag,
  IconHandStop,
  IconLink,
  IconUserCircle,
  IconUserShare,
} from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../app/api-client.ts';
import { useMe } from '../../auth/auth.api.ts';
import {
  channelIcons,
  channelLabels,
  customerName,
  isActiveStatus,
  priorityColors,
  priorityLabels,
  statusColors,
  statusLabels,
  statusMoves,
} from '../conversation-words.ts';
import { useChangeStatus, useClaim } from '../conversations.api.ts';
import { useWorkspaceCommand } from '../workspace-commands.ts';
import { FlagAbusiveDialog, HandoffDialog, ReassignDialog } from './ownership-dialogs.tsx';
import classes from './workspace.module.css';

const moveLabels: Record<ConversationStatus, string> = {
  open: 'Mark as open',
  waiting_on_customer: 'Waiting on the customer',
  waiting_on_us: 'Waiting on us (internal)',
  resolved: 'Resolve',
  closed: 'Close for good',
};

type ConversationHeaderProps = {
  conversation: Conversation;
  backLabel: string;
  onBack: () => void;
  /** Opens the customer profile when it is not shown beside the conversation. */
  onOpenProfile?: (() => void) | undefined;
};

/** The conversation's title, status and owner, and what the person can do about it right now. */
export function ConversationHeader({ conversation, backLabel, onBack, onOpenProfile }: ConversationHeaderProps) {
  const me = useMe();
  const claim = useClaim();
  const changeStatus = useChangeStatus();
  const clipboard = useClipboard();
  const [dialog, setDialog] = useState<'handoff' | 'reassign' | 'flag' | null>(null);
  const ChannelIcon = channelIcons[conversation.channel];
  const isAdmin = me.user.role === 'admin';
  const isOwner = conversation.owner?.id === me.user.id;
  const canAct = isOwner || isAdmin;
  const active = isActiveStatus(conversation.status);
  // Resolve and reopen have their own buttons; the menu offers the other moves.
  const menuMoves = statusMoves[conversation.status].filter(
    (status) => status !== 'resolved' && !(status === 'open' && conversation.status === 'resolved'),
  );

  const move = (status: ConversationStatus) =>
    changeStatus.mutate(
      { id: conversation.id, status },
      {
        onSuccess: () =>
          notifications.show({
            message:
              status === 'resolved'
                ? `Conversation ${conversation.number} resolved.`
                : `Conversation ${conversation.number}: ${statusLabels[status].toLowerCase()}.`,
          }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Status not changed', message: errorMessage(error) }),
      },
    );

  const claimIt = () =>
    claim.mutate(conversation.id, {
      onSuccess: () => notifications.show({ message: `Conversation ${conversation.number} is yours now.` }),
      onError: (error) => notifications.show({ color: 'red', title: 'Not claimed', message: errorMessage(error) }),
    });

  useWorkspaceCommand(conversation.id, true, (command) => {
    if (command !== 'resolve') return;
    if (!active) {
      notifications.show({
        message: `Conversation ${conversation.number} is already ${statusLabels[conversation.status].toLowerCase()}.`,
      });
      return;
    }
    if (!canAct) {
      notifications.show({
        color: 'yellow',
        title: 'Only the owner can resolve it',
        message: conversation.owner
          ? `${conversation.owner.name} owns this conversation. Ask them, or request a handoff.`
          : 'Claim it first, then resolve it.',
      });
      return;
    }
    move('resolved');
  });

  return (
    <div className={classes.paneHeader}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          <ActionIcon
            variant="subtle"
            color="gray"
            hiddenFrom="sm"
            aria-label={`Back to ${backLabel}`}
            onClick={onBack}
          >
            <IconArrowLeft size={18} aria-hidden />
          </ActionIcon>
          <Title order={2} fz="h4" id="conversation-heading" lineClamp={1} tabIndex={-1} style={{ outline: 'none' }}>
            <Text span inherit c="dimmed" className="tabular-nums">
              #{conversation.number}
            </Text>{' '}
            {conversation.subject}
          </Title>
        </Group>
        {onOpenProfile ? (
          <Button
            variant="default"
            size="xs"
            leftSection={<IconUserCircle size={16} aria-hidden />}
            onClick={onOpenProfile}
            style={{ flex: 'none' }}
          >
            Customer
          </Button>
        ) : null}
      </Group>

      <Group justify="space-between" gap="xs" mt={6} wrap="wrap">
        <Group gap={6} wrap="wrap" style={{ minWidth: 0 }}>
          <Text size="sm" fw={500}>
            {customerName(conversation.customer.name)}
          </Text>
          <Group gap={4} wrap="nowrap">
            <ChannelIcon size={14} aria-hidden color="var(--mantine-color-dimmed)" />
            <Text size="xs" c="dimmed">
              {channelLabels[conversation.channel]}
            </Text>
          </Group>
          <Badge size="sm" variant="light" color={statusColors[conversation.status]}>
            {statusLabels[conversation.status]}
          </Badge>
          {conversation.priority !== 'normal' ? (
            <Badge size="sm" variant="dot" color={priorityColors[conversation.priority]}>
              {priorityLabels[conversation.priority]} priority
            </Badge>
          ) : null}
          {conversation.owner ? (
            <Badge size="sm" variant="outline" color="gray" tt="none" fw={500} data-testid="owner">
              Owner: {isOwner ? 'you' : conversation.owner.name}
            </Badge>
          ) : (
            <Badge size="sm" variant="light" color="yellow" tt="none" data-testid="owner">
              Unowned{conversation.team ? ` · ${conversation.team.name}` : ''}
            </Badge>
          )}
          {conversation.raisedBy ? (
            <Badge size="sm" variant="light" color="grape" tt="none" fw={500}>
              Raised by {conversation.raisedBy.name}
            </Badge>
          ) : null}
          {conversation.abuse ? (
            <Tooltip label={conversation.abuse.reason} multiline w={260}>
              <Badge size="sm" variant="light" color="red" leftSection={<IconFlag size={12} aria-hidden />}>
                Flagged as abusive
              </Badge>
            </Tooltip>
          ) : null}
        </Group>

        <Group gap={6} wrap="nowrap">
          {active && !conversation.owner ? (
            <Button
              size="xs"
              leftSection={<IconHandStop size={16} aria-hidden />}
              loading={claim.isPending}
              onClick={claimIt}
            >
              Claim
            </Button>
          ) : null}
          {active && isOwner && !conversation.pendingHandoff ? (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconArrowsExchange size={16} aria-hidden />}
              onClick={() => setDialog('handoff')}
            >
              Hand off
            </Button>
          ) : null}
          {canAct && active ? (
            <Tooltip label="Resolve (e)">
              <Button
                size="xs"
                variant={conversation.owner ? 'filled' : 'default'}
                color="teal.9"
                leftSection={<IconCheck size={16} aria-hidden />}
                loading={changeStatus.isPending && changeStatus.variables?.status === 'resolved'}
                onClick={() => move('resolved')}
              >
                Resolve
              </Button>
            </Tooltip>
          ) : null}
          {canAct && conversation.status === 'resolved' ? (
            <Button
              size="xs"
              variant="default"
              leftSection={<IconArrowBackUp size={16} aria-hidden />}
              onClick={() => move('open')}
            >
              Reopen
            </Button>
          ) : null}
          <Menu position="bottom-end" shadow="md" width={240}>
            <Menu.Target>
              <ActionIcon variant="default" size={30} aria-label="More actions">
                <IconDots size={16} aria-hidden />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              {canAct && menuMoves.length > 0 ? (
                <>
                  <Menu.Label>Status</Menu.Label>
                  {menuMoves.map((status) => (
                    <Menu.Item key={status} onClick={() => move(status)}>
                      {moveLabels[status]}
                    </Menu.Item>
                  ))}
                  <Menu.Divider />
                </>
              ) : null}
              {isAdmin && active ? (
                <Menu.Item leftSection={<IconUserShare size={16} aria-hidden />} onClick={() => setDialog('reassign')}>
                  Reassign…
                </Menu.Item>
              ) : null}
              {canAct && active && !conversation.abuse ? (
                <Menu.Item leftSection={<IconFlag size={16} aria-hidden />} onClick={() => setDialog('flag')}>
                  Flag as abusive…
                </Menu.Item>
              ) : null}
              <Menu.Item
                leftSection={<IconLink size={16} aria-hidden />}
                onClick={() => {
                  clipboard.copy(`${window.location.origin}/inbox/all/${conversation.id}`);
                  notifications.show({ message: 'Link copied.' });
                }}
              >
                Copy link
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>

      <HandoffDialog conversation={conversation} opened={dialog === 'handoff'} onClose={() => setDialog(null)} />
      <ReassignDialog conversation={conversation} opened={dialog === 'reassign'} onClose={() => setDialog(null)} />
      <FlagAbusiveDialog conversation={conversation} opened={dialog === 'flag'} onClose={() => setDialog(null)} />
    </div>
  );
}
