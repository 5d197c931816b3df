import {
  ActionIcon,
  Badge,
  Box,
  Button,
  CloseButton,
  Group,
  Indicator,
  Kbd,
  Popover,
  Select,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import {
  type Channel,
  type ConversationStatus,
  channels,
  conversationStatuses,
  searchMinimumLength,
} from '@rapport/contracts';
import { IconAdjustmentsHorizontal, IconSearch, IconUser } from '@tabler/icons-react';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { useLocation, useSearchParams } from 'react-router';
import { QueryError } from '../../../ui/query-state.tsx';
import { useNow } from '../../../ui/use-now.ts';
import { useMe } from '../../auth/auth.api.ts';
import { useCustomer } from '../../customers/customers.api.ts';
import { useInboxes } from '../../inboxes/inboxes.api.ts';
import { useSetAvailability } from '../../users/users.api.ts';
import { channelLabels, customerName, type inboxViews, statusLabels } from '../conversation-words.ts';
import {
  type ListFilters,
  useConversationList,
  useSearch,
  useViewCounts,
  type ViewCounts,
} from '../conversations.api.ts';
import { ConversationRow } from './conversation-row.tsx';
import classes from './workspace.module.css';

type View = (typeof inboxViews)[number];

const statusOptions = [
  { value: 'active', label: 'Open or waiting' },
  ...conversationStatuses.map((status) => ({ value: status, label: statusLabels[status] })),
  { value: 'any', label: 'Any status' },
];
const channelOptions = channels.map((channel) => ({ value: channel, label: channelLabels[channel] }));

/** Filters live in the address, so a filtered view can be reloaded, shared and gone back to. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status');
  const filters: ListFilters = {
    status:
      status === 'any'
        ? undefined
        : conversationStatuses.includes(status as ConversationStatus)
          ? (status as ConversationStatus)
          : 'active',
    channel: channels.includes(params.get('channel') as Channel) ? (params.get('channel') as Channel) : undefined,
    inboxId: params.get('inbox') ?? undefined,
    tag: params.get('tag') ?? undefined,
    customerId: params.get('customer') ?? undefined,
  };
  // Several changes go in one update: two updates in one tick would each start from the same address.
  const setMany = (changes: Record<string, string | null>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [name, value] of Object.entries(changes)) {
          if (value) next.set(name, value);
          else next.delete(name);
        }
        return next;
      },
      { replace: true },
    );
  const set = (name: string, value: string | null) => setMany({ [name]: value });
  return { filters, statusParam: status ?? 'active', q: params.get('q') ?? '', set, setMany };
}

type ConversationListProps = {
  view: View;
  openId: string | undefined;
  searchRef: RefObject<HTMLInputElement | null>;
};

export function ConversationList({ view, openId, searchRef }: ConversationListProps) {
  const { filters, statusParam, q, set, setMany } = useFilters();
  const [text, setText] = useState(q);
  const counts = useViewCounts();
  const pushQuery = useDebouncedCallback((value: string) => set('q', value.trim() || null), 250);
  const clearSearch = () => {
    pushQuery.cancel();
    setText('');
    set('q', null);
  };
  // The address changed without typing (another view, back button): the box shows what is searched.
  useEffect(() => setText((current) => (current.trim() === q ? current : q)), [q]);

  const searching = q.length >= searchMinimumLength;
  const activeFilters = [filters.channel, filters.inboxId, filters.tag, filters.customerId].filter(Boolean).length;
  // The counts are of the plain views; with a filter on they would describe a different list.
  const count =
    view.view === 'all' || activeFilters > 0 || statusParam !== 'active'
      ? undefined
      : counts.data?.[view.view as keyof ViewCounts];

  return (
    <>
      <div className={classes.listHeader}>
        <Group justify="space-between" align="baseline" mb="xs" wrap="nowrap">
          <Title order={1} fz="h3" id="inbox-heading" lineClamp={1}>
            <VisuallyHidden>Inbox: </VisuallyHidden>
            {view.label}
          </Title>
          <Text
            size="sm"
            c="dimmed"
            className="tabular-nums"
            aria-hidden={count === undefined}
            style={{ flex: 'none', whiteSpace: 'nowrap' }}
          >
            {count === undefined ? '\u00a0' : `${count} ${count === 1 ? 'conversation' : 'conversations'}`}
          </Text>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <TextInput
            ref={searchRef}
            flex={1}
            size="sm"
            type="search"
            aria-label="Search conversations and customers"
            placeholder="Search"
            leftSection={<IconSearch size={16} aria-hidden />}
            rightSection={
              text ? (
                <CloseButton
                  size="sm"
                  aria-label="Clear search"
                  onClick={() => {
                    clearSearch();
                    searchRef.current?.focus();
                  }}
                />
              ) : (
                <Kbd size="xs" aria-hidden>
                  /
                </Kbd>
              )
            }
            value={text}
            onChange={(event) => {
              setText(event.currentTarget.value);
              pushQuery(event.currentTarget.value);
            }}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                clearSearch();
                event.currentTarget.blur();
              }
              if (event.key === 'Enter') {
                event.preventDefault();
                pushQuery.flush();
              }
              if (event.key === 'ArrowDown') {
                event.preventDefault();
                document.querySelector<HTMLAnchorElement>('[data-row-link]')?.focus();
              }
            }}
          />
          <FiltersButton
            statusParam={statusParam}
            filters={filters}
            activeCount={activeFilters + (statusParam === 'active' ? 0 : 1)}
            showStatus={view.view !== 'waiting_on_us'}
            onChange={set}
          />
        </Group>
        <FilterChips filters={filters} statusParam={statusParam} onChange={set} />
      </div>
      <div className={classes.listBody}>
        {searching ? (
          <SearchResults
            q={q}
            openId={openId}
            viewSlug={view.slug}
            onPickCustomer={(id) => {
              pushQuery.cancel();
              setText('');
              setMany({ q: null, customer: id });
            }}
          />
        ) : (
          <ViewRows view={view} filters={filters} openId={openId} />
        )}
        {text.trim().length > 0 && text.trim().length < searchMinimumLength ? (
          <Text size="xs" c="dimmed" px="md" py="xs">
            Type at least {searchMinimumLength} characters to search.
          </Text>
        ) : null}
      </div>
    </>
  );
}

function FiltersButton(props: {
  statusParam: string;
  filters: ListFilters;
  activeCount: number;
  showStatus: boolean;
  onChange: (name: string, value: string | null) => void;
}) {
  const inboxes = useInboxes();
  const { filters, onChange } = props;
  const [tag, setTag] = useState(filters.tag ?? '');
  useEffect(() => setTag(filters.tag ?? ''), [filters.tag]);
  return (
    <Indicator label={props.activeCount} size={16} disabled={props.activeCount === 0} offset={4}>
      <Popover position="bottom-end" width={280} shadow="md" trapFocus>
        <Popover.Target>
          <ActionIcon
            variant="default"
            size={36}
            aria-label={props.activeCount > 0 ? `Filters, ${props.activeCount} on` : 'Filters'}
          >
            <IconAdjustmentsHorizontal size={18} aria-hidden />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown>
          <Stack gap="sm">
            {props.showStatus ? (
              <Select
                label="Status"
                data={statusOptions}
                value={props.statusParam}
                allowDeselect={false}
                onChange={(value) => onChange('status', value === 'active' ? null : value)}
                comboboxProps={{ withinPortal: false }}
              />
            ) : null}
            <Select
              label="Channel"
              placeholder="Every channel"
              data={channelOptions}
              value={filters.channel ?? null}
              clearable
              onChange={(value) => onChange('channel', value)}
              comboboxProps={{ withinPortal: false }}
            />
            <Select
              label="Inbox"
              placeholder="Every inbox"
              data={(inboxes.data ?? []).map((inbox) => ({ value: inbox.id, label: inbox.name }))}
              value={filters.inboxId ?? null}
              clearable
              onChange={(value) => onChange('inbox', value)}
              comboboxProps={{ withinPortal: false }}
            />
            <form
              onSubmit={(event) => {
                event.preventDefault();
                onChange('tag', tag.trim() || null);
              }}
            >
              <TextInput
                label="Tag"
                placeholder="e.g. refund"
                value={tag}
                onChange={(event) => setTag(event.currentTarget.value)}
                onBlur={() => onChange('tag', tag.trim() || null)}
              />
            </form>
          </Stack>
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}

function FilterChips({
  filters,
  statusParam,
  onChange,
}: {
  filters: ListFilters;
  statusParam: string;
  onChange: (name: string, value: string | null) => void;
}) {
  const inboxes = useInboxes();
  const customer = useCustomer(filters.customerId ?? '', !!filters.customerId);
  const chips: { key: string; label: string }[] = [];
  if (statusParam !== 'active')
    chips.push({
      key: 'status',
      label: statusParam === 'any' ? 'Any status' : (statusLabels[statusParam as ConversationStatus] ?? statusParam),
    });
  if (filters.channel) chips.push({ key: 'channel', label: channelLabels[filters.channel] });
  if (filters.inboxId)
    chips.push({
      key: 'inbox',
      label: `Inbox: ${inboxes.data?.find((inbox) => inbox.id === filters.inboxId)?.name ?? '…'}`,
    });
  if (filters.tag) chips.push({ key: 'tag', label: `Tag: ${filters.tag}` });
  if (filters.customerId)
    chips.push({ key: 'customer', label: customer.data ? customerName(customer.data.name) : 'One customer' });
  if (chips.length === 0) return null;
  return (
    <Group gap={6} mt="xs">
      {chips.map((chip) => (
        <Badge
          key={chip.key}
          variant="light"
          size="lg"
          radius="sm"
          tt="none"
          fw={500}
          pr={2}
          rightSection={
            <CloseButton
              size="xs"
              aria-label={`Remove filter ${chip.label}`}
              onClick={() => onChange(chip.key, null)}
            />
          }
        >
          {chip.label}
        </Badge>
      ))}
    </Group>
  );
}

function RowsSkeleton() {
  return (
    <Stack gap={0} aria-hidden>
      {[0, 1, 2, 3, 4].map((index) => (
        <Box
          key={index}
          px="md"
          py={10}
          h={88}
          style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
        >
          <Skeleton h={12} w="50%" mb={10} />
          <Skeleton h={10} w="85%" mb={10} />
          <Skeleton h={10} w="30%" />
        </Box>
      ))}
    </Stack>
  );
}

function ViewRows({ view, filters, openId }: { view: View; filters: ListFilters; openId: string | undefined }) {
  const me = useMe();
  const now = useNow(30_000);
  const list = useConversationList(view.view, filters);
  const location = useLocation();
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;

  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (list.isPending) {
    return (
      <>
        <span className="visually-hidden" role="status">
          Loading conversations…
        </span>
        <RowsSkeleton />
      </>
    );
  }
  if (list.isError) {
    return (
      <Box p="md">
        <QueryError error={list.error} onRetry={() => list.refetch()} />
      </Box>
    );
  }
  const conversations = list.data.pages.flatMap((page) => page.conversations);
  const search = location.search;
  if (conversations.length === 0)
    return <EmptyView view={view} filtered={Object.values(filters).some((v) => v && v !== 'active')} />;
  return (
    <>
      <ul className={classes.rows} aria-labelledby="inbox-heading">
        {conversations.map((conversation) => (
          <ConversationRow
            key={conversation.id}
            conversation={conversation}
            to={`/inbox/${view.slug}/${encodeURIComponent(conversation.id)}${search}`}
            active={conversation.id === openId}
            now={now}
            myUserId={me.user.id}
          />
        ))}
      </ul>
      {hasNextPage ? (
        <Group justify="center" p="md" ref={sentinel}>
          <Button variant="subtle" size="xs" loading={isFetchingNextPage} onClick={() => fetchNextPage()}>
            Show more
          </Button>
        </Group>
      ) : (
        <Text size="xs" c="dimmed" ta="center" p="md">
          That is everything in {view.label.toLowerCase()}.
        </Text>
      )}
    </>
  );
}

function EmptyView({ view, filtered }: { view: View; filtered: boolean }) {
  const me = useMe();
  const setAvailability = useSetAvailability();
  const offline = view.view === 'mine' && me.user.availability !== 'online';
  return (
    <Stack align="center" gap="xs" p="xl" ta="center">
      <Text fw={600}>{filtered ? 'Nothing matches these filters' : view.empty}</Text>
      {offline ? (
        <>
          <Text size="sm" c="dimmed">
            You are {me.user.availability}, so no new conversations are given to you. Go online when you are ready to
            take some.
          </Text>
          <Button
            size="xs"
            mt="xs"
            loading={setAvailability.isPending}
            onClick={() => setAvailability.mutate('online')}
          >
            Go online
          </Button>
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {filtered ? 'Remove a filter to see more.' : 'New conversations appear here on their own.'}
        </Text>
      )}
    </Stack>
  );
}

function SearchResults({
  q,
  openId,
  viewSlug,
  onPickCustomer,
}: {
  q: string;
  openId: string | undefined;
  viewSlug: string;
  onPickCustomer: (customerId: string) => void;
}) {
  const me = useMe();
  const now = useNow(30_000);
  const results = useSearch(q);
  const location = useLocation();
  if (results.isPending) {
    return (
      <>
        <span className="visually-hidden" role="status">
          Searching…
        </span>
        <RowsSkeleton />
      </>
    );
  }
  if (results.isError) {
    return (
      <Box p="md">
        <QueryError error={results.error} title="Search did not work" onRetry={() => results.refetch()} />
      </Box>
    );
  }
  const { conversations, customers } = results.data;
  const search = location.search;
  return (
    <>
      <p className="visually-hidden" role="status">
        {conversations.length} conversations and {customers.length} customers found
      </p>
      {customers.length > 0 ? (
        <Box component="section" aria-labelledby="search-customers" py="xs">
          <Text id="search-customers" component="h2" size="xs" fw={700} c="dimmed" tt="uppercase" px="md" mb={4}>
            Customers
          </Text>
          <ul className={classes.rows}>
            {customers.slice(0, 5).map((customer) => (
              <li key={customer.id}>
                <UnstyledButton
                  w="100%"
                  px="md"
                  py={8}
                  className="list-button"
                  onClick={() => onPickCustomer(customer.id)}
                >
                  <Group gap="sm" wrap="nowrap">
                    <IconUser size={16} aria-hidden style={{ flex: 'none' }} />
                    <div style={{ minWidth: 0 }}>
                      <Text size="sm" fw={600} truncate="end">
                        {customerName(customer.name)}
                      </Text>
                      <Text size="xs" c="dimmed" truncate="end">
                        {customer.identities.map((identity) => identity.value).join(' · ') || 'No identities'}
                      </Text>
                    </div>
                  </Group>
                </UnstyledButton>
              </li>
            ))}
          </ul>
        </Box>
      ) : null}
      <Box component="section" aria-labelledby="search-conversations">
        <Text id="search-conversations" component="h2" size="xs" fw={700} c="dimmed" tt="uppercase" px="md" py="xs">
          Conversations
        </Text>
        {conversations.length === 0 ? (
          <Text size="sm" c="dimmed" px="md" pb="md">
            No conversation mentions “{q}”.
          </Text>
        ) : (
          <ul className={classes.rows}>
            {conversations.map((conversation) => (
              <ConversationRow
                key={conversation.id}
                conversation={conversation}
                to={`/inbox/${viewSlug}/${encodeURIComponent(conversation.id)}${search}`}
                active={conversation.id === openId}
                now={now}
                myUserId={me.user.id}
              />
            ))}
          </ul>
        )}
      </Box>
    </>
  );
}
