import { Badge, Button, Group, Modal, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  type Conversation,
  type ExceptionType,
  exceptionTypeLabels,
  exceptionTypes,
  formatMoney,
} from '@rapport/contracts';
import { type FormEvent, useState } from 'react';
import { errorMessage, isApiError } from '../../../app/api-client.ts';
import { useMe } from '../../auth/auth.api.ts';
import classes from '../../conversations/components/workspace.module.css';
import { exceptionStatusColors, exceptionStatusLabels, toMinor } from '../exception-words.ts';
import { useConversationExceptions, useDeliverException, useRecordException } from '../exceptions.api.ts';

/** Goodwill exceptions on this conversation, and the dialog to record one. */
export function ExceptionsSection({ conversation }: { conversation: Conversation }) {
  const exceptions = useConversationExceptions(conversation.id);
  const deliver = useDeliverException();
  const me = useMe();
  const [recording, setRecording] = useState(false);
  const list = exceptions.data ?? [];
  return (
    <section className={classes.profileSection} aria-labelledby="exceptions-heading">
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <Title order={2} fz="sm" id="exceptions-heading">
          Exceptions
        </Title>
        {me.user.role === 'admin' || me.user.role === 'agent' ? (
          <Button size="compact-xs" variant="light" onClick={() => setRecording(true)}>
            Make an exception
          </Button>
        ) : null}
      </Group>
      {list.length === 0 ? (
        <Text size="xs" c="dimmed">
          None. When a rule stands in the way of doing right by the customer, record the exception here.
        </Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {list.map((exception) => (
            <li key={exception.id}>
              <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Text size="sm">
                  {exceptionTypeLabels[exception.type]} · {formatMoney(exception.value)}
                </Text>
                <Badge
                  size="sm"
                  variant="light"
                  color={exceptionStatusColors[exception.status]}
                  style={{ flex: 'none' }}
                >
                  {exceptionStatusLabels[exception.status]}
                </Badge>
              </Group>
              <Text size="xs" c="dimmed">
                Policy: {exception.policy} · {exception.reason}
              </Text>
              {exception.decisionNote ? (
                <Text size="xs" c="dimmed">
                  {exception.decidedBy?.name ?? 'Admin'}: {exception.decisionNote}
                </Text>
              ) : null}
              {exception.status === 'granted' || exception.status === 'approved' ? (
                <Button
                  mt={4}
                  size="compact-xs"
                  variant="default"
                  loading={deliver.isPending && deliver.variables === exception.id}
                  onClick={() =>
                    deliver.mutate(exception.id, {
                      onSuccess: () => notifications.show({ message: 'Marked delivered to the customer.' }),
                      onError: (error) =>
                        notifications.show({ color: 'red', title: 'Not marked', message: errorMessage(error) }),
                    })
                  }
                >
                  Delivered to the customer
                </Button>
              ) : null}
            </li>
          ))}
        </Stack>
      )}
      <RecordExceptionModal conversationId={conversation.id} opened={recording} onClose={() => setRecording(false)} />
    </section>
  );
}

function RecordExceptionModal(props: { conversationId: string; opened: boolean; onClose: () => void }) {
  const record = useRecordException(props.conversationId);
  const [type, setType] = useState<ExceptionType>('refund');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [policy, setPolicy] = useState('');
  const [reason, setReason] = useState('');
  const [amountError, setAmountError] = useState<string | undefined>();
  const fields = isApiError(record.error) ? record.error.fields : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const amountMinor = toMinor(amount || '0', currency.toUpperCase());
    if (amountMinor === undefined) {
      setAmountError('Give an amount such as 12.50');
      return;
    }
    setAmountError(undefined);
    record.mutate(
      { type, value: { amountMinor, currency: currency.toUpperCase() }, policy: policy.trim(), reason: reason.trim() },
      {
        onSuccess: (data) => {
          const { exception } = data as { exception: { status: string } };
          notifications.show({
            message:
              exception.status === 'granted'
                ? 'Granted: it is within your authority. Tell the customer, then mark it delivered.'
                : 'Above your authority: an admin has been asked to approve it. It comes back to you to deliver.',
          });
          setAmount('');
          setPolicy('');
          setReason('');
          props.onClose();
        },
      },
    );
  };
  return (
    <Modal opened={props.opened} onClose={props.onClose} title="Make a goodwill exception">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Select
            label="Type"
            data={exceptionTypes.map((value) => ({ value, label: exceptionTypeLabels[value] }))}
            value={type}
            onChange={(value) => value && setType(value as ExceptionType)}
            allowDeselect={false}
            error={fields.type}
          />
          <Group grow align="flex-start">
            <TextInput
              label="Value"
              placeholder="0.00"
              inputMode="decimal"
              value={amount}
              onChange={(event) => setAmount(event.currentTarget.value)}
              error={amountError ?? fields['value.amountMinor']}
            />
            <TextInput
              label="Currency"
              value={currency}
              maxLength={3}
              onChange={(event) => setCurrency(event.currentTarget.value.toUpperCase())}
              error={fields['value.currency']}
            />
          </Group>
          <TextInput
            label="Policy it departs from"
            placeholder="e.g. No refunds after 30 days"
            value={policy}
            onChange={(event) => setPolicy(event.currentTarget.value)}
            error={fields.policy}
            required
            maxLength={200}
          />
          <Textarea
            label="Why it is right for this customer"
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={fields.reason}
            required
            autosize
            minRows={2}
            maxLength={2000}
          />
          {record.error && Object.keys(fields).length === 0 ? (
            <Text size="sm" c="red" role="alert">
              {errorMessage(record.error)}
            </Text>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={record.isPending}>
              Record exception
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
