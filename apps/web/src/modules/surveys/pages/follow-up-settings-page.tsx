import { Button, Card, Group, NumberInput, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Inbox, SurveyTiming } from '@rapport/contracts';
import { useEffect, useState } from 'react';
import { errorMessage } from '../../../app/api-client.ts';
import { PageHeader } from '../../../ui/page-header.tsx';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { useInboxes } from '../../inboxes/inboxes.api.ts';
import { useFollowUpSettings, useSaveFollowUpSettings } from '../surveys.api.ts';

const timingOptions: { value: SurveyTiming; label: string }[] = [
  { value: 'with_check_in', label: 'With the check-in' },
  { value: 'at_resolution', label: 'Right at resolution' },
  { value: 'off', label: 'No survey' },
];

/** Per inbox: how many days after resolution the check-in goes out, and when the survey does. */
export function FollowUpSettingsPage() {
  const inboxes = useInboxes();
  return (
    <>
      <PageHeader
        title="Follow-up"
        description="After a conversation is resolved, Rapport checks in with the customer (“Did everything work out?”) unless they wrote again, and asks how it went: satisfaction 1–5, effort 1–7 and a comment."
      />
      {inboxes.isPending ? (
        <LoadingBlock />
      ) : inboxes.isError ? (
        <QueryError error={inboxes.error} title="Inboxes could not be loaded" onRetry={() => inboxes.refetch()} />
      ) : (
        <Stack gap="md" maw={720}>
          {inboxes.data.map((inbox) => (
            <InboxFollowUp key={inbox.id} inbox={inbox} />
          ))}
        </Stack>
      )}
    </>
  );
}

function InboxFollowUp({ inbox }: { inbox: Inbox }) {
  const settings = useFollowUpSettings(inbox.id);
  const save = useSaveFollowUpSettings(inbox.id);
  const [days, setDays] = useState<number | string>(3);
  const [timing, setTiming] = useState<SurveyTiming>('with_check_in');
  useEffect(() => {
    if (!settings.data) return;
    setDays(settings.data.checkInDays);
    setTiming(settings.data.surveyTiming);
  }, [settings.data]);
  const headingId = `follow-up-${inbox.id}`;
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId}>
      <Title order={2} fz="md" id={headingId} mb="sm">
        {inbox.name}
      </Title>
      <Group align="flex-end" gap="md">
        <NumberInput
          label="Check-in after (days)"
          description="0 sends no check-in"
          value={days}
          min={0}
          max={60}
          onChange={setDays}
          w={180}
        />
        <Select
          label="Survey"
          data={timingOptions}
          value={timing}
          allowDeselect={false}
          onChange={(value) => value && setTiming(value as SurveyTiming)}
          w={220}
        />
        <Button
          loading={save.isPending}
          onClick={() =>
            save.mutate(
              { checkInDays: Number(days) || 0, surveyTiming: timing },
              {
                onSuccess: () => notifications.show({ message: `Follow-up for ${inbox.name} saved.` }),
                onError: (error) =>
                  notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }),
              },
            )
          }
        >
          Save
        </Button>
      </Group>
      {timing === 'with_check_in' && Number(days) === 0 ? (
        <Text size="sm" c="orange.8" mt="xs">
          With no check-in, no survey goes out either. Choose “Right at resolution” to survey without checking in.
        </Text>
      ) : null}
    </Card>
  );
}
