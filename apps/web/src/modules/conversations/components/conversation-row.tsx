import { Badge, Group, Text } from '@mantine/core';
import type { Conversation } from '@rapport/contracts';
import { IconArrowsExchange, IconFlag } from '@tabler/icons-react';
import { Link } from 'react-router';
import { formatAgo } from '../../../ui/format.ts';
import {
  channelIcons,
  channelLabels,
  customerName,
  priorityColors,
  priorityLabels,
  statusColors,
  statusLabels,
} from '../conversation-words.ts';
import classes from './workspace.module.css';

type ConversationRowProps = {
  conversation: Conversation;
  to: string;
  active: boolean;
  now: number;
  myUserId: string;
};

/** One conversation in a list: who, what, how long ago, and who owns it. Always the same height. */
export function ConversationRow({ conversation, to, active, now, myUserId }: ConversationRowProps) {
  const ChannelIcon = channelIcons[conversation.channel];
  const owner = conversation.owner;
  const urgent = conversation.priority === 'high' || conversation.priority === 'urgent';
  return (
    <li>
      <Link
        to={to}
        className={classes.row}
        data-row-link
        data-id={conversation.id}
        aria-current={active ? 'page' : undefined}
      >
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text size="sm" fw={600} truncate="end">
            {customerName(conversation.customer.name)}
          </Text>
          <Text size="xs" c="dimmed" className="tabular-nums" style={{ flex: 'none' }}>
            <span className="visually-hidden">Last activity </span>
            {formatAgo(conversation.lastMessageAt, now)}
          </Text>
        </Group>
        <Group gap={6} wrap="nowrap" mt={2}>
          <ChannelIcon size={14} aria-hidden style={{ flex: 'none', color: 'var(--mantine-color-dimmed)' }} />
          <span className="visually-hidden">{channelLabels[conversation.channel]}, </span>
          <Text size="sm" truncate="end">
            <Text span c="dimmed" size="sm" className="tabular-nums">
              #{conversation.number}
            </Text>{' '}
            {conversation.subject}
          </Text>
        </Group>
        <Group gap={6} wrap="nowrap" mt={6} style={{ overflow: 'hidden' }}>
          {conversation.status !== 'open' ? (
            <Badge size="xs" variant="light" color={statusColors[conversation.status]} style={{ flex: 'none' }}>
              {statusLabels[conversation.status]}
            </Badge>
          ) : null}
          {urgent ? (
            <Badge size="xs" variant="dot" color={priorityColors[conversation.priority]} style={{ flex: 'none' }}>
              {priorityLabels[conversation.priority]}
            </Badge>
          ) : null}
          {conversation.pendingHandoff ? (
            <Badge
              size="xs"
              variant="light"
              color="indigo"
              leftSection={<IconArrowsExchange size={10} aria-hidden />}
              style={{ flex: 'none' }}
            >
              Handoff waiting
            </Badge>
          ) : null}
          {conversation.abuse ? (
            <Badge
              size="xs"
              variant="light"
              color="red"
              leftSection={<IconFlag size={10} aria-hidden />}
              style={{ flex: 'none' }}
            >
              Flagged
            </Badge>
          ) : null}
          <Text
            size="xs"
            c={owner ? 'dimmed' : 'var(--mantine-color-yellow-light-color)'}
            fw={owner ? 400 : 600}
            truncate="end"
          >
            {owner ? (owner.id === myUserId ? 'Yours' : owner.name) : 'Unowned'}
          </Text>
          {conversation.tags.slice(0, 2).map((tag) => (
            <Badge key={tag} size="xs" variant="outline" color="gray" style={{ flex: 'none', textTransform: 'none' }}>
              {tag}
            </Badge>
          ))}
        </Group>
      </Link>
    </li>
  );
}
