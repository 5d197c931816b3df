import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { EmailChannelSettings, Inbox, InboxChannel } from '@rapport/contracts';
import { type FormEvent, useState } from 'react';
import { isApiError } from '../../../app/api-client.ts';
import { LoadingBlock, QueryError } from '../../../ui/query-state.tsx';
import { useInboxChannels, useSaveEmailChannel } from '../channels.api.ts';

type Server = { host: string; port: number; secure: boolean; user: string; password: string };
const noServer = (port: number, secure: boolean): Server => ({ host: '', port, secure, user: '', password: '' });

/** Admins point an inbox at email: the addresses it receives, where replies leave from, an optional mailbox to poll. */
export function EmailChannelModal({ inbox, onClose }: { inbox: Inbox | null; onClose: () => void }) {
  return (
    <Modal opened={inbox !== null} onClose={onClose} title={inbox ? `Email for ${inbox.name}` : ''} size="lg">
      {inbox ? <EmailChannelLoader key={inbox.id} inbox={inbox} onDone={onClose} /> : null}
    </Modal>
  );
}

function EmailChannelLoader({ inbox, onDone }: { inbox: Inbox; onDone: () => void }) {
  const channels = useInboxChannels(inbox.id);
  if (channels.isPending) return <LoadingBlock />;
  if (channels.isError) return <QueryError error={channels.error} onRetry={() => channels.refetch()} />;
  return (
    <EmailChannelForm inbox={inbox} current={channels.data.find((c) => c.kind === 'email') ?? null} onDone={onDone} />
  );
}

function serverFrom(value: unknown, port: number, secure: boolean): Server {
  if (!value || typeof value !== 'object') return noServer(port, secure);
  const server = value as Partial<Server>;
  return {
    host: server.host ?? '',
    port: server.port ?? port,
    secure: server.secure ?? secure,
    user: server.user ?? '',
    password: '',
  };
}

function EmailChannelForm({
  inbox,
  current,
  onDone,
}: {
  inbox: Inbox;
  current: InboxChannel | null;
  onDone: () => void;
}) {
  const save = useSaveEmailChannel(inbox.id);
  const settings = (current?.settings ?? {}) as Partial<EmailChannelSettings>;
  const [addresses, setAddresses] = useState<string[]>(settings.addresses ?? []);
  const [fromName, setFromName] = useState(settings.fromName ?? '');
  const [acknowledgement, setAcknowledgement] = useState(settings.acknowledgement ?? false);
  const [useSmtp, setUseSmtp] = useState(Boolean(settings.smtp));
  const [smtp, setSmtp] = useState<Server>(serverFrom(settings.smtp, 587, false));
  const [useImap, setUseImap] = useState(Boolean(settings.imap));
  const [imap, setImap] = useState<Server>(serverFrom(settings.imap, 993, true));
  const [mailbox, setMailbox] = useState((settings.imap as { mailbox?: string } | null)?.mailbox ?? 'INBOX');
  const [error, setError] = useState<string | null>(null);
  const secretSet = (name: string) => current?.secretsSet.some((secret) => secret.startsWith(name)) ?? false;

  const server = (value: Server) => ({
    host: value.host.trim(),
    port: value.port,
    secure: value.secure,
    ...(value.user.trim() ? { user: value.user.trim() } : {}),
    // Left empty, the stored password is kept.
    ...(value.password ? { password: value.password } : {}),
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (addresses.length === 0) {
      setError('Add at least one address customers write to, e.g. help@yourcompany.example.');
      return;
    }
    setError(null);
    save.mutate(
      {
        addresses,
        ...(fromName.trim() ? { fromName: fromName.trim() } : {}),
        acknowledgement,
        smtp: useSmtp ? server(smtp) : null,
        imap: useImap ? { ...server(imap), user: imap.user.trim(), mailbox: mailbox.trim() || 'INBOX' } : null,
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `Email for ${inbox.name} saved.` });
          onDone();
        },
        onError: (failure) => setError(isApiError(failure) ? failure.message : 'The settings were not saved.'),
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {error ? (
          <Alert color="red" variant="light" role="alert" title="Check the email settings">
            {error}
          </Alert>
        ) : null}
        <TagsInput
          label="Addresses"
          description="Mail to these addresses lands in this inbox. Point your domain's MX record or forwarding at Rapport's mail port (2525 unless changed)."
          placeholder="help@yourcompany.example, then Enter"
          value={addresses}
          onChange={setAddresses}
          splitChars={[',', ' ']}
          clearable
        />
        <TextInput
          label="Sender name"
          description="Shown beside the agent's name on replies."
          placeholder="e.g. Fictional Lamps"
          value={fromName}
          onChange={(event) => setFromName(event.currentTarget.value)}
        />
        <Switch
          label="Acknowledge new emails"
          description="One honest reply saying when a person will answer, from this inbox's real response times. Never to auto-replies or mailing lists."
          checked={acknowledgement}
          onChange={(event) => setAcknowledgement(event.currentTarget.checked)}
        />
        <Fieldset legend="Sending replies">
          <Checkbox
            label="Send through this inbox's own mail server"
            description="Otherwise replies go through the server-wide RAPPORT_SMTP_URL."
            checked={useSmtp}
            onChange={(event) => setUseSmtp(event.currentTarget.checked)}
          />
          {useSmtp ? (
            <ServerFields value={smtp} onChange={setSmtp} passwordSet={secretSet('smtp')} name="SMTP" />
          ) : null}
        </Fieldset>
        <Fieldset legend="Polling an existing mailbox">
          <Checkbox
            label="Also fetch mail from a mailbox over IMAP"
            description="For teams that keep their current mail provider. Each message is imported once and marked read."
            checked={useImap}
            onChange={(event) => setUseImap(event.currentTarget.checked)}
          />
          {useImap ? (
            <>
              <ServerFields value={imap} onChange={setImap} passwordSet={secretSet('imap')} name="IMAP" />
              <TextInput
                mt="sm"
                label="Folder"
                value={mailbox}
                onChange={(event) => setMailbox(event.currentTarget.value)}
              />
            </>
          ) : null}
        </Fieldset>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save email settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ServerFields({
  value,
  onChange,
  passwordSet,
  name,
}: {
  value: Server;
  onChange: (next: Server) => void;
  passwordSet: boolean;
  name: string;
}) {
  return (
    <Stack gap="sm" mt="sm">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput
          label={`${name} host`}
          placeholder="mail.example.test"
          value={value.host}
          onChange={(event) => onChange({ ...value, host: event.currentTarget.value })}
          style={{ gridColumn: 'span 2' }}
        />
        <NumberInput
          label="Port"
          min={1}
          max={65535}
          value={value.port}
          onChange={(port) => onChange({ ...value, port: Number(port) || value.port })}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="User"
          autoComplete="off"
          value={value.user}
          onChange={(event) => onChange({ ...value, user: event.currentTarget.value })}
        />
        <PasswordInput
          label="Password"
          autoComplete="new-password"
          placeholder={passwordSet ? 'Saved; leave empty to keep it' : ''}
          value={value.password}
          onChange={(event) => onChange({ ...value, password: event.currentTarget.value })}
        />
      </SimpleGrid>
      <Checkbox
        label="TLS from the start (ports 465 and 993)"
        checked={value.secure}
        onChange={(event) => onChange({ ...value, secure: event.currentTarget.checked })}
      />
      <Text size="xs" c="dimmed">
        Passwords are stored for sending and fetching only; they are never shown again or written to logs.
      </Text>
    </Stack>
  );
}
