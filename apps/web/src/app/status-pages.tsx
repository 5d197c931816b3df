import { Button, Center, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconMapQuestion, IconMoodSad } from '@tabler/icons-react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';

export function NotFoundPage() {
  useDocumentTitle('Page not found · Rapport');
  return (
    <Center mih="60dvh" p="md">
      <Stack align="center" gap="sm" maw={460} ta="center">
        <IconMapQuestion size={40} aria-hidden color="var(--mantine-color-dimmed)" />
        <Title order={1} fz="h2">
          Page not found
        </Title>
        <Text c="dimmed">
          This address does not lead anywhere in Rapport. It may have moved, or the link was cut short.
        </Text>
        <Button component={Link} to="/inbox" mt="xs">
          Go to the inbox
        </Button>
      </Stack>
    </Center>
  );
}

/** Shown when rendering a route throws: a bug, not an API error (those are handled on the page). */
export function RouteErrorPage() {
  const error = useRouteError();
  useDocumentTitle('Something went wrong · Rapport');
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  const detail = error instanceof Error ? error.message : null;
  return (
    <Center mih="100dvh" p="md">
      <Paper withBorder radius="lg" p="xl" maw={520} w="100%">
        <Stack gap="sm">
          <IconMoodSad size={36} aria-hidden color="var(--mantine-color-dimmed)" />
          <Title order={1} fz="h3">
            Something went wrong
          </Title>
          <Text c="dimmed">
            Rapport hit an unexpected problem showing this page. Reloading usually helps; your saved work is safe.
          </Text>
          {detail ? <Code block>{detail}</Code> : null}
          <Group mt="xs">
            <Button onClick={() => window.location.reload()}>Reload</Button>
            <Button component="a" href="/inbox" variant="default">
              Go to the inbox
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}
