import { Code, Modal, TagsInput, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type Webhook, webhookEventTypeSchema } from '@rapport/contracts';
import { useState } from 'react';
import { isApiError } from '../../../app/api-client.ts';
import { CopyField } from '../../../ui/copy-field.tsx';
import { DialogForm, DialogResult } from '../../../ui/dialog-form.tsx';
import { useFieldErrors } from '../../../ui/field-errors.ts';
import { useCreateWebhook, useUpdateWebhook } from '../webhooks.api.ts';

/** Event names Rapport sends today, offered as suggestions; families (conversation.*) and * work too. */
export const knownEventTypes = [
  '*',
  'conversation.*',
  'conversation.created',
  'conversation.owner_changed',
  'conversation.status_changed',
  'conversation.resolved',
  'conversation.reopened',
  'conversation.closed',
  'conversation.updated',
  'conversation.flagged_abusive',
  'conversation.priority_raised',
  'message.*',
  'message.created',
  'handoff.*',
  'handoff.requested',
  'handoff.accepted',
  'handoff.declined',
  'handoff.cancelled',
  'customer.*',
  'customer.created',
  'customer.updated',
  'customer.merged',
];

type WebhookFormModalProps = { opened: boolean; webhook: Webhook | null; onClose: () => void };

/** Registers or edits an endpoint. A new endpoint's signing secret is shown here once, then never again. */
export function WebhookFormModal({ opened, webhook, onClose }: WebhookFormModalProps) {
  const [secret, setSecret] = useState<string | null>(null);
  const close = () => {
    setSecret(null);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={secret ? 'Webhook created' : webhook ? 'Edit webhook' : 'New webhook'}
      size="lg"
    >
      {secret ? (
        <DialogResult
          tone="warning"
          notice="Copy the signing secret now. It is shown only once; if you lose it, delete the webhook and create it again."
          onDone={close}
        >
          <CopyField label="Signing secret" value={secret} copyLabel="Copy secret" />
          <Text size="sm">
            Each delivery carries a <Code>Rapport-Signature</Code> header: <Code>t=…,v1=…</Code>, the HMAC-SHA256 of{' '}
            <Code>{'<t>.<body>'}</Code> keyed with this secret. Check it before trusting a delivery.
          </Text>
        </DialogResult>
      ) : opened ? (
        <WebhookForm key={webhook?.id ?? 'new'} webhook={webhook} onDone={close} onCreated={setSecret} />
      ) : null}
    </Modal>
  );
}

function WebhookForm({
  webhook,
  onDone,
  onCreated,
}: {
  webhook: Webhook | null;
  onDone: () => void;
  onCreated: (secret: string) => void;
}) {
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const mutation = webhook ? update : create;
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [description, setDescription] = useState(webhook?.description ?? '');
  const [eventTypes, setEventTypes] = useState<string[]>(webhook?.eventTypes ?? ['conversation.*']);
  const { errors, setErrors, clear, textField } = useFieldErrors();

  const submit = () => {
    const found: Record<string, string> = {};
    if (!/^https?:\/\/\S+$/i.test(url.trim()))
      found.url = 'Enter the address that receives deliveries, starting with https://';
    if (eventTypes.length === 0) found.eventTypes = 'Choose at least one event';
    const invalid = eventTypes.find((type) => !webhookEventTypeSchema.safeParse(type).success);
    if (invalid)
      found.eventTypes = `“${invalid}” is not an event name such as conversation.created, conversation.* or *`;
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const body = { url: url.trim(), description: description.trim(), eventTypes };
    const onError = (error: Error) => setErrors(isApiError(error) ? error.fields : {});
    if (webhook) {
      update.mutate(
        { id: webhook.id, ...body },
        {
          onSuccess: () => {
            notifications.show({ message: 'Webhook saved.' });
            onDone();
          },
          onError,
        },
      );
    } else {
      create.mutate(body, { onSuccess: (created) => onCreated(created.secret), onError });
    }
  };

  return (
    <DialogForm
      onSubmit={submit}
      error={Object.keys(errors).length > 0 ? null : mutation.error}
      submitLabel={webhook ? 'Save changes' : 'Create webhook'}
      loading={mutation.isPending}
      onCancel={onDone}
    >
      <TextInput
        label="Endpoint URL"
        description="Rapport sends a POST with a JSON body for each event."
        placeholder="https://example.com/hooks/rapport"
        {...textField('url', url, setUrl)}
        data-autofocus
      />
      <TextInput
        label="Description"
        description="What receives it, e.g. “CRM sync”."
        value={description}
        maxLength={500}
        onChange={(event) => setDescription(event.currentTarget.value)}
        error={errors.description}
      />
      <TagsInput
        label="Events"
        description="Exact names, a family such as conversation.*, or * for everything."
        data={knownEventTypes}
        value={eventTypes}
        onChange={(value) => {
          setEventTypes(value);
          clear('eventTypes');
        }}
        error={errors.eventTypes}
        clearable
        maxDropdownHeight={240}
      />
    </DialogForm>
  );
}
