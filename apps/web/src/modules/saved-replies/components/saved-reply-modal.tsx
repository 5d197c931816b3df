import { Button, Code, Group, Modal, Paper, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { fillSavedReply, type SavedReply, savedReplyPlaceholders } from '@rapport/contracts';
import { useRef, useState } from 'react';
import { isApiError } from '../../../app/api-client.ts';
import { DialogForm } from '../../../ui/dialog-form.tsx';
import { useFieldErrors } from '../../../ui/field-errors.ts';
import { useMe } from '../../auth/auth.api.ts';
import { useCreateSavedReply, useUpdateSavedReply } from '../saved-replies.api.ts';

export const placeholderHelp: Record<(typeof savedReplyPlaceholders)[number], string> = {
  'customer.name': 'Customer’s full name',
  'customer.firstName': 'Customer’s first name',
  'agent.name': 'Agent’s full name',
  'agent.firstName': 'Agent’s first name',
  'conversation.number': 'Conversation number',
};

type SavedReplyModalProps = { opened: boolean; reply: SavedReply | null; onClose: () => void };

export function SavedReplyModal({ opened, reply, onClose }: SavedReplyModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={reply ? `Edit “${reply.title}”` : 'New saved reply'} size="xl">
      {opened ? <SavedReplyForm key={reply?.id ?? 'new'} reply={reply} onDone={onClose} /> : null}
    </Modal>
  );
}

function SavedReplyForm({ reply, onDone }: { reply: SavedReply | null; onDone: () => void }) {
  const me = useMe();
  const create = useCreateSavedReply();
  const update = useUpdateSavedReply();
  const mutation = reply ? update : create;
  const [title, setTitle] = useState(reply?.title ?? '');
  const [body, setBody] = useState(reply?.body ?? '');
  const { errors, setErrors, clear, textField } = useFieldErrors();
  const bodyRef = useRef<HTMLTextAreaElement>(null);

  const insert = (placeholder: string) => {
    const node = bodyRef.current;
    const token = `{{${placeholder}}}`;
    const start = node?.selectionStart ?? body.length;
    const end = node?.selectionEnd ?? body.length;
    setBody(`${body.slice(0, start)}${token}${body.slice(end)}`);
    clear('body');
    requestAnimationFrame(() => {
      node?.focus();
      node?.setSelectionRange(start + token.length, start + token.length);
    });
  };

  const submit = () => {
    const found: Record<string, string> = {};
    if (!title.trim()) found.title = 'Give it a short title agents will recognise, e.g. “Refund on its way”';
    if (!body.trim()) found.body = 'Write the reply';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const input = { title: title.trim(), body: body.trim() };
    const options = {
      onSuccess: () => {
        notifications.show({ message: reply ? 'Saved reply updated.' : `Saved reply “${input.title}” created.` });
        onDone();
      },
      onError: (error: Error) => setErrors(isApiError(error) ? error.fields : {}),
    };
    if (reply) update.mutate({ id: reply.id, ...input }, options);
    else create.mutate(input, options);
  };

  const preview = fillSavedReply(body, {
    'customer.name': 'Maya Lopez',
    'customer.firstName': 'Maya',
    'agent.name': me.user.name,
    'agent.firstName': me.user.name.split(/\s+/)[0],
    'conversation.number': 1042,
  });

  return (
    <DialogForm
      onSubmit={submit}
      error={Object.keys(errors).length > 0 ? null : mutation.error}
      submitLabel={reply ? 'Save changes' : 'Create saved reply'}
      loading={mutation.isPending}
      onCancel={onDone}
    >
      <TextInput label="Title" {...textField('title', title, setTitle)} maxLength={120} data-autofocus />
      <Textarea
        ref={bodyRef}
        label="Reply"
        description="Write it as a person would, then personalise it before sending. Placeholders fill in from the conversation."
        autosize
        minRows={6}
        maxRows={16}
        {...textField('body', body, setBody)}
      />
      <div>
        <Text size="sm" fw={500} mb={6} id="placeholders-label">
          Insert a placeholder
        </Text>
        <Group gap={6} role="group" aria-labelledby="placeholders-label">
          {savedReplyPlaceholders.map((placeholder) => (
            <Button
              key={placeholder}
              size="compact-xs"
              variant="light"
              onClick={() => insert(placeholder)}
              title={placeholderHelp[placeholder]}
            >
              {placeholderHelp[placeholder]}
            </Button>
          ))}
        </Group>
      </div>
      {body.trim() ? (
        <div>
          <Text size="sm" fw={500} mb={6}>
            Preview for a customer named Maya Lopez
          </Text>
          <Paper
            withBorder
            p="sm"
            radius="md"
            bg="light-dark(var(--mantine-color-gray-0), var(--mantine-color-dark-6))"
          >
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {preview}
            </Text>
          </Paper>
          {/\{\{/.test(preview) ? (
            <Text size="xs" c="dimmed" mt={4}>
              Parts still in <Code>{'{{ }}'}</Code> are not placeholders Rapport knows; agents will be asked to replace
              them before sending.
            </Text>
          ) : null}
        </div>
      ) : null}
    </DialogForm>
  );
}
