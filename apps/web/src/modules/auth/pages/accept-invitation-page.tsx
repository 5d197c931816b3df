import { Button, Code, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconLinkOff } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { isApiError } from '../../../app/api-client.ts';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { useInvitationLookup } from '../auth.api.ts';
import { AcceptInvitationForm } from '../components/accept-invitation-form.tsx';

type Kind = 'setup' | 'invite';

/** The token travels in the fragment (#token=…) so it never reaches server logs or Referer headers. */
function readToken(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token?.trim() ? token.trim() : null;
}

function LinkProblem({ kind, title, children }: { kind: Kind; title: string; children: ReactNode }) {
  return (
    <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 'xl' }} radius="lg">
      <Stack gap="sm" align="flex-start">
        <IconLinkOff size={32} aria-hidden color="var(--mantine-color-dimmed)" />
        <Title order={1} fz="h3">
          {title}
        </Title>
        {children}
        {kind === 'setup' ? (
          <Text size="sm">
            Restart Rapport or run <Code>npx rapport admin create …</Code> to get a new setup link.
          </Text>
        ) : (
          <Text size="sm">Ask an admin of your Rapport account to send you a new invitation.</Text>
        )}
        <Button component={Link} to="/login" variant="default" mt="xs">
          Go to sign in
        </Button>
      </Stack>
    </Paper>
  );
}

export function AcceptInvitationPage({ kind }: { kind: Kind }) {
  const location = useLocation();
  const token = readToken(location.hash);
  const lookup = useInvitationLookup(token);
  const noun = kind === 'setup' ? 'setup link' : 'invitation link';
  useDocumentTitle(kind === 'setup' ? 'Set up · Rapport' : 'Join · Rapport');

  if (!token) {
    return (
      <LinkProblem kind={kind} title={`This ${noun} is incomplete`}>
        <Text size="sm" c="dimmed">
          The link has no token. Open the complete link, exactly as you received it; the part after # matters.
        </Text>
      </LinkProblem>
    );
  }
  if (lookup.isPending) return <LoadingBlock label="Checking your link…" />;
  if (lookup.isError) {
    const code = isApiError(lookup.error) ? lookup.error.code : null;
    if (code === 'invitation.expired') {
      return (
        <LinkProblem kind={kind} title={`This ${noun} has expired`}>
          <Text size="sm" c="dimmed">
            Links work for a limited time, and only once.
          </Text>
        </LinkProblem>
      );
    }
    // invitation.invalid (404), or a malformed token the server rejects as a bad request.
    if (isApiError(lookup.error) && (lookup.error.status === 404 || lookup.error.status === 400)) {
      return (
        <LinkProblem kind={kind} title={`This ${noun} is not valid`}>
          <Text size="sm" c="dimmed">
            It may have been used already, or replaced by a newer link.
          </Text>
        </LinkProblem>
      );
    }
    return <QueryError error={lookup.error} onRetry={() => lookup.refetch()} title="Your link could not be checked" />;
  }
  return <AcceptInvitationForm key={token} token={token} summary={lookup.data} />;
}
