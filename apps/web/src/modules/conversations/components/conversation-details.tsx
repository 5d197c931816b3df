import { Group, Select, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type Conversation, type Priority, priorities } from '@rapport/contracts';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../../app/api-client.ts';
import { formatDateTime } from '../../../ui/format.ts';
import { useInboxes } from '../../inboxes/inboxes.api.ts';
import { priorityLabels } from '../conversation-words.ts';
import { useConversationQuote, useUpdateConversation } from '../conversations.api.ts';
import classes from './workspace.module.css';

const priorityOptions = priorities.map((priority) => ({ value: priority, label: priorityLabels[priority] }));

/** What the customer was promised at first contact, and how it ended: the honest quote. */
function QuoteFact({ conversationId }: { conversationId: string }) {
  const quote = useConversationQuote(conversationId).data;
  if (!quote) return null;
  const outcome =
    quote.kept === true
      ? 'kept'
      : quote.kept === false
        ? 'missed'
        : quote.updatedAt
          ? `customer told ${formatDateTime(quote.revisedDueAt ?? quote.dueAt)}`
          : 'waiting';
  return (
    <Fact label="Quoted reply">
      by {formatDateTime(quote.dueAt)} · {outcome}
    </Fact>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
      <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
        {label}
      </Text>
      <Text size="xs" ta="right">
        {children}
      </Text>
    </Group>
  );
}

/** Tags, contact reason and priority: what the team learns from the conversation, set as it goes. */
export function ConversationDetails({ conversation }: { conversation: Conversation }) {
  const update = useUpdateConversation();
  const inboxes = useInboxes();
  const [reason, setReason] = useState(conversation.contactReason ?? '');
  const reasonInput = useRef<HTMLInputElement>(null);
  // A colleague set it meanwhile: show theirs, unless this person is editing the field right now.
  useEffect(() => {
    if (document.activeElement !== reasonInput.current) setReason(conversation.contactReason ?? '');
  }, [conversation.contactReason]);
  const inbox = inboxes.data?.find((item) => item.id === conversation.inboxId);

  const save = (changes: { priority?: Priority; contactReason?: string | null; tags?: string[] }, done: string) =>
    update.mutate(
      { id: conversation.id, ...changes },
      {
        onSuccess: () => notifications.show({ message: done }),
        onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
      },
    );

  const saveReason = () => {
    const next = reason.trim() || null;
    if (next === (conversation.contactReason ?? null)) return;
    save({ contactReason: next }, next ? `Contact reason set to “${next}”.` : 'Contact reason cleared.');
  };

  return (
    <section className={classes.profileSection} aria-labelledby="details-heading">
      <Title order={2} fz="sm" id="details-heading" mb="sm">
        Conversation {conversation.number}
      </Title>
      <Stack gap="sm">
        <TagsInput
          size="xs"
          label="Tags"
          placeholder={conversation.tags.length ? '' : 'Add a tag, then Enter'}
          value={conversation.tags}
          onChange={(tags) => save({ tags }, 'Tags saved.')}
          maxTags={30}
          clearable={false}
          splitChars={[',']}
          comboboxProps={{ withinPortal: false }}
        />
        <TextInput
          ref={reasonInput}
          size="xs"
          label="Contact reason"
          description="Why the customer got in touch, in a few words."
          placeholder="e.g. Late delivery"
          value={reason}
          maxLength={100}
          onChange={(event) => setReason(event.currentTarget.value)}
          onBlur={saveReason}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              saveReason();
            }
          }}
        />
        <Select
          size="xs"
          label="Priority"
          data={priorityOptions}
          value={conversation.priority}
          allowDeselect={false}
          onChange={(value) =>
            value && value !== conversation.priority
              ? save(
                  { priority: value as Priority },
                  `Priority set to ${priorityLabels[value as Priority].toLowerCase()}.`,
                )
              : undefined
          }
          comboboxProps={{ withinPortal: false }}
        />
        <Stack gap={4} mt={4}>
          <Fact label="Inbox">{inbox?.name ?? '…'}</Fact>
          <Fact label="Team">{conversation.team?.name ?? 'None'}</Fact>
          <Fact label="Opened">{formatDateTime(conversation.createdAt)}</Fact>
          <Fact label="First reply">
            {conversation.firstHumanResponseAt ? formatDateTime(conversation.firstHumanResponseAt) : 'Not yet'}
          </Fact>
          <QuoteFact conversationId={conversation.id} />
          {conversation.reopenCount > 0 ? (
            <Fact label="Reopened">
              {conversation.reopenCount === 1 ? 'Once' : `${conversation.reopenCount} times`}
            </Fact>
          ) : null}
        </Stack>
      </Stack>
    </section>
  );
}
