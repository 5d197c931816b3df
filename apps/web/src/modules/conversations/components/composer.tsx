import {
  ActionIcon,
  Button,
  Combobox,
  FileButton,
  Group,
  SegmentedControl,
  Text,
  Textarea,
  Tooltip,
  useCombobox,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type Conversation, fillSavedReply, firstNameOf, type SavedReply } from '@rapport/contracts';
import { IconLock, IconMessageReply, IconPaperclip, IconSend } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../../app/api-client.ts';
import { useLiveChannel } from '../../../app/live-provider.tsx';
import { type PendingUpload, uploadAttachment } from '../../attachments/attachments.api.ts';
import { PendingUploads } from '../../attachments/components/pending-uploads.tsx';
import { useMe } from '../../auth/auth.api.ts';
import { CoachAssist } from '../../coach/components/coach-assist.tsx';
import { useSavedReplies } from '../../saved-replies/saved-replies.api.ts';
import { channelPhrases, customerName } from '../conversation-words.ts';
import { useSendMessage } from '../conversations.api.ts';
import { useWorkspaceCommand } from '../workspace-commands.ts';
import classes from './workspace.module.css';

type Mode = 'reply' | 'note';

// Drafts survive moving between conversations (not a reload): a half-written reply is never lost by a click.
const drafts = new Map<string, { text: string; mode: Mode; uploads: PendingUpload[] }>();
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
  const [uploads, setUploads] = useState<PendingUpload[]>(() => drafts.get(conversation.id)?.uploads ?? []);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const idleTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const effectiveMode: Mode = notesOnly ? 'note' : mode;
  const customer = customerName(conversation.customer.name);

  useEffect(() => {
    if (text || uploads.length > 0) drafts.set(conversation.id, { text, mode, uploads });
    else drafts.delete(conversation.id);
  }, [conversation.id, text, mode, uploads]);

  const attachFiles = (files: File[]) => {
    for (const file of files) {
      const key = `${file.name}:${file.size}:${Math.random().toString(36).slice(2)}`;
      const settle = (next: PendingUpload) =>
        setUploads((current) => current.map((upload) => (upload.key === key ? next : upload)));
      setUploads((current) => [...current, { key, name: file.name, size: file.size, state: 'uploading' }]);
      uploadAttachment(file).then(
        (attachment) => settle({ key, name: file.name, size: file.size, state: 'ready', attachment }),
        (error: unknown) =>
          settle({ key, name: file.name, size: file.size, state: 'failed', reason: errorMessage(error) }),
      );
    }
  };
  const removeUpload = (key: string) => setUploads((current) => current.filter((upload) => upload.key !== key));

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
  const ready = uploads.flatMap((upload) => (upload.state === 'ready' ? [upload.attachment.id] : []));
  const stillUploading = uploads.some((upload) => upload.state === 'uploading');
  const canSend = (text.trim().length > 0 || ready.length > 0) && !hasUnfilled && !stillUploading && !send.isPending;

  const submit = () => {
    if (!canSend) return;
    const body = text.trim();
    send.mutate(
      { direction: effectiveMode === 'note' ? 'note' : 'outbound', body, attachmentIds: ready },
      {
        onSuccess: () => {
          setText('');
          setSavedReplyText(null);
          setUploads([]);
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
          onPaste={(event) => {
            const files = [...event.clipboardData.files];
            if (files.length === 0) return;
            event.preventDefault();
            attachFiles(files);
          }}
          onDrop={(event) => {
            const files = [...event.dataTransfer.files];
            if (files.length === 0) return;
            event.preventDefault();
            attachFiles(files);
          }}
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
        <PendingUploads uploads={uploads} onRemove={removeUpload} />
        {hasUnfilled ? (
          <Text size="xs" c="var(--mantine-color-yellow-light-color)" px={4} role="status">
            Replace the parts in {'{{ }}'} before sending: Rapport had no value for them.
          </Text>
        ) : null}
        <Group justify="space-between" gap="xs" mt={4} wrap="nowrap">
          <Group gap={4} wrap="nowrap">
            <FileButton onChange={attachFiles} multiple>
              {(props) => (
                <Tooltip label="Attach files (or paste or drop them into the box)">
                  <ActionIcon {...props} variant="subtle" color="gray" aria-label="Attach files">
                    <IconPaperclip size={18} aria-hidden />
                  </ActionIcon>
                </Tooltip>
              )}
            </FileButton>
            {notesOnly ? null : <SavedReplyPicker onPick={insertSavedReply} />}
          </Group>
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
