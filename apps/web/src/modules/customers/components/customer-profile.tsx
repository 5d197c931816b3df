import {
  Anchor,
  Avatar,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Customer, IdentityKind } from '@rapport/contracts';
import {
  IconAt,
  IconBrandMessenger,
  IconClock,
  IconLanguage,
  IconMessageCircle,
  IconPencil,
  IconPhone,
  IconUserCheck,
} from '@tabler/icons-react';
import { type FormEvent, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage, isApiError } from '../../../app/api-client.ts';
import { DialogForm } from '../../../ui/dialog-form.tsx';
import { formatAgo, formatDate, languageName, localTimeIn } from '../../../ui/format.ts';
import { QueryError } from '../../../ui/query-state.tsx';
import { useNow } from '../../../ui/use-now.ts';
import { CustomerRelationship } from '../../commitments/components/customer-relationship.tsx';
import classes from '../../conversations/components/workspace.module.css';
import { customerName, identityLabels, statusColors, statusLabels } from '../../conversations/conversation-words.ts';
import { useConversationsOf } from '../../conversations/conversations.api.ts';
import { useAddCustomerNote, useCustomer, useCustomerNotes, useUpdateCustomer } from '../customers.api.ts';

const identityIcons: Record<IdentityKind, typeof IconAt> = {
  email: IconAt,
  phone: IconPhone,
  chat_visitor: IconMessageCircle,
  social_handle: IconBrandMessenger,
  site_user: IconUserCheck,
};

function SectionTitle({ id, children }: { id: string; children: string }) {
  return (
    <Title order={3} fz="xs" tt="uppercase" c="dimmed" id={id} mb={6} style={{ letterSpacing: '0.04em' }}>
      {children}
    </Title>
  );
}

function attributeValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Everything known about the customer, beside every conversation: who they are on each channel,
 * their language and local time, what the team noted, and how their past conversations ended.
 * Satisfaction, promises and exceptions get their place now and fill in as those capabilities land.
 */
export function CustomerProfile({
  customerId,
  currentConversationId,
}: {
  customerId: string;
  currentConversationId: string;
}) {
  const customer = useCustomer(customerId);
  const now = useNow(30_000);
  const [editing, setEditing] = useState(false);

  if (customer.isPending) {
    return (
      <Group p="md" gap="xs" role="status">
        <Loader size="xs" aria-hidden />
        <Text size="sm" c="dimmed">
          Loading the customer…
        </Text>
      </Group>
    );
  }
  if (customer.isError) {
    return (
      <Stack p="md">
        <QueryError error={customer.error} onRetry={() => customer.refetch()} />
      </Stack>
    );
  }
  const profile = customer.data;
  const localTime = profile.timeZone ? localTimeIn(profile.timeZone, now) : undefined;
  const attributes = Object.entries(profile.attributes);

  return (
    <>
      <section className={classes.profileSection} aria-labelledby="customer-heading">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          <Avatar name={customerName(profile.name)} color="indigo" radius="xl" size={40} aria-hidden />
          <div style={{ flex: 1, minWidth: 0 }}>
            <Title order={2} fz="md" id="customer-heading" lineClamp={2}>
              {customerName(profile.name)}
            </Title>
            <Text size="xs" c="dimmed">
              Customer since {formatDate(profile.createdAt)}
            </Text>
          </div>
          <Button
            variant="subtle"
            size="compact-xs"
            leftSection={<IconPencil size={14} aria-hidden />}
            onClick={() => setEditing(true)}
            aria-label={`Edit ${customerName(profile.name)}’s profile`}
          >
            Edit
          </Button>
        </Group>
        <Stack gap={6} mt="sm">
          {profile.identities.map((identity) => {
            const Icon = identityIcons[identity.kind];
            return (
              <Group key={`${identity.kind}:${identity.value}`} gap={8} wrap="nowrap">
                <Icon size={14} aria-hidden style={{ flex: 'none' }} />
                <Text size="sm" truncate="end" title={identity.value}>
                  <span className="visually-hidden">{identityLabels[identity.kind]}: </span>
                  {identity.value}
                </Text>
              </Group>
            );
          })}
          <Group gap={8} wrap="nowrap">
            <IconLanguage size={14} aria-hidden style={{ flex: 'none' }} />
            <Text size="sm">{profile.language ? languageName(profile.language) : 'Language not known'}</Text>
          </Group>
          <Group gap={8} wrap="nowrap">
            <IconClock size={14} aria-hidden style={{ flex: 'none' }} />
            <Text size="sm">
              {localTime ? (
                <>
                  {localTime} for them{' '}
                  <Text span size="xs" c="dimmed">
                    ({profile.timeZone})
                  </Text>
                </>
              ) : (
                'Local time not known'
              )}
            </Text>
          </Group>
        </Stack>
      </section>

      {attributes.length > 0 ? (
        <section className={classes.profileSection} aria-labelledby="attributes-heading">
          <SectionTitle id="attributes-heading">Attributes</SectionTitle>
          <Stack gap={4}>
            {attributes.map(([key, value]) => (
              <Group key={key} justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
                  {key}
                </Text>
                <Text size="xs" ta="right" style={{ overflowWrap: 'anywhere' }}>
                  {attributeValue(value)}
                </Text>
              </Group>
            ))}
          </Stack>
        </section>
      ) : null}

      <PastConversations customerId={profile.id} currentConversationId={currentConversationId} now={now} />

      <section className={classes.profileSection} aria-labelledby="relationship-heading">
        <SectionTitle id="relationship-heading">Satisfaction, promises, exceptions</SectionTitle>
        <CustomerRelationship customerId={profile.id} />
      </section>

      <CustomerNotes customerId={profile.id} now={now} />

      <EditCustomerModal customer={profile} opened={editing} onClose={() => setEditing(false)} />
    </>
  );
}

function PastConversations({
  customerId,
  currentConversationId,
  now,
}: {
  customerId: string;
  currentConversationId: string;
  now: number;
}) {
  const past = useConversationsOf({ customerId, status: undefined }, 20);
  const others = (past.data ?? []).filter((conversation) => conversation.id !== currentConversationId);
  return (
    <section className={classes.profileSection} aria-labelledby="past-heading">
      <SectionTitle id="past-heading">Other conversations</SectionTitle>
      {past.isPending ? (
        <Text size="xs" c="dimmed">
          Loading…
        </Text>
      ) : past.isError ? (
        <Text size="xs" c="dimmed">
          {errorMessage(past.error)}
        </Text>
      ) : others.length === 0 ? (
        <Text size="xs" c="dimmed">
          This is their first conversation.
        </Text>
      ) : (
        <Stack gap={8} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
          {others.map((conversation) => (
            <li key={conversation.id}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Anchor
                  component={Link}
                  to={`/inbox/all/${encodeURIComponent(conversation.id)}`}
                  size="sm"
                  lineClamp={1}
                >
                  #{conversation.number} {conversation.subject}
                </Anchor>
                <Text size="xs" c="dimmed" style={{ flex: 'none' }}>
                  {formatAgo(conversation.lastMessageAt, now)}
                </Text>
              </Group>
              <Group gap={6} mt={2}>
                <Badge size="xs" variant="light" color={statusColors[conversation.status]}>
                  {statusLabels[conversation.status]}
                </Badge>
                {conversation.contactReason ? (
                  <Text size="xs" c="dimmed">
                    {conversation.contactReason}
                  </Text>
                ) : null}
                {conversation.reopenCount > 0 ? (
                  <Text size="xs" c="dimmed">
                    reopened {conversation.reopenCount}×
                  </Text>
                ) : null}
              </Group>
            </li>
          ))}
        </Stack>
      )}
    </section>
  );
}

function CustomerNotes({ customerId, now }: { customerId: string; now: number }) {
  const notes = useCustomerNotes(customerId);
  const add = useAddCustomerNote(customerId);
  const [body, setBody] = useState('');
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!body.trim()) return;
    add.mutate(body.trim(), {
      onSuccess: () => setBody(''),
      onError: (error) => notifications.show({ color: 'red', title: 'Note not added', message: errorMessage(error) }),
    });
  };
  return (
    <section className={classes.profileSection} aria-labelledby="notes-heading">
      <SectionTitle id="notes-heading">Notes about them</SectionTitle>
      <form onSubmit={submit}>
        <Textarea
          size="xs"
          aria-label="New note about the customer"
          placeholder="Something the next person should know"
          autosize
          minRows={2}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
        />
        <Group justify="flex-end" mt={6}>
          <Button type="submit" size="compact-xs" variant="default" disabled={!body.trim()} loading={add.isPending}>
            Add note
          </Button>
        </Group>
      </form>
      <Stack gap="sm" component="ul" mt="sm" mb={0} mx={0} p={0} style={{ listStyle: 'none' }}>
        {(notes.data ?? []).map((note) => (
          <li key={note.id}>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {note.body}
            </Text>
            <Text size="xs" c="dimmed">
              {note.author?.name ?? 'Someone'} · {formatAgo(note.createdAt, now)}
            </Text>
          </li>
        ))}
      </Stack>
    </section>
  );
}

function EditCustomerModal({
  customer,
  opened,
  onClose,
}: {
  customer: Customer;
  opened: boolean;
  onClose: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title="Edit customer" size="md">
      {opened ? <EditCustomerForm customer={customer} onDone={onClose} /> : null}
    </Modal>
  );
}

function EditCustomerForm({ customer, onDone }: { customer: Customer; onDone: () => void }) {
  const update = useUpdateCustomer(customer.id);
  const [name, setName] = useState(customer.name ?? '');
  const [language, setLanguage] = useState(customer.language ?? '');
  const [timeZone, setTimeZone] = useState<string | null>(customer.timeZone);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const zones = useMemo(() => {
    try {
      return Intl.supportedValuesOf('timeZone');
    } catch {
      return [];
    }
  }, []);
  const submit = () => {
    const body: { name?: string; language?: string; timeZone?: string } = {};
    if (name.trim() && name.trim() !== customer.name) body.name = name.trim();
    if (language.trim() && language.trim() !== customer.language) body.language = language.trim();
    if (timeZone && timeZone !== customer.timeZone) body.timeZone = timeZone;
    if (Object.keys(body).length === 0) {
      onDone();
      return;
    }
    update.mutate(body, {
      onSuccess: () => {
        notifications.show({ message: 'Customer profile saved.' });
        onDone();
      },
      onError: (error) => setErrors(isApiError(error) ? error.fields : {}),
    });
  };
  return (
    <DialogForm
      onSubmit={submit}
      error={Object.keys(errors).length > 0 ? null : update.error}
      submitLabel="Save"
      loading={update.isPending}
      onCancel={onDone}
    >
      <TextInput
        label="Name"
        description="Saved replies greet them with it."
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        error={errors.name}
        data-autofocus
      />
      <TextInput
        label="Language"
        description="A language tag such as en, fr or pt-BR."
        value={language}
        onChange={(event) => setLanguage(event.currentTarget.value)}
        error={errors.language}
      />
      <Select
        label="Time zone"
        description="So you can see what time it is for them."
        data={timeZone && !zones.includes(timeZone) ? [timeZone, ...zones] : zones}
        value={timeZone}
        onChange={setTimeZone}
        searchable
        limit={100}
        nothingFoundMessage="No time zone matches"
        error={errors.timeZone}
      />
    </DialogForm>
  );
}
