import { Button, Drawer, Stack, Text } from '@mantine/core';
import { useDisclosure, useDocumentTitle, useMediaQuery } from '@mantine/hooks';
import { IconArrowLeft } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useConversationPresence } from '../../../app/live-provider.tsx';
import { QueryError } from '../../../ui/query-state.tsx';
import { FrustrationCue } from '../../coach/components/frustration-cue.tsx';
import { FollowThroughPanels } from '../../commitments/components/follow-through-panels.tsx';
import { CustomerProfile } from '../../customers/components/customer-profile.tsx';
import { useConversation } from '../conversations.api.ts';
import { Composer } from './composer.tsx';
import { ConversationDetails } from './conversation-details.tsx';
import { ConversationHeader } from './conversation-header.tsx';
import { HandoffBanner } from './handoff-banner.tsx';
import { PresenceStrip } from './presence-strip.tsx';
import { Timeline } from './timeline.tsx';
import classes from './workspace.module.css';

type ConversationPaneProps = {
  conversationId: string;
  backLabel: string;
  onBack: () => void;
};

/** The open conversation, with its customer beside it (or in a drawer on narrower screens). */
export function ConversationPane({ conversationId, backLabel, onBack }: ConversationPaneProps) {
  const conversation = useConversation(conversationId);
  const presence = useConversationPresence(conversationId);
  const [profileOpened, profile] = useDisclosure(false);
  // Read at once (not after a first paint) so the layout does not jump between one and two columns.
  const wide = useMediaQuery('(min-width: 75em)', true, { getInitialValueInEffect: false });
  useDocumentTitle(conversation.data ? `#${conversation.data.number} ${conversation.data.subject} · Rapport` : '');
  const loaded = !!conversation.data;

  // On a phone the list is hidden once a conversation opens: focus follows to its heading instead
  // of staying on a row nobody can see.
  useEffect(() => {
    if (!loaded) return;
    const active = document.activeElement;
    if (active instanceof HTMLElement && active !== document.body && active.offsetParent !== null) return;
    document.getElementById('conversation-heading')?.focus({ preventScroll: true });
  }, [loaded]);

  if (conversation.isError || !conversation.data) {
    return (
      <section className={classes.conversationPane} aria-label="Conversation">
        <Stack p="md" gap="sm">
          <Button
            variant="subtle"
            hiddenFrom="sm"
            leftSection={<IconArrowLeft size={16} aria-hidden />}
            onClick={onBack}
            w="fit-content"
          >
            Back to {backLabel}
          </Button>
          {conversation.isError ? (
            <QueryError
              error={conversation.error}
              title="This conversation could not be opened"
              onRetry={() => conversation.refetch()}
            />
          ) : (
            <Text size="sm" c="dimmed" role="status">
              Opening the conversation…
            </Text>
          )}
        </Stack>
      </section>
    );
  }

  const data = conversation.data;
  const side = (
    <>
      <ConversationDetails conversation={data} />
      <FollowThroughPanels conversation={data} />
      <CustomerProfile customerId={data.customer.id} currentConversationId={data.id} />
    </>
  );

  return (
    <>
      <section className={classes.conversationPane} aria-labelledby="conversation-heading">
        <ConversationHeader
          conversation={data}
          backLabel={backLabel}
          onBack={onBack}
          onOpenProfile={wide ? undefined : profile.open}
        />
        <HandoffBanner conversation={data} />
        <FrustrationCue conversationId={data.id} />
        <Timeline conversation={data} />
        <PresenceStrip viewers={presence.viewers} typing={presence.typing} />
        <Composer conversation={data} />
      </section>
      {wide ? (
        <aside className={classes.profilePane} aria-label="Conversation details and customer profile">
          {side}
        </aside>
      ) : (
        <Drawer
          opened={profileOpened}
          onClose={profile.close}
          position="right"
          size={360}
          title="Details and customer"
          closeButtonProps={{ 'aria-label': 'Close customer profile' }}
          styles={{ body: { padding: 0 } }}
        >
          {side}
        </Drawer>
      )}
    </>
  );
}
