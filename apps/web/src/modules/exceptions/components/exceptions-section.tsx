import { Button, Group, Select, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  type Conversation,
  type ExceptionType,
  exceptionTypeLabels,
  exceptionTypes,
  formatMoney,
} from '@rapport/contracts';
import { useState } from 'react';
import { errorMessage, isApiError } from '../../../app/api-client.ts';
import { useMe } from '../../auth/auth.api.ts';
import {
  type SideDialogProps,
  SideItemAction,
  SideItemHeading,
  SideSection,
  SideSectionDialog,
  SideSectionList,
} from '../../conversations/components/side-section.tsx';
import { exceptionStatusColors, exceptionStatusLabels, toMinor } from '../exception-words.ts';
import { useConversationExceptions, useDeliverException, useRecordException } from '../exceptions.api.ts';

/** Goodwill exceptions on this conversation, and the dialog to record one. */
export function ExceptionsSection({ conversation }: { conversation: Conversation }) {
  const exceptions = useConversationExceptions(conversation.id);
  const deliver = useDeliverException();
  const me = useMe();
  const [recording, setRecording] = useState(false);
  return (
    <SideSection
      headingId="exceptions-heading"
      title="Exceptions"
      action={
        me.user.role === 'admin' || me.user.role === 'agent' ? (
          <Button size="compact-xs" variant="light" onClick={() => setRecording(true)}>
            Make an exception
          </Button>
        ) : null
      }
    >
      <SideSectionList
        items={exceptions.data ?? []}
        empty="None. When a rule stands in the way of doing right by the customer, record the exception here."
      >
        {(exception) => (
          <li key={exception.id}>
            <SideItemHeading
              status={exceptionStatusLabels[exception.status]}
              color={exceptionStatusColors[exception.status]}
            >
              <Text size="sm">
                {exceptionTypeLabels[exception.type]} · {formatMoney(exception.value)}
              </Text>
            </SideItemHeading>
            <Text size="xs" c="dimmed">
              Policy: {exception.policy} · {exception.reason}
            </Text>
            {exception.decisionNote ? (
              <Text size="xs" c="dimmed">
                {exception.decidedBy?.name ?? 'Admin'}: {exception.decisionNote}
              </Text>
            ) : null}
            {exception.status === 'granted' || exception.status === 'approved' ? (
              <SideItemAction
                mt={4}
                mutation={deliver}
                itemId={exception.id}
                done="Marked delivered to the customer."
                failed="Not marked"
              >
                Delivered to the customer
              </SideItemAction>
            ) : null}
          </li>
        )}
      </SideSectionList>
      <RecordExceptionModal conversationId={conversation.id} opened={recording} onClose={() => setRecording(false)} />
    </SideSection>
  );
}

function RecordExceptionModal({ conversationId, ...dialog }: { conversationId: string } & SideDialogProps) {
  const record = useRecordException(conversationId);
  const [type, setType] = useState<ExceptionType>('refund');
  const [amount, setAmount] = useState('');
  const [currency, setCurrency] = useState('EUR');
  const [policy, setPolicy] = useState('');
  const [reason, setReason] = useState('');
  const [amountError, setAmountError] = useState<string | undefined>();
  const fields = isApiError(record.error) ? record.error.fields : {};
  const submit = () => {
    const amountMinor = toMinor(amount || '0', currency.toUpperCase());
    if (amountMinor === undefined) {
      setAmountError('Give an amount such as 12.50');
      return;
    }
    setAmountError(undefined);
    record.mutate(
      { type, value: { amountMinor, currency: currency.toUpperCase() }, policy: policy.trim(), reason: reason.trim() },
      {
        onSuccess: ({ exception }) => {
          notifications.show({
            message:
              exception.status === 'granted'
                ? 'Granted: it is within your authority. Tell the customer, then mark it delivered.'
                : 'Above your authority: an admin has been asked to approve it. It comes back to you to deliver.',
          });
          setAmount('');
          setPolicy('');
          setReason('');
          dialog.onClose();
        },
      },
    );
  };
  return (
    <SideSectionDialog
      {...dialog}
      title="Make a goodwill exception"
      onSubmit={submit}
      alert={record.error && Object.keys(fields).length === 0 ? errorMessage(record.error) : null}
      submitLabel="Record exception"
      loading={record.isPending}
    >
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
    </SideSectionDialog>
  );
}
