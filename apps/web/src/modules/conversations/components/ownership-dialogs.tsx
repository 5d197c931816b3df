import { Blockquote, Modal, SegmentedControl, Select, Text, Textarea, type TextareaProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Conversation, Handoff } from '@rapport/contracts';
import { IconInfoCircle } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { isApiError } from '../../../app/api-client.ts';
import { DialogForm } from '../../../ui/dialog-form.tsx';
import { withoutField } from '../../../ui/field-errors.ts';
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
  const clear = (field: string) => setErrors((current) => withoutField(current, field));

  const submit = () => {
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
    <DialogForm
      onSubmit={submit}
      intro={`You stay the owner of ${customerName(conversation.customer.name)}’s conversation until they accept. They see your note with the whole history, so the customer never has to repeat themselves.`}
      error={Object.keys(errors).length > 0 ? null : request.error}
      onCancel={onDone}
      submitLabel="Request handoff"
      loading={request.isPending}
    >
      <SegmentedControl
        value={target}
        onChange={(value) => {
          setTarget(value as 'person' | 'team');
          clear('to');
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
            clear('to');
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
            clear('to');
          }}
          error={errors.to ?? errors.toTeamId}
          searchable
        />
      )}
      <NoteField
        label="Context note"
        description="What happened, what you have tried, and what the customer is expecting next."
        placeholder="e.g. Refund approved on our side; the customer is waiting for the bank reference."
        minRows={4}
        maxRows={10}
        value={note}
        onChange={(value) => {
          setNote(value);
          clear('note');
        }}
        error={errors.note}
      />
    </DialogForm>
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
  return (
    <ReasonDialog
      opened={opened}
      onClose={onClose}
      title="Decline the handoff"
      label="Reason"
      description={`${handoff?.from.name ?? 'The sender'} sees this and stays the owner.`}
      missing="Say why, so the sender knows what to do next"
      submitLabel="Decline handoff"
      mutation={decline}
      onReason={(reason, done) => {
        if (!handoff) return;
        decline.mutate(
          { conversationId: conversation.id, handoffId: handoff.id, reason },
          {
            onSuccess: () => {
              notifications.show({ message: `Handoff declined. ${handoff.from.name} still owns the conversation.` });
              done();
            },
          },
        );
      }}
    >
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
    </ReasonDialog>
  );
}

/** An admin moves ownership directly; the reason is kept in the timeline and the audit log. */
export function ReassignDialog({ conversation, opened, onClose }: DialogProps) {
  const users = useActiveUsers();
  const reassign = useReassign();
  const [userId, setUserId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const clear = (field: string) => setErrors((current) => withoutField(current, field));
  const close = () => {
    onClose();
    setUserId(null);
    setReason('');
    setErrors({});
    reassign.reset();
  };
  const submit = () => {
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
      <DialogForm
        onSubmit={submit}
        intro={
          conversation.owner
            ? `${conversation.owner.name} owns it now. Any waiting handoff is withdrawn.`
            : 'Nobody owns it now.'
        }
        error={Object.keys(errors).length > 0 ? null : reassign.error}
        onCancel={close}
        submitLabel="Reassign"
        loading={reassign.isPending}
      >
        <PersonSelect
          label="New owner"
          placeholder={users.isPending ? 'Loading people…' : 'Choose a person'}
          people={ownersAmong(users.data, [conversation.owner?.id])}
          value={userId}
          onChange={(value) => {
            setUserId(value);
            clear('userId');
          }}
          error={errors.userId}
          data-autofocus
        />
        <NoteField
          label="Reason"
          description="Kept in the timeline and the audit log."
          minRows={3}
          value={reason}
          onChange={(value) => {
            setReason(value);
            clear('reason');
          }}
          error={errors.reason}
        />
      </DialogForm>
    </Modal>
  );
}

/** Protects the person serving: a flagged contact is left out of their measures and can be handed on. */
export function FlagAbusiveDialog({ conversation, opened, onClose }: DialogProps) {
  const flag = useFlagAbusive();
  return (
    <ReasonDialog
      opened={opened}
      onClose={onClose}
      title="Flag as abusive"
      intro="Nobody has to put up with abuse. A flagged conversation is left out of your quality measures, and you can hand it to someone else without penalty."
      label="What happened"
      missing="Describe what happened"
      submitLabel="Flag conversation"
      mutation={flag}
      onReason={(reason, done) =>
        flag.mutate(
          { id: conversation.id, reason },
          {
            onSuccess: () => {
              notifications.show({
                message: 'Flagged. You can hand this conversation on now, without any penalty.',
              });
              done();
            },
          },
        )
      }
    />
  );
}

/** The written part of an ownership change: required, and it grows as the person writes. */
function NoteField({
  onChange,
  ...props
}: Omit<TextareaProps, 'value' | 'onChange'> & { value: string; onChange: (value: string) => void }) {
  return <Textarea autosize required {...props} onChange={(event) => onChange(event.currentTarget.value)} />;
}

type ReasonDialogProps = Pick<DialogProps, 'opened' | 'onClose'> & {
  title: string;
  /** A dimmed sentence above the field. */
  intro?: string;
  /** What the person should read before writing, e.g. the note they are answering. */
  children?: ReactNode;
  label: string;
  description?: string;
  /** The message when the reason is left empty. */
  missing: string;
  submitLabel: string;
  mutation: { isPending: boolean; error: unknown; reset: () => void };
  /** Sends the reason; `done` closes the dialog and forgets what was written. */
  onReason: (reason: string, done: () => void) => void;
};

/** Asks for the one reason a decline or an abuse flag needs; an empty reason is caught before sending. */
function ReasonDialog({ mutation, onReason, ...props }: ReasonDialogProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const close = () => {
    props.onClose();
    setReason('');
    setError(undefined);
    mutation.reset();
  };
  const submit = () => {
    if (!reason.trim()) {
      setError(props.missing);
      return;
    }
    onReason(reason.trim(), close);
  };
  return (
    <Modal opened={props.opened} onClose={close} title={props.title} size="lg">
      <DialogForm
        onSubmit={submit}
        intro={props.intro}
        error={error ? null : mutation.error}
        onCancel={close}
        submitLabel={props.submitLabel}
        loading={mutation.isPending}
        danger
      >
        {props.children}
        <NoteField
          label={props.label}
          description={props.description}
          minRows={3}
          value={reason}
          onChange={(value) => {
            setReason(value);
            setError(undefined);
          }}
          error={error}
          data-autofocus
        />
      </DialogForm>
    </Modal>
  );
}
