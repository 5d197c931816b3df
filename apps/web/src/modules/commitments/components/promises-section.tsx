import { Badge, Button, Group, Modal, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Commitment, Conversation } from '@rapport/contracts';
import { type FormEvent, useState } from 'react';
import { errorMessage, isApiError } from '../../../app/api-client.ts';
import { formatDateTime } from '../../../ui/format.ts';
import { useNow } from '../../../ui/use-now.ts';
import classes from '../../conversations/components/workspace.module.css';
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
  const list = commitments.data ?? [];

  return (
    <section className={classes.profileSection} aria-labelledby="promises-heading">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} fz="sm" id="promises-heading">
          Promises
        </Title>
        <Button size="compact-xs" variant="light" onClick={() => setAdding(true)}>
          Add a promise
        </Button>
      </Group>
      {list.length === 0 ? (
        <Text size="xs" c="dimmed">
          No promise recorded. When you tell the customer “by Friday”, add it here and Rapport reminds you.
        </Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {list.map((commitment) => (
            <li key={commitment.id} data-testid="commitment">
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {commitment.what}
                </Text>
                <Badge
                  size="sm"
                  variant="light"
                  color={commitmentStatusColors[commitment.status]}
                  style={{ flex: 'none' }}
                >
                  {commitmentStatusLabels[commitment.status]}
                </Badge>
              </Group>
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
                  <Button
                    size="compact-xs"
                    variant="default"
                    loading={keep.isPending && keep.variables === commitment.id}
                    onClick={() =>
                      keep.mutate(commitment.id, {
                        onSuccess: () => notifications.show({ message: `Marked kept: “${commitment.what}”.` }),
                        onError: (error) =>
                          notifications.show({ color: 'red', title: 'Not marked kept', message: errorMessage(error) }),
                      })
                    }
                  >
                    Kept
                  </Button>
                  <Button size="compact-xs" variant="subtle" onClick={() => setRenegotiating(commitment)}>
                    New due time…
                  </Button>
                </Group>
              ) : null}
            </li>
          ))}
        </Stack>
      )}
      <AddPromiseModal conversationId={conversation.id} opened={adding} onClose={() => setAdding(false)} />
      {renegotiating ? (
        <RenegotiateModal
          conversationId={conversation.id}
          commitment={renegotiating}
          onClose={() => setRenegotiating(null)}
        />
      ) : null}
    </section>
  );
}

function AddPromiseModal(props: { conversationId: string; opened: boolean; onClose: () => void }) {
  const create = useCreateCommitment(props.conversationId);
  const [what, setWhat] = useState('');
  const [due, setDue] = useState(() => toLocalInput(new Date(Date.now() + 24 * 3600_000)));
  const fields = isApiError(create.error) ? create.error.fields : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { what: what.trim(), dueAt: new Date(due).toISOString() },
      {
        onSuccess: () => {
          notifications.show({ message: 'Promise recorded. You will be reminded before it falls due.' });
          setWhat('');
          props.onClose();
        },
      },
    );
  };
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Add a promise to the customer">
      <form onSubmit={submit}>
        <Stack gap="sm">
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
          {create.error && isApiError(create.error) && !fields.what && !fields.dueAt ? (
            <Text size="sm" c="red" role="alert">
              {create.error.message}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Record promise
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RenegotiateModal(props: { conversationId: string; commitment: Commitment; onClose: () => void }) {
  const renegotiate = useRenegotiateCommitment();
  const messages = useMessages(props.conversationId);
  const replies = (messages.data ?? []).filter((message) => message.direction === 'outbound').reverse();
  const [due, setDue] = useState(() => toLocalInput(new Date(Date.parse(props.commitment.dueAt) + 24 * 3600_000)));
  const [messageId, setMessageId] = useState<string | null>(replies[0]?.id ?? null);
  const fields = isApiError(renegotiate.error) ? renegotiate.error.fields : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
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
    <Modal opened onClose={props.onClose} title="Agree a new due time">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Text size="sm">
            “{props.commitment.what}” was due {formatDateTime(props.commitment.dueAt)}. Tell the customer first, then
            pick the reply that told them.
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
          {renegotiate.error && !fields.dueAt && !fields.messageId ? (
            <Text size="sm" c="red" role="alert">
              {errorMessage(renegotiate.error)}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={renegotiate.isPending} disabled={!messageId}>
              Save new due time
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
