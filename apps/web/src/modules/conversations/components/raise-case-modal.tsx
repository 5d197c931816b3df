import { Modal, SegmentedControl, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type Priority, priorities } from '@rapport/contracts';
import { useState } from 'react';
import { isApiError } from '../../../app/api-client.ts';
import { DialogForm } from '../../../ui/dialog-form.tsx';
import { withoutField } from '../../../ui/field-errors.ts';
import { useInboxes } from '../../inboxes/inboxes.api.ts';
import { priorityLabels } from '../conversation-words.ts';
import { useCreateConversation } from '../conversations.api.ts';

/**
 * Any employee can raise a case for a customer. What they write is an internal note for the owner;
 * the customer is not messaged, and Rapport finds the case an owner.
 */
export function RaiseCaseModal({
  opened,
  onClose,
  onRaised,
}: {
  opened: boolean;
  onClose: () => void;
  onRaised: (conversationId: string) => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Raise a case for a customer" size="lg">
      {opened ? <RaiseCaseForm onDone={onClose} onRaised={onRaised} /> : null}
    </Modal>
  );
}

function RaiseCaseForm({ onDone, onRaised }: { onDone: () => void; onRaised: (conversationId: string) => void }) {
  const inboxes = useInboxes();
  const create = useCreateConversation();
  const [inboxId, setInboxId] = useState<string | null>(null);
  const [kind, setKind] = useState<'email' | 'phone'>('email');
  const [contact, setContact] = useState('');
  const [name, setName] = useState('');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [priority, setPriority] = useState<Priority>('normal');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const inboxOptions = (inboxes.data ?? []).map((inbox) => ({ value: inbox.id, label: inbox.name }));
  const chosenInbox = inboxId ?? inboxOptions[0]?.value ?? null;

  const submit = () => {
    const found: Record<string, string> = {};
    if (!chosenInbox) found.inboxId = 'Choose where the case should go';
    if (kind === 'email' && !/^\S+@\S+\.\S+$/.test(contact.trim()))
      found.contact = 'Enter the customer’s email, such as ana@example.com';
    if (kind === 'phone' && contact.replace(/\D/g, '').length < 5) found.contact = 'Enter the customer’s phone number';
    if (!body.trim()) found.body = 'Say what happened and what the customer needs';
    setErrors(found);
    if (Object.keys(found).length > 0 || !chosenInbox) return;
    create.mutate(
      {
        inboxId: chosenInbox,
        customer: { identity: { kind, value: contact.trim() }, ...(name.trim() ? { name: name.trim() } : {}) },
        ...(subject.trim() ? { subject: subject.trim() } : {}),
        // The owner answers the customer where they can be reached.
        channel: kind,
        message: { body: body.trim() },
        priority,
        raisedOnBehalf: true,
      },
      {
        onSuccess: ({ conversation }) => {
          notifications.show({
            title: `Case ${conversation.number} raised`,
            message: conversation.owner
              ? `${conversation.owner.name} owns it. You will hear how it ends.`
              : 'Rapport is finding it an owner. You will hear how it ends.',
          });
          onRaised(conversation.id);
          onDone();
        },
        onError: (error) => {
          if (!isApiError(error)) return;
          const fields = { ...error.fields };
          if (fields['customer.identity.value']) fields.contact = fields['customer.identity.value'];
          if (fields['message.body']) fields.body = fields['message.body'];
          setErrors(fields);
        },
      },
    );
  };

  const clear = (field: string) => setErrors((current) => withoutField(current, field));

  return (
    <DialogForm
      onSubmit={submit}
      intro="What you write goes to the owner as an internal note; the customer is not messaged. Rapport finds the case an owner and tells you how it ends."
      error={Object.keys(errors).length > 0 ? null : create.error}
      onCancel={onDone}
      submitLabel="Raise case"
      loading={create.isPending}
    >
      <Select
        label="Inbox"
        description="The team that should look after it."
        data={inboxOptions}
        value={chosenInbox}
        onChange={(value) => {
          setInboxId(value);
          clear('inboxId');
        }}
        allowDeselect={false}
        placeholder={inboxes.isPending ? 'Loading inboxes…' : 'Choose an inbox'}
        error={errors.inboxId}
      />
      <Stack gap={6}>
        <SegmentedControl
          size="xs"
          w="fit-content"
          value={kind}
          onChange={(value) => {
            setKind(value as 'email' | 'phone');
            clear('contact');
          }}
          aria-label="How to reach the customer"
          data={[
            { value: 'email', label: 'Email' },
            { value: 'phone', label: 'Phone' },
          ]}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label={kind === 'email' ? 'Customer’s email' : 'Customer’s phone'}
            type={kind === 'email' ? 'email' : 'tel'}
            value={contact}
            onChange={(event) => {
              setContact(event.currentTarget.value);
              clear('contact');
            }}
            error={errors.contact}
            data-autofocus
          />
          <TextInput
            label="Customer’s name (if you know it)"
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={errors['customer.name']}
          />
        </SimpleGrid>
      </Stack>
      <TextInput
        label="Subject"
        description="Optional; the first line of your note is used otherwise."
        value={subject}
        maxLength={300}
        onChange={(event) => setSubject(event.currentTarget.value)}
        error={errors.subject}
      />
      <Textarea
        label="What happened"
        description="What the customer told you, and what they need. The owner reads this first."
        autosize
        minRows={4}
        required
        value={body}
        onChange={(event) => {
          setBody(event.currentTarget.value);
          clear('body');
        }}
        error={errors.body}
      />
      <Select
        label="Priority"
        data={priorities.map((value) => ({ value, label: priorityLabels[value] }))}
        value={priority}
        onChange={(value) => setPriority((value as Priority | null) ?? 'normal')}
        allowDeselect={false}
        w={200}
      />
    </DialogForm>
  );
}
