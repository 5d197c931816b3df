import { Button, Group, Select, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Commitment, Conversation } from '@rapport/contracts';
import { useState } from 'react';
import { errorMessage, isApiError } from '../../../app/api-client.ts';
import { formatDateTime } from '../../../ui/format.ts';
import { useNow } from '../../../ui/use-now.ts';
import {
  type SideDialogProps,
  SideItemAction,
  SideItemHeading,
  SideSection,
  SideSectionDialog,
  SideSectionList,
} from '../../conversations/components/side-section.tsx';
import { useMessages } from '../../conversations/conversations.api.ts';
import { commitmentStatusColors, commitmentStatusLabels, dueIn, toLocalInput } from '../commitment-words.ts';
import {
  useConversationCommitments,
  useCreateCommitment,
  useKeepCommitment,
  useRenegotiateCommitment,
} from '../commitments.api.ts';

/** Promises made on this conversation: what, by when, kept or not; and a way to add one. */
export function PromisesSection({ conversation }: { conversation: Conversation }) {
  const commitments = useConversationCommitments(conversation.id);
  const keep = useKeepCommitment();
  const now = useNow(30_000);
  const [adding, setAdding] = useState(false);
  const [renegotiating, setRenegotiating] = useState<Commitment | null>(null);

  return (
    <SideSection
      headingId="promises-heading"
      title="Promises"
      action={
        <Button size="compact-xs" variant="light" onClick={() => setAdding(true)}>
          Add a promise
        </Button>
      }
    >
      <SideSectionList
        items={commitments.data ?? []}
        empty="No promise recorded. When you tell the customer “by Friday”, add it here and Rapport reminds you."
      >
        {(commitment) => (
          <li key={commitment.id} data-testid="commitment">
            <SideItemHeading
              status={commitmentStatusLabels[commitment.status]}
              color={commitmentStatusColors[commitment.status]}
            >
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {commitment.what}
              </Text>
            </SideItemHeading>
            <Text
              size="xs"
              c={
                commitment.status === 'open' && Date.parse(commitment.dueAt) - now < 2 * 3600_000
                  ? 'orange.8'
                  : 'dimmed'
              }
            >
              Due {formatDateTime(commitment.dueAt)}
              {commitment.status === 'open' ? ` (${dueIn(commitment.dueAt, now)})` : ''}
              {commitment.owner ? ` · ${commitment.owner.name}` : ''}
            </Text>
            {commitment.status === 'open' ? (
              <Group gap="xs" mt={4}>
                <SideItemAction
                  mutation={keep}
                  itemId={commitment.id}
                  done={`Marked kept: “${commitment.what}”.`}
                  failed="Not marked kept"
                >
                  Kept
                </SideItemAction>
                <Button size="compact-xs" variant="subtle" onClick={() => setRenegotiating(commitment)}>
                  New due time…
                </Button>
              </Group>
            ) : null}
          </li>
        )}
      </SideSectionList>
      <AddPromiseModal conversationId={conversation.id} opened={adding} onClose={() => setAdding(false)} />
      {renegotiating ? (
        <RenegotiateModal
          conversationId={conversation.id}
          commitment={renegotiating}
          onClose={() => setRenegotiating(null)}
        />
      ) : null}
    </SideSection>
  );
}

function AddPromiseModal({ conversationId, ...dialog }: { conversationId: string } & SideDialogProps) {
  const create = useCreateCommitment(conversationId);
  const [what, setWhat] = useState('');
  const [due, setDue] = useState(() => toLocalInput(new Date(Date.now() + 24 * 3600_000)));
  const fields = isApiError(create.error) ? create.error.fields : {};
  const submit = () =>
    create.mutate(
      { what: what.trim(), dueAt: new Date(due).toISOString() },
      {
        onSuccess: () => {
          notifications.show({ message: 'Promise recorded. You will be reminded before it falls due.' });
          setWhat('');
          dialog.onClose();
        },
      },
    );
  return (
    <SideSectionDialog
      {...dialog}
      title="Add a promise to the customer"
      onSubmit={submit}
      alert={isApiError(create.error) && !fields.what && !fields.dueAt ? create.error.message : null}
      submitLabel="Record promise"
      loading={create.isPending}
    >
      <TextInput
        label="What you promised"
        placeholder="e.g. Call back with the refund status"
        value={what}
        onChange={(event) => setWhat(event.currentTarget.value)}
        error={fields.what}
        required
        data-autofocus
        maxLength={500}
      />
      <TextInput
        type="datetime-local"
        label="Due"
        description="Your local time. You are reminded 2 hours and 15 minutes before."
        value={due}
        onChange={(event) => setDue(event.currentTarget.value)}
        error={fields.dueAt ?? (create.error && !isApiError(create.error) ? errorMessage(create.error) : undefined)}
        required
      />
    </SideSectionDialog>
  );
}

function RenegotiateModal(props: { conversationId: string; commitment: Commitment; onClose: () => void }) {
  const renegotiate = useRenegotiateCommitment();
  const messages = useMessages(props.conversationId);
  const replies = (messages.data ?? []).filter((message) => message.direction === 'outbound').reverse();
  const [due, setDue] = useState(() => toLocalInput(new Date(Date.parse(props.commitment.dueAt) + 24 * 3600_000)));
  const [messageId, setMessageId] = useState<string | null>(replies[0]?.id ?? null);
  const fields = isApiError(renegotiate.error) ? renegotiate.error.fields : {};
  const submit = () => {
    if (!messageId) return;
    renegotiate.mutate(
      { id: props.commitment.id, dueAt: new Date(due).toISOString(), messageId },
      {
        onSuccess: () => {
          notifications.show({ message: 'New due time agreed and recorded.' });
          props.onClose();
        },
      },
    );
  };
  return (
    <SideSectionDialog
      opened
      onClose={props.onClose}
      title="Agree a new due time"
      onSubmit={submit}
      alert={renegotiate.error && !fields.dueAt && !fields.messageId ? errorMessage(renegotiate.error) : null}
      submitLabel="Save new due time"
      loading={renegotiate.isPending}
      submitDisabled={!messageId}
    >
      <Text size="sm">
        “{props.commitment.what}” was due {formatDateTime(props.commitment.dueAt)}. Tell the customer first, then pick
        the reply that told them.
      </Text>
      <TextInput
        type="datetime-local"
        label="New due time"
        value={due}
        onChange={(event) => setDue(event.currentTarget.value)}
        error={fields.dueAt}
        required
      />
      <Select
        label="The reply that told the customer"
        placeholder={replies.length ? 'Pick a reply' : 'Send the customer a reply first'}
        data={replies.map((reply) => ({
          value: reply.id,
          label: `${formatDateTime(reply.createdAt)}: ${reply.body.slice(0, 60)}`,
        }))}
        value={messageId}
        onChange={setMessageId}
        error={fields.messageId}
        disabled={replies.length === 0}
        required
      />
    </SideSectionDialog>
  );
}
