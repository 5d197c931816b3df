import { Button, Group, Loader, Text } from '@mantine/core';
import type { Conversation, Handoff, Message, OwnershipEvent, PriorityChange } from '@rapport/contracts';
import {
  IconArrowDown,
  IconArrowsExchange,
  IconFlame,
  IconHandStop,
  IconLock,
  IconRobot,
  IconUserCheck,
  IconUserShare,
  IconUsersGroup,
  IconX,
} from '@tabler/icons-react';
import { type ReactNode, useLayoutEffect, useRef, useState } from 'react';
import { formatDay, formatTime } from '../../../ui/format.ts';
import { QueryError } from '../../../ui/query-state.tsx';
import { useNow } from '../../../ui/use-now.ts';
import { AttachmentList } from '../../attachments/components/attachment-list.tsx';
import { DeliveryState } from '../../channels/components/delivery-state.tsx';
import { EmailExtras } from '../../channels/components/email-extras.tsx';
import { channelPhrases, customerName } from '../conversation-words.ts';
import { useHandoffs, useMessages, useOwnershipHistory, usePriorityChanges } from '../conversations.api.ts';
import classes from './workspace.module.css';

type Item =
  | { type: 'message'; at: string; order: 2; message: Message }
  | { type: 'ownership'; at: string; order: 1; event: OwnershipEvent }
  | { type: 'priority'; at: string; order: 3; change: PriorityChange }
  | { type: 'handoff'; at: string; order: 0; handoff: Handoff; phase: 'requested' | 'declined' | 'cancelled' };

/** One story per conversation: what the customer said, what we answered, notes, and every change of hands. */
export function buildTimeline(
  messages: Message[],
  ownership: OwnershipEvent[],
  handoffs: Handoff[],
  priorityChanges: PriorityChange[] = [],
): Item[] {
  const items: Item[] = [
    ...messages.map((message): Item => ({ type: 'message', at: message.createdAt, order: 2, message })),
    ...ownership.map((event): Item => ({ type: 'ownership', at: event.createdAt, order: 1, event })),
    // Right after the customer message that caused it.
    ...priorityChanges.map((change): Item => ({ type: 'priority', at: change.createdAt, order: 3, change })),
  ];
  for (const handoff of handoffs) {
    items.push({ type: 'handoff', at: handoff.createdAt, order: 0, handoff, phase: 'requested' });
    // An accepted handoff shows as the ownership change it caused.
    if ((handoff.status === 'declined' || handoff.status === 'cancelled') && handoff.answeredAt) {
      items.push({ type: 'handoff', at: handoff.answeredAt, order: 0, handoff, phase: handoff.status });
    }
  }
  return items.sort((a, b) => a.at.localeCompare(b.at) || a.order - b.order);
}

function itemKey(item: Item): string {
  if (item.type === 'message') return `m-${item.message.id}`;
  if (item.type === 'ownership') return `o-${item.event.id}`;
  if (item.type === 'priority') return `p-${item.change.id}`;
  return `h-${item.handoff.id}-${item.phase}`;
}

function Time({ at }: { at: string }) {
  return (
    <time dateTime={at} className="tabular-nums">
      {formatTime(at)}
    </time>
  );
}

function MessageItem({ message, conversation }: { message: Message; conversation: Conversation }) {
  const automatic = message.authorType === 'system' || message.authorType === 'assistant';
  const kind =
    message.direction === 'note'
      ? 'note'
      : message.direction === 'inbound'
        ? 'inbound'
        : automatic
          ? 'automatic'
          : 'outbound';
  const who =
    message.direction === 'inbound'
      ? customerName(message.author?.name ?? conversation.customer.name)
      : message.authorType === 'system'
        ? 'Rapport'
        : message.authorType === 'assistant'
          ? 'Assistant'
          : (message.author?.name ?? 'Someone');
  const what =
    kind === 'note'
      ? 'Internal note'
      : kind === 'inbound'
        ? `Wrote ${channelPhrases[message.channel]}`
        : kind === 'automatic'
          ? `Sent automatically ${channelPhrases[message.channel]}`
          : `Replied ${channelPhrases[message.channel]}`;
  return (
    <li className={classes.bubble} data-kind={kind} data-message-id={message.id}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
          {kind === 'note' ? <IconLock size={14} aria-hidden /> : null}
          {kind === 'automatic' ? <IconRobot size={14} aria-hidden /> : null}
          <Text size="xs" fw={700} truncate="end">
            {who}
          </Text>
          <Text size="xs" c="dimmed" truncate="end">
            {what}
          </Text>
        </Group>
        <Group gap={6} wrap="nowrap" style={{ flex: 'none' }}>
          <DeliveryState delivery={message.delivery} />
          <Text size="xs" c="dimmed">
            <Time at={message.createdAt} />
          </Text>
        </Group>
      </Group>
      {message.body ? <p className={classes.body}>{message.body}</p> : null}
      <AttachmentList attachments={message.attachments} />
      <EmailExtras email={message.email} />
    </li>
  );
}

function SystemEvent({
  icon,
  at,
  children,
  quote,
}: {
  icon: ReactNode;
  at: string;
  children: ReactNode;
  quote?: string | null;
}) {
  return (
    <li className={classes.systemEvent}>
      <Group gap={6} justify="center" wrap="nowrap">
        {icon}
        <Text size="xs" c="dimmed">
          {children} · <Time at={at} />
        </Text>
      </Group>
      {quote ? (
        <Text size="xs" c="dimmed" fs="italic" mt={2} style={{ whiteSpace: 'pre-wrap' }}>
          “{quote}”
        </Text>
      ) : null}
    </li>
  );
}

function OwnershipItem({ event }: { event: OwnershipEvent }) {
  const to = event.to?.name ?? 'nobody';
  switch (event.kind) {
    case 'assigned':
      return (
        <SystemEvent icon={<IconUserCheck size={14} aria-hidden />} at={event.createdAt}>
          {event.actor ? `${event.actor.name} assigned it to ${to}` : `Assigned to ${to}`}
        </SystemEvent>
      );
    case 'claimed':
      return (
        <SystemEvent icon={<IconHandStop size={14} aria-hidden />} at={event.createdAt}>
          {to} claimed it
        </SystemEvent>
      );
    case 'handoff_accepted':
      return (
        <SystemEvent icon={<IconArrowsExchange size={14} aria-hidden />} at={event.createdAt} quote={event.reason}>
          {to} accepted the handoff{event.from ? ` from ${event.from.name}` : ''} and now owns it
        </SystemEvent>
      );
    case 'reassigned':
      return (
        <SystemEvent icon={<IconUserShare size={14} aria-hidden />} at={event.createdAt} quote={event.reason}>
          {event.actor?.name ?? 'An admin'} reassigned it{event.from ? ` from ${event.from.name}` : ''} to {to}
        </SystemEvent>
      );
    case 'queued':
      return (
        <SystemEvent icon={<IconUsersGroup size={14} aria-hidden />} at={event.createdAt} quote={event.reason}>
          Back in the {event.toTeam?.name ?? 'team'} queue{event.from ? `, ${event.from.name} no longer owns it` : ''}
        </SystemEvent>
      );
  }
}

const priorityWords: Record<PriorityChange['to'], string> = {
  low: 'low',
  normal: 'normal',
  high: 'high',
  urgent: 'urgent',
};

/** Shown to the people serving the customer only: a cue to slow down, never a label on the customer. */
function PriorityItem({ change }: { change: PriorityChange }) {
  const why = change.cues.length > 0 ? ` — ${change.cues.join(', ')}` : '';
  return (
    <SystemEvent icon={<IconFlame size={14} aria-hidden />} at={change.createdAt}>
      Priority raised to {priorityWords[change.to]}: customer seems frustrated{why}
    </SystemEvent>
  );
}

function HandoffItem({
  handoff,
  phase,
  at,
}: {
  handoff: Handoff;
  phase: 'requested' | 'declined' | 'cancelled';
  at: string;
}) {
  const target = handoff.toUser?.name ?? handoff.toTeam?.name ?? 'someone';
  if (phase === 'requested') {
    return (
      <SystemEvent icon={<IconArrowsExchange size={14} aria-hidden />} at={at} quote={handoff.note}>
        {handoff.from.name} asked {target} to take it
      </SystemEvent>
    );
  }
  if (phase === 'declined') {
    return (
      <SystemEvent icon={<IconX size={14} aria-hidden />} at={at} quote={handoff.declineReason}>
        {target} declined the handoff; {handoff.from.name} still owns it
      </SystemEvent>
    );
  }
  return (
    <SystemEvent icon={<IconX size={14} aria-hidden />} at={at}>
      The handoff to {target} was withdrawn
    </SystemEvent>
  );
}

const nearBottomPx = 120;

/** The conversation's timeline; follows new messages when the reader is at the end, and offers a jump otherwise. */
export function Timeline({ conversation }: { conversation: Conversation }) {
  const messages = useMessages(conversation.id);
  const ownership = useOwnershipHistory(conversation.id);
  const handoffs = useHandoffs(conversation.id);
  const priorityChanges = usePriorityChanges(conversation.id);
  const now = useNow(60_000);
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const seen = useRef(0);
  const [unseen, setUnseen] = useState(0);

  const items =
    messages.data && ownership.data && handoffs.data
      ? buildTimeline(messages.data, ownership.data, handoffs.data, priorityChanges.data ?? [])
      : null;
  const count = items?.length ?? 0;

  useLayoutEffect(() => {
    const node = scroller.current;
    if (!node || count === 0) return;
    if (seen.current === 0 || atBottom.current) {
      node.scrollTop = node.scrollHeight;
      setUnseen(0);
    } else if (count > seen.current) {
      setUnseen((value) => value + (count - seen.current));
    }
    seen.current = count;
  }, [count]);

  const onScroll = () => {
    const node = scroller.current;
    if (!node) return;
    atBottom.current = node.scrollHeight - node.scrollTop - node.clientHeight < nearBottomPx;
    if (atBottom.current) setUnseen(0);
  };

  const jumpToEnd = () => {
    const node = scroller.current;
    if (!node) return;
    node.scrollTo({ top: node.scrollHeight, behavior: 'smooth' });
    setUnseen(0);
  };

  const failed = messages.error ?? ownership.error ?? handoffs.error;
  let lastDay = '';

  return (
    // Scrollable, so it takes focus for keyboard scrolling; a log, so new entries are announced politely.
    <div
      className={classes.timeline}
      ref={scroller}
      onScroll={onScroll}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: keyboard users must be able to scroll the timeline (WCAG 2.1.1).
      tabIndex={0}
      role="log"
      aria-label={`Timeline of conversation ${conversation.number}`}
    >
      {failed ? (
        <QueryError
          error={failed}
          onRetry={() => {
            void messages.refetch();
            void ownership.refetch();
            void handoffs.refetch();
          }}
        />
      ) : null}
      {!items && !failed ? (
        <Group justify="center" py="xl" role="status">
          <Loader size="sm" aria-hidden />
          <Text size="sm" c="dimmed">
            Loading the conversation…
          </Text>
        </Group>
      ) : null}
      {items ? (
        <ol className={classes.timelineList}>
          {items.map((item) => {
            const day = formatDay(item.at, now);
            const divider =
              day !== lastDay ? (
                <li key={`day-${item.at}`} className={classes.dayDivider}>
                  {day}
                </li>
              ) : null;
            lastDay = day;
            const key = itemKey(item);
            const content =
              item.type === 'message' ? (
                <MessageItem key={key} message={item.message} conversation={conversation} />
              ) : item.type === 'ownership' ? (
                <OwnershipItem key={key} event={item.event} />
              ) : item.type === 'priority' ? (
                <PriorityItem key={key} change={item.change} />
              ) : (
                <HandoffItem key={key} handoff={item.handoff} phase={item.phase} at={item.at} />
              );
            return divider ? [divider, content] : content;
          })}
        </ol>
      ) : null}
      {unseen > 0 ? (
        <div className={classes.newBelow}>
          <Button
            size="xs"
            radius="xl"
            leftSection={<IconArrowDown size={14} aria-hidden />}
            onClick={jumpToEnd}
            mt="sm"
          >
            {unseen === 1 ? '1 new update' : `${unseen} new updates`}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
