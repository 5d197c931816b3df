import { Group, Stack, Text } from '@mantine/core';
import { formatMoney } from '@rapport/contracts';
import { useCustomerExceptions } from '../../exceptions/exceptions.api.ts';
import { useCustomerSurveys } from '../../surveys/surveys.api.ts';
import { useCustomerCommitments } from '../commitments.api.ts';

function Row({ label, value }: { label: string; value: string }) {
  return (
    <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
      <Text size="xs">{label}</Text>
      <Text size="xs" c="dimmed" ta="right">
        {value}
      </Text>
    </Group>
  );
}

/** The customer's past satisfaction, open promises and exceptions granted, in the profile. */
export function CustomerRelationship({ customerId }: { customerId: string }) {
  const surveys = useCustomerSurveys(customerId);
  const commitments = useCustomerCommitments(customerId);
  const exceptions = useCustomerExceptions(customerId);
  const answered = (surveys.data ?? []).filter((survey) => survey.csat !== null);
  const average = answered.length
    ? (answered.reduce((sum, survey) => sum + (survey.csat ?? 0), 0) / answered.length).toFixed(1)
    : null;
  const open = (commitments.data ?? []).filter((commitment) => commitment.status === 'open');
  const broken = (commitments.data ?? []).filter((commitment) => commitment.status === 'broken').length;
  const given = (exceptions.data ?? []).filter((exception) =>
    ['granted', 'approved', 'delivered'].includes(exception.status),
  );
  const totals = new Map<string, number>();
  for (const exception of given)
    totals.set(exception.value.currency, (totals.get(exception.value.currency) ?? 0) + exception.value.amountMinor);
  return (
    <Stack gap={4}>
      <Row
        label="Past satisfaction"
        value={
          average
            ? `${average}/5 over ${answered.length} ${answered.length === 1 ? 'survey' : 'surveys'}${answered[0]?.comment ? ` · last: “${answered[0].comment}”` : ''}`
            : 'No survey answered yet'
        }
      />
      <Row
        label="Open promises"
        value={
          open.length
            ? open.map((commitment) => commitment.what).join('; ')
            : `None${broken ? ` (${broken} broken before)` : ''}`
        }
      />
      <Row
        label="Exceptions granted"
        value={
          given.length
            ? `${given.length}: ${[...totals].map(([currency, amountMinor]) => formatMoney({ amountMinor, currency })).join(', ')}`
            : 'None'
        }
      />
    </Stack>
  );
}
