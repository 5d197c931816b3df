import { Button, Combobox, Group, SegmentedControl, Text, Textarea, useCombobox } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type Conversation, fillSavedReply, firstNameOf, type SavedReply } from '@rapport/contracts';
import { IconLock, IconMessageReply, IconSend } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../../app/api-client.ts';
import { useLiveChannel } from '../../../app/live-provider.tsx';
import { useMe } from '../../auth/auth.api.ts';
import { CoachAssist } from '../../coach/components/coach-assist.tsx';
import { useSavedReplies } from '../../saved-replies/saved-replies.api.ts';
import { channelPhrases, customerName } from '../conversation-words.ts';
import { useSendMessage } from '../conversations.api.ts';
import { useWorkspaceCommand } from '../workspace-commands.ts';
import classes from './workspace.module.css';

type Mode = 'reply' | 'note';

// Drafts survive moving between conversations (not a reload): a half-written reply is never lost by a click.
const drafts = new Map<string, { text: string; mode: Mode }>();
const unfilledPlaceholder = /\{\{\s*[\w.]+\s*\}\}/;
const typingIdleMs = 4_000;

function SavedReplyPicker({ onPick }: { onPick: (reply: SavedReply) => void }) {
  const replies = useSavedReplies();
  const [search, setSearch] = useState('');
  const store = useCombobox({
    onDropdownClose: () => {
      store.resetSelectedOption();
      setSearch('');
    },
    onDropdownOpen: () => store.focusSearchInput(),
  });
  const needle = search.trim().toLowerCase();
  const shown = (replies.data ?? []).filter(
    (reply) => !needle || reply.title.toLowerCase().includes(needle) || reply.body.toLowerCase().includes(needle),
  );
  return (
    <Combobox
      store={store}
      width={340}
      position="top-start"
      shadow="md"
      onOptionSubmit={(id) => {
        const reply = replies.data?.find((item) => item.id === id);
        store.closeDropdown();
        if (reply) onPick(reply);
      }}
    >
      <Combobox.Target withAriaAttributes={false}>
        <Button
          variant="subtle"
          size="compact-sm"
          color="gray"
          leftSection={<IconMessageReply size={16} aria-hidden />}
          onClick={() => store.toggleDropdown()}
          aria-haspopup="listbox"
          aria-expanded={store.dropdownOpened}
        >
          Saved replies
        </Button>
      </Combobox.Target>
      <Combobox.Dropdown>
        <Combobox.Search
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          placeholder="Find a saved reply"
          aria-label="Find a saved reply"
        />
        <Combobox.Options mah={280} style={{ overflowY: 'auto' }} aria-label="Saved replies">
          {replies.isPending ? <Combobox.Empty>Loading…</Combobox.Empty> : null}
          {replies.data && shown.length === 0 ? (
            <Combobox.Empty>
              {replies.data.length === 0 ? 'No saved replies yet. Admins add them in Settings.' : 'None match'}
            </Combobox.Empty>
          ) : null}
          {shown.map((reply) => (
            <Combobox.Option value={reply.id} key={reply.id}>
              <Text size="sm" fw={600}>
                {reply.title}
              </Text>
              <Text size="xs" c="dimmed" lineClamp={2}>
                {reply.body}
              </Text>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

type ComposerProps = {
  conversation: Conversation;
  /** Advocates add notes for the owner; they do not write to the customer. */
  notesOnly?: boolean;
};

/** Replies to the customer in their channel, or notes for colleagues; saved replies fill in from the profile. */
export function Composer({ conversation, notesOnly = false }: ComposerProps) {
  const me = useMe();
  const live = useLiveChannel();
  const send = useSendMessage(conversation.id);
  const ownedByOther = !!conversation.owner && conversation.owner.id !== me.user.id;
  const [mode, setMode] = useState<Mode>(
    () => drafts.get(conversation.id)?.mode ?? (notesOnly || ownedByOther ? 'note' : 'reply'),
  );
  const [text, setText] = useState(() => drafts.get(conversation.id)?.text ?? '');
  const [savedReplyText, setSavedReplyText] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const effectiveMode: Mode = notesOnly ? 'note' : mode;
  const customer = customerName(conversation.customer.name);

  useEffect(() => {
    if (text) drafts.set(conversation.id, { text, mode });
    else drafts.delete(conversation.id);
  }, [conversation.id, text, mode]);

  // Leaving the conversation ends "typing" at once instead of after the server's expiry.
  useEffect(() => {
    const id = conversation.id;
    return () => {
      clearTimeout(idleTimer.current);
      live?.typing(id, false);
    };
  }, [conversation.id, live]);

  useWorkspaceCommand(conversation.id, true, (command) => {
    if (command === 'reply' && !notesOnly) setMode('reply');
    else if (command === 'note') setMode('note');
    else return;
    textarea.current?.focus();
  });

  const stopTyping = () => {
    clearTimeout(idleTimer.current);
    live?.typing(conversation.id, false);
  };

  const onType = (value: string) => {
    setText(value);
    if (!value.trim()) {
      stopTyping();
      return;
    }
    live?.typing(conversation.id, true);
    clearTimeout(idleTimer.current);
    idleTimer.current = setTimeout(stopTyping, typingIdleMs);
  };

  const insertSavedReply = (reply: SavedReply) => {
    const name = conversation.customer.name;
    const filled = fillSavedReply(reply.body, {
      'customer.name': name,
      'customer.firstName': firstNameOf(name),
      'agent.name': me.user.name,
      'agent.firstName': firstNameOf(me.user.name),
      'conversation.number': conversation.number,
    });
    const node = textarea.current;
    const start = node?.selectionStart ?? text.length;
    const end = node?.selectionEnd ?? text.length;
    const next = text ? `${text.slice(0, start)}${filled}${text.slice(end)}` : filled;
    setSavedReplyText(next);
    onType(next);
    requestAnimationFrame(() => {
      node?.focus();
      const caret = (text ? start : 0) + filled.length;
      node?.setSelectionRange(caret, caret);
    });
  };

  const hasUnfilled = unfilledPlaceholder.test(text);
  const canSend = text.trim().length > 0 && !hasUnfilled && !send.isPending;

  const submit = () => {
    if (!canSend) return;
    const body = text.trim();
    send.mutate(
      { direction: effectiveMode === 'note' ? 'note' : 'outbound', body },
      {
        onSuccess: () => {
          setText('');
          setSavedReplyText(null);
          stopTyping();
        },
        onError: (error) =>
          notifications.show({
            color: 'red',
            title: effectiveMode === 'note' ? 'The note was not added' : 'The reply was not sent',
            message: `${errorMessage(error)} Your text is still in the box.`,
          }),
      },
    );
  };

  if (conversation.status === 'closed') {
    return (
      <div className={classes.composer}>
        <Text size="sm" c="dimmed" ta="center" py="sm">
          This conversation is closed. If the customer writes again, a new conversation starts.
        </Text>
      </div>
    );
  }

  const hint =
    effectiveMode === 'note'
      ? notesOnly
        ? 'Notes reach the owner and the team. The customer does not see them.'
        : 'Only your colleagues see notes.'
      : ownedByOther
        ? `${conversation.owner?.name} owns this conversation; your reply still goes to ${customer} ${channelPhrases[conversation.channel]}.`
        : `Goes to ${customer} ${channelPhrases[conversation.channel]}.`;

  return (
    <div className={classes.composer}>
      <form
        className={classes.composerBox}
        data-mode={effectiveMode}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Group gap="sm" wrap="nowrap" mb={4}>
          {notesOnly ? null : (
            <SegmentedControl
              size="xs"
              value={mode}
              onChange={(value) => setMode(value as Mode)}
              aria-label="Message type"
              data={[
                { value: 'reply', label: 'Reply' },
                { value: 'note', label: 'Internal note' },
              ]}
              style={{ flex: 'none' }}
            />
          )}
          <Text size="xs" c="dimmed" truncate="end" title={hint}>
            {hint}
          </Text>
        </Group>
        <Textarea
          ref={textarea}
          aria-label={effectiveMode === 'note' ? 'Internal note' : `Reply to ${customer}`}
          placeholder={effectiveMode === 'note' ? 'Write a note for your colleagues…' : `Write to ${customer}…`}
          autosize
          minRows={2}
          maxRows={10}
          variant="unstyled"
          px={4}
          value={text}
          onChange={(event) => onType(event.currentTarget.value)}
          onBlur={stopTyping}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              submit();
            }
            if (event.key === 'Escape') event.currentTarget.blur();
          }}
        />
        <CoachAssist
          conversation={conversation}
          text={text}
          onTextChange={onType}
          textarea={textarea}
          savedReply={savedReplyText}
          enabled={effectiveMode === 'reply'}
        />
        {hasUnfilled ? (
          <Text size="xs" c="var(--mantine-color-yellow-light-color)" px={4} role="status">
            Replace the parts in {'{{ }}'} before sending: Rapport had no value for them.
          </Text>
        ) : null}
        <Group justify="space-between" gap="xs" mt={4} wrap="nowrap">
          {notesOnly ? <span /> : <SavedReplyPicker onPick={insertSavedReply} />}
          <Button
            type="submit"
            size="compact-md"
            disabled={!canSend}
            loading={send.isPending}
            leftSection={
              effectiveMode === 'note' ? <IconLock size={16} aria-hidden /> : <IconSend size={16} aria-hidden />
            }
            style={{ flex: 'none' }}
          >
            {effectiveMode === 'note' ? 'Add note' : 'Send reply'}
          </Button>
        </Group>
      </form>
    </div>
  );
}
