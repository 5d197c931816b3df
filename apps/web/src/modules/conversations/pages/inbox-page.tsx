import { Box, Kbd, Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconMessages } from '@tabler/icons-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate, useParams } from 'react-router';
import { EmptyPanel } from '../../../ui/empty-panel.tsx';
import { PageHeader } from '../../../ui/page-header.tsx';
import { useMe } from '../../auth/auth.api.ts';
import { ConversationList } from '../components/conversation-list.tsx';
import { ConversationPane } from '../components/conversation-pane.tsx';
import { ShortcutsHelp } from '../components/shortcuts-help.tsx';
import classes from '../components/workspace.module.css';
import { viewBySlug } from '../conversation-words.ts';
import { sendCommand } from '../workspace-commands.ts';

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function isInWorkspace(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.closest('[data-workspace]') !== null;
}

function rowLinks(): HTMLAnchorElement[] {
  return [...document.querySelectorAll<HTMLAnchorElement>('[data-row-link]')];
}

/** Where people work all day: the views, the list, the open conversation and its customer. */
export function InboxPage() {
  const me = useMe();
  if (me.user.role === 'advocate') return <Navigate to="/cases" replace />;
  if (me.user.role === 'analyst') return <AnalystHome />;
  return <Workspace />;
}

function AnalystHome() {
  return (
    <Box p={{ base: 'md', sm: 'xl' }} maw={1200} mx="auto">
      <PageHeader title="Inbox" description="Conversations are worked by agents and admins." />
      <EmptyPanel
        icon={<IconMessages size={28} aria-hidden />}
        title="Reports arrive in a later version"
        description="As an analyst you will read satisfaction, promises kept and contact reasons here. Conversations themselves stay with the people who own them."
      />
    </Box>
  );
}

function Workspace() {
  const params = useParams<{ view?: string; conversationId?: string }>();
  const navigate = useNavigate();
  const location = useLocation();
  const view = viewBySlug(params.view);
  const conversationId = params.conversationId;
  const [helpOpened, setHelpOpened] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  // An open conversation names the tab itself.
  useDocumentTitle(conversationId ? '' : `${view?.label ?? 'Inbox'} · Inbox · Rapport`);

  const listPath = `/inbox/${view?.slug ?? 'mine'}${location.search}`;
  const backToList = useCallback(() => {
    navigate(listPath);
    // Back where the person was in the list.
    setTimeout(() => {
      const row = rowLinks().find((link) => link.dataset.id === conversationId);
      row?.focus();
    }, 0);
  }, [navigate, listPath, conversationId]);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTypingTarget(event.target)) return;
      // A dialog owns the keyboard while it is open.
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      const links = rowLinks();
      const focusedIndex = links.indexOf(document.activeElement as HTMLAnchorElement);
      const openIndex = links.findIndex((link) => link.dataset.id === conversationId);
      const current = focusedIndex >= 0 ? focusedIndex : openIndex;
      const targetId = links[focusedIndex]?.dataset.id ?? conversationId;

      const move = (step: number) => {
        if (links.length === 0) return;
        const next = links[Math.min(links.length - 1, Math.max(0, current < 0 ? 0 : current + step))];
        next?.focus();
        next?.scrollIntoView({ block: 'nearest' });
      };

      switch (event.key) {
        case 'j':
          event.preventDefault();
          move(1);
          return;
        case 'k':
          event.preventDefault();
          move(-1);
          return;
        case '/':
          event.preventDefault();
          searchRef.current?.focus();
          searchRef.current?.select();
          return;
        case '?':
          event.preventDefault();
          setHelpOpened(true);
          return;
        case 'r':
        case 'n':
        case 'e': {
          if (!targetId) return;
          event.preventDefault();
          const command = event.key === 'r' ? 'reply' : event.key === 'n' ? 'note' : 'resolve';
          const isOpen = targetId === conversationId;
          sendCommand(command, targetId, isOpen);
          if (!isOpen) navigate(`/inbox/${view?.slug ?? 'mine'}/${encodeURIComponent(targetId)}${location.search}`);
          return;
        }
        case 'Escape':
          // Only from the workspace itself: an Escape that closed a menu or a popover is not "go back".
          if (conversationId && (event.target === document.body || isInWorkspace(event.target))) {
            event.preventDefault();
            backToList();
          }
          return;
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [conversationId, navigate, view?.slug, location.search, backToList]);

  if (!view) return <Navigate to="/inbox/mine" replace />;

  return (
    <div className={classes.workspace} data-workspace data-open={conversationId ? true : undefined}>
      <section className={classes.listPane} aria-labelledby="inbox-heading">
        <ConversationList view={view} openId={conversationId} searchRef={searchRef} />
      </section>
      {conversationId ? (
        <ConversationPane
          key={conversationId}
          conversationId={conversationId}
          backLabel={view.label}
          onBack={backToList}
        />
      ) : (
        <div className={`${classes.conversationPane} ${classes.placeholderPane}`}>
          <Stack align="center" gap="xs" maw={360} ta="center">
            <IconMessages size={36} aria-hidden color="var(--mantine-color-dimmed)" />
            <Text fw={600}>Pick a conversation to open it</Text>
            <Text size="sm" c="dimmed">
              Move with <Kbd>j</Kbd> and <Kbd>k</Kbd>, open with <Kbd>Enter</Kbd>. Press <Kbd>?</Kbd> for every
              shortcut.
            </Text>
          </Stack>
        </div>
      )}
      <ShortcutsHelp opened={helpOpened} onClose={() => setHelpOpened(false)} />
    </div>
  );
}
