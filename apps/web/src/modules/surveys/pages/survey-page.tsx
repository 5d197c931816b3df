import { Alert, Box, Button, Center, Paper, SegmentedControl, Stack, Text, Textarea, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { csatLabels, type PublicSurvey } from '@rapport/contracts';
import { IconMoodEmpty, IconMoodHappy, IconMoodSad, IconMoodSadDizzy, IconMoodSmile } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { errorMessage, isApiError } from '../../../app/api-client.ts';
import { ColorSchemeToggle } from '../../../ui/color-scheme-toggle.tsx';
import { formatDateTime } from '../../../ui/format.ts';
import { useAnswerSurvey, usePublicSurvey } from '../surveys.api.ts';

// Icons, not emoji: a phone's fonts may lack some faces and show empty boxes instead.
const csatFaces: Record<number, typeof IconMoodSad> = {
  1: IconMoodSadDizzy,
  2: IconMoodSad,
  3: IconMoodEmpty,
  4: IconMoodSmile,
  5: IconMoodHappy,
};

/**
 * The customer's survey, opened from a link in an email or a chat, without signing in. A link
 * with ?score= preselects that score, but only the button stores it: mail scanners that open
 * links must not answer for the customer.
 */
export function SurveyPage() {
  const { token = '' } = useParams<{ token: string }>();
  const [searchParams] = useSearchParams();
  const survey = usePublicSurvey(token);
  useDocumentTitle(survey.data ? `How did we do? · ${survey.data.accountName}` : 'How did we do?');
  return (
    <Box mih="100dvh" bg="light-dark(var(--mantine-color-gray-0), var(--mantine-color-dark-8))">
      <Box component="header" p="sm" style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <ColorSchemeToggle />
      </Box>
      <Center component="main" id="main" px="md" pb="xl">
        <Paper withBorder radius="lg" p={{ base: 'lg', sm: 'xl' }} w="100%" maw={520} shadow="sm">
          {survey.isPending ? (
            <Text role="status">Opening your survey…</Text>
          ) : survey.isError ? (
            <SurveyUnavailable error={survey.error} />
          ) : (
            <SurveyForm token={token} survey={survey.data} preselected={Number(searchParams.get('score')) || null} />
          )}
        </Paper>
      </Center>
    </Box>
  );
}

function SurveyUnavailable({ error }: { error: unknown }) {
  const expired = isApiError(error) && error.code === 'survey.expired';
  return (
    <Stack gap="sm">
      <Title order={1} fz="h2">
        {expired ? 'This survey has closed' : 'This link does not work'}
      </Title>
      <Text>
        {expired
          ? 'Thank you for wanting to tell us. The survey was open for two weeks; if something is still not right, reply to our last message and we will pick it up.'
          : errorMessage(error)}
      </Text>
    </Stack>
  );
}

function SurveyForm(props: { token: string; survey: PublicSurvey; preselected: number | null }) {
  const { survey } = props;
  const answer = useAnswerSurvey(props.token);
  const changeable = survey.changeableUntil === null || Date.parse(survey.changeableUntil) > Date.now();
  const [editing, setEditing] = useState(survey.answer === null);
  const initialCsat = survey.answer?.csat ?? (props.preselected && props.preselected <= 5 ? props.preselected : null);
  const [csat, setCsat] = useState<string | null>(initialCsat ? String(initialCsat) : null);
  const [effort, setEffort] = useState<string | null>(survey.answer?.effort ? String(survey.answer.effort) : null);
  const [comment, setComment] = useState(survey.answer?.comment ?? '');
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (answer.isSuccess) setEditing(false);
  }, [answer.isSuccess]);
  const hello = survey.customerName ? `Thanks, ${survey.customerName.split(/\s+/)[0]}.` : 'Thank you.';

  if (!editing && survey.answer) {
    return (
      <Stack gap="sm" role="status" aria-live="polite">
        <Title order={1} fz="h2">
          {hello} Your answer is saved.
        </Title>
        <Text>
          You told {survey.accountName}: {csatLabels[survey.answer.csat]?.toLowerCase()}
          {survey.answer.effort ? `, effort ${survey.answer.effort} of 7` : ''}.
        </Text>
        {survey.answer.csat <= 2 || (survey.answer.effort ?? 0) >= 5 ? (
          <Text>We are sorry it was not better. The person who helped you will get in touch to put it right.</Text>
        ) : (
          <Text>It helps the team know what to keep doing.</Text>
        )}
        {changeable && survey.changeableUntil ? (
          <Button variant="subtle" onClick={() => setEditing(true)} w="fit-content" px={0}>
            Change my answer (until {formatDateTime(survey.changeableUntil)})
          </Button>
        ) : null}
      </Stack>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!csat) {
      setMissing(true);
      return;
    }
    answer.mutate({
      csat: Number(csat),
      ...(effort ? { effort: Number(effort) } : {}),
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="lg">
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            {survey.accountName}
          </Text>
          <Title order={1} fz="h2">
            How did we do?
          </Title>
          <Text size="sm" c="dimmed">
            About “{survey.subject}”
          </Text>
        </Stack>
        <Stack gap={6}>
          <Text component="span" fw={600} id="csat-label">
            How happy are you with the help you got?
          </Text>
          <SegmentedControl
            aria-labelledby="csat-label"
            fullWidth
            size="md"
            value={csat ?? ''}
            onChange={(value) => {
              setCsat(value);
              setMissing(false);
            }}
            data={[1, 2, 3, 4, 5].map((score) => {
              const Face = csatFaces[score] ?? IconMoodEmpty;
              return {
                value: String(score),
                label: (
                  <Stack gap={0} align="center">
                    <Face size={26} stroke={1.6} aria-hidden />
                    <Text size="xs">{score}</Text>
                    <span className="visually-hidden">{csatLabels[score]}</span>
                  </Stack>
                ),
              };
            })}
          />
          <Text size="xs" c="dimmed">
            1 is very unhappy, 5 is very happy.{csat ? ` You chose: ${csatLabels[Number(csat)]}.` : ''}
          </Text>
          {missing ? (
            <Text size="sm" c="red" role="alert">
              Choose a score from 1 to 5.
            </Text>
          ) : null}
        </Stack>
        <Stack gap={6}>
          <Text component="span" fw={600} id="effort-label">
            How easy was it to get this solved?
          </Text>
          <SegmentedControl
            aria-labelledby="effort-label"
            fullWidth
            value={effort ?? ''}
            onChange={setEffort}
            data={[1, 2, 3, 4, 5, 6, 7].map((score) => ({ value: String(score), label: String(score) }))}
          />
          <Text size="xs" c="dimmed">
            1 is very easy, 7 is very hard. Optional.
          </Text>
        </Stack>
        <Textarea
          label="Anything you want to tell us?"
          description="Optional. The person who helped you reads it."
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          autosize
          minRows={3}
          maxLength={5000}
        />
        {answer.isError ? (
          <Alert color="red" title="Your answer was not saved" role="alert">
            {errorMessage(answer.error)}
          </Alert>
        ) : null}
        <Button type="submit" size="md" loading={answer.isPending} fullWidth>
          Send my answer
        </Button>
      </Stack>
    </form>
  );
}
