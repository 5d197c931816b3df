import { Group, Stack, Text } from '@mantine/core';
import { type Conversation, csatLabels } from '@rapport/contracts';
import { formatDateTime } from '../../../ui/format.ts';
import { SideSection } from '../../conversations/components/side-section.tsx';
import { useConversationFollowUp } from '../surveys.api.ts';

/** After resolution: the check-in and what the customer said in the survey. Hidden until there is one. */
export function FollowUpSection({ conversation }: { conversation: Conversation }) {
  const followUp = useConversationFollowUp(conversation.id);
  const checkIns = followUp.data?.checkIns ?? [];
  const surveys = followUp.data?.surveys ?? [];
  if (checkIns.length === 0 && surveys.length === 0) return null;
  return (
    <SideSection headingId="follow-up-heading" title="Follow-up">
      <Stack gap={6}>
        {checkIns.map((checkIn) => (
          <Text key={checkIn.id} size="xs" c="dimmed">
            Check-in{' '}
            {checkIn.status === 'scheduled'
              ? `goes out ${formatDateTime(checkIn.dueAt)}`
              : checkIn.status === 'sent'
                ? 'sent'
                : `skipped: ${checkIn.skippedReason ?? ''}`}
          </Text>
        ))}
        {surveys.map((survey) => (
          <Group key={survey.id} justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
            <Text size="xs">
              {survey.csat === null
                ? `Survey sent, no answer yet (open until ${formatDateTime(survey.expiresAt)})`
                : `Satisfaction ${survey.csat}/5 (${csatLabels[survey.csat]})${survey.effort ? `, effort ${survey.effort}/7` : ''}`}
              {survey.comment ? `: “${survey.comment}”` : ''}
            </Text>
          </Group>
        ))}
      </Stack>
    </SideSection>
  );
}
