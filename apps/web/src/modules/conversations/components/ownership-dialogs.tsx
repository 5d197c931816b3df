import { Blockquote, Button, Group, Modal, SegmentedControl, Select, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Conversation, Handoff } from '@rapport/contracts';
import { IconInfoCircle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { isApiError } from '../../../app/api-client.ts';
import { FormAlert } from '../../../ui/form-alert.tsx';
import { useMe } from '../../auth/auth.api.ts';
import { useTeams } from '../../teams/teams.api.ts';
import { useActiveUsers } from '../../users/users.api.ts';
import { customerName } from '../conversation-words.ts';
import { useDeclineHandoff, useFlagAbusive, useReassign, useRequestHandoff } from '../conversations.api.ts';
import { ownersAmong, PersonSelect } from './person-select.tsx';

type DialogProps = { conversation: Conversation; opened: boolean; onClose: () => void };

/**
 * A warm handoff: the sender picks a person or a team and writes what the receiver needs to know.
 * The sender stays the owner until someone accepts, so the customer is never left with nobody.
 */
export function HandoffDialog({ conversation, opened, onClose }: DialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Hand off conversation ${conversation.number}`} size="lg">
      {opened ? <HandoffForm conversation={conversation} onDone={onClose} /> : null}
    </Modal>
  );
}

function HandoffForm({ conversation, onDone }: { conversation: Conversation; onDone: () => void }) {
  const me = useMe();
  const users = useActiveUsers();
  const teams = useTeams();
  const request = useRequestHandoff();
  const [target, setTarget] = useState<'person' | 'team'>('person');
  const [userId, setUserId] = useState<string | null>(null);
  const [teamId, setTeamId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (target === 'person' && !userId) found.to = 'Choose who should take it';
    if (target === 'team' && !teamId) found.to = 'Choose the team that should take it';
    if (!note.trim()) found.note = 'Write what they need to know, so the customer does not have to repeat it';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const receiver =
      target === 'person'
        ? (users.data?.find((user) => user.id === userId)?.name ?? 'them')
        : (teams.data?.find((team) => team.id === teamId)?.name ?? 'the team');
    request.mutate(
      {
        conversationId: conversation.id,
        note: note.trim(),
        ...(target === 'person' ? { toUserId: userId ?? '' } : { toTeamId: teamId ?? '' }),
      },
      {
        onSuccess: () => {
          notifications.show({
            title: 'Handoff requested',
            message: `${receiver} can accept it now. You stay the owner until they do.`,
          });
          onDone();
        },
        onError: (error) => setErrors(isApiError(error) ? error.fields : {}),
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          You stay the owner of {customerName(conversation.customer.name)}’s conversation until they accept. They see
          your note with the whole history, so the customer never has to repeat themselves.
        </Text>
        <SegmentedControl
          value={target}
          onChange={(value) => {
            setTarget(value as 'person' | 'team');
            setErrors(({ to: _to, ...rest }) => rest);
          }}
          aria-label="Hand off to"
          data={[
            { value: 'person', label: 'A person' },
            { value: 'team', label: 'A team' },
          ]}
        />
        {target === 'person' ? (
          <PersonSelect
            label="Person"
            description="Online people can start right away."
            placeholder={users.isPending ? 'Loading people…' : 'Choose a person'}
            people={ownersAmong(users.data, [me.user.id])}
            value={userId}
            onChange={(value) => {
              setUserId(value);
              setErrors(({ to: _to, ...rest }) => rest);
            }}
            error={errors.to ?? errors.toUserId}
          />
        ) : (
          <Select
            label="Team"
            description="Anyone in the team can accept it."
            placeholder={teams.isPending ? 'Loading teams…' : 'Choose a team'}
            data={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
            value={teamId}
            onChange={(value) => {
              setTeamId(value);
              setErrors(({ to: _to, ...rest }) => rest);
            }}
            error={errors.to ?? errors.toTeamId}
            searchable
          />
        )}
        <Textarea
          label="Context note"
          description="What happened, what you have tried, and what the customer is expecting next."
          placeholder="e.g. Refund approved on our side; the customer is waiting for the bank reference."
          autosize
          minRows={4}
          maxRows={10}
          required
          value={note}
          onChange={(event) => {
            setNote(event.currentTarget.value);
            setErrors(({ note: _note, ...rest }) => rest);
          }}
          error={errors.note}
        />
        <FormAlert error={Object.keys(errors).length > 0 ? null : request.error} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={request.isPending}>
            Request handoff
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Declining keeps ownership where it is; the reason goes back to the sender. The note stays in view. */
export function DeclineHandoffDialog({
  conversation,
  handoff,
  opened,
  onClose,
}: DialogProps & { handoff: Handoff | undefined }) {
  const decline = useDeclineHandoff();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const close = () => {
    onClose();
    setReason('');
    setError(undefined);
    decline.reset();
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!handoff) return;
    if (!reason.trim()) {
      setError('Say why, so the sender knows what to do next');
      return;
    }
    decline.mutate(
      { conversationId: conversation.id, handoffId: handoff.id, reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({ message: `Handoff declined. ${handoff.from.name} still owns the conversation.` });
          close();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title="Decline the handoff" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {handoff ? (
            <Blockquote
              color="indigo"
              icon={<IconInfoCircle size={18} aria-hidden />}
              iconSize={30}
              p="sm"
              cite={`— ${handoff.from.name}’s note`}
            >
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {handoff.note}
              </Text>
            </Blockquote>
          ) : null}
          <Textarea
            label="Reason"
            description={`${handoff?.from.name ?? 'The sender'} sees this and stays the owner.`}
            autosize
            minRows={3}
            required
            value={reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setError(undefined);
            }}
            error={error}
            data-autofocus
          />
          <FormAlert error={error ? null : decline.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={decline.isPending}>
              Decline handoff
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** An admin moves ownership directly; the reason is kept in the timeline and the audit log. */
export function ReassignDialog({ conversation, opened, onClose }: DialogProps) {
  const users = useActiveUsers();
  const reassign = useReassign();
  const [userId, setUserId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const close = () => {
    onClose();
    setUserId(null);
    setReason('');
    setErrors({});
    reassign.reset();
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!userId) found.userId = 'Choose the new owner';
    if (!reason.trim()) found.reason = 'Give the reason; it is kept with the conversation';
    setErrors(found);
    if (Object.keys(found).length > 0 || !userId) return;
    reassign.mutate(
      { id: conversation.id, userId, reason: reason.trim() },
      {
        onSuccess: ({ conversation: updated }) => {
          notifications.show({ message: `${updated.owner?.name ?? 'They'} now own${updated.owner ? 's' : ''} it.` });
          close();
        },
        onError: (error) => setErrors(isApiError(error) ? error.fields : {}),
      },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title={`Reassign conversation ${conversation.number}`} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {conversation.owner
              ? `${conversation.owner.name} owns it now. Any waiting handoff is withdrawn.`
              : 'Nobody owns it now.'}
          </Text>
          <PersonSelect
            label="New owner"
            placeholder={users.isPending ? 'Loading people…' : 'Choose a person'}
            people={ownersAmong(users.data, [conversation.owner?.id])}
            value={userId}
            onChange={(value) => {
              setUserId(value);
              setErrors(({ userId: _u, ...rest }) => rest);
            }}
            error={errors.userId}
            data-autofocus
          />
          <Textarea
            label="Reason"
            description="Kept in the timeline and the audit log."
            autosize
            minRows={3}
            required
            value={reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setErrors(({ reason: _r, ...rest }) => rest);
            }}
            error={errors.reason}
          />
          <FormAlert error={Object.keys(errors).length > 0 ? null : reassign.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={reassign.isPending}>
              Reassign
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Protects the person serving: a flagged contact is left out of their measures and can be handed on. */
export function FlagAbusiveDialog({ conversation, opened, onClose }: DialogProps) {
  const flag = useFlagAbusive();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const close = () => {
    onClose();
    setReason('');
    setError(undefined);
    flag.reset();
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!reason.trim()) {
      setError('Describe what happened');
      return;
    }
    flag.mutate(
      { id: conversation.id, reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({
            message: 'Flagged. You can hand this conversation on now, without any penalty.',
          });
          close();
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title="Flag as abusive" size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            Nobody has to put up with abuse. A flagged conversation is left out of your quality measures, and you can
            hand it to someone else without penalty.
          </Text>
          <Textarea
            label="What happened"
            autosize
            minRows={3}
            required
            value={reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
              setError(undefined);
            }}
            error={error}
            data-autofocus
          />
          <FormAlert error={error ? null : flag.error} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={flag.isPending}>
              Flag conversation
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
