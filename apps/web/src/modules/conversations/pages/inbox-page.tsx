import { Button } from '@mantine/core';
import { IconInbox } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyPanel } from '../../../ui/empty-panel.tsx';
import { PageHeader } from '../../../ui/page-header.tsx';
import { useMe } from '../../auth/auth.api.ts';

/** The signed-in home. Conversations arrive with the channels of a later version; until then it is honestly empty. */
export function InboxPage() {
  const me = useMe();
  const isAdmin = me.user.role === 'admin';
  return (
    <>
      <PageHeader title="Inbox" description={`Conversations of ${me.account.name} that you own or can pick up.`} />
      <EmptyPanel
        icon={<IconInbox size={30} aria-hidden />}
        title="No conversations yet"
        description={
          isAdmin
            ? 'When customers write in by email, chat or messaging, each conversation lands here with one owner who sees it through. Channels arrive in a later version of Rapport; meanwhile you can set up your teams and inboxes.'
            : 'When customers write in by email, chat or messaging, each conversation lands here with one owner who sees it through. Channels arrive in a later version of Rapport.'
        }
        actions={
          isAdmin ? (
            <>
              <Button component={Link} to="/settings/teams" variant="default">
                Set up teams
              </Button>
              <Button component={Link} to="/settings/inboxes" variant="default">
                Set up inboxes
              </Button>
            </>
          ) : undefined
        }
      />
    </>
  );
}
