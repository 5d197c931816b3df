import {
  allowedTransitions,
  type Channel,
  type ConversationStatus,
  type IdentityKind,
  isActiveStatus,
  type Priority,
} from '@rapport/contracts';
import {
  IconApi,
  IconArrowsExchange,
  IconBrandMessenger,
  IconCalendarDue,
  IconHourglass,
  IconInbox,
  IconMail,
  IconMessageCircle,
  IconPhone,
  IconUser,
  IconUserQuestion,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { ApiView } from './conversations.api.ts';

type Icon = typeof IconInbox;

/** The inbox views, in the order of the navigation; `slug` is what the address bar shows. */
export const inboxViews: { slug: string; view: ApiView; label: string; icon: Icon; empty: string }[] = [
  { slug: 'mine', view: 'mine', label: 'Mine', icon: IconUser, empty: 'Nothing open is yours right now.' },
  {
    slug: 'team',
    view: 'team',
    label: 'My team',
    icon: IconUsersGroup,
    empty: 'Your teams have nothing open.',
  },
  {
    slug: 'unowned',
    view: 'unowned',
    label: 'Unowned',
    icon: IconUserQuestion,
    empty: 'Every open conversation has an owner.',
  },
  {
    slug: 'waiting',
    view: 'waiting_on_us',
    label: 'Waiting on us',
    icon: IconHourglass,
    empty: 'Nothing is waiting on the team.',
  },
  {
    slug: 'handoffs',
    view: 'handoffs_for_me',
    label: 'Handoffs for me',
    icon: IconArrowsExchange,
    empty: 'No handoff is waiting for your answer.',
  },
  { slug: 'all', view: 'all', label: 'All conversations', icon: IconInbox, empty: 'No conversation matches.' },
];

/** Your open promises to customers, soonest first (modules/commitments). */
export const promisesDueView = { label: 'Promises due', icon: IconCalendarDue };

export function viewBySlug(slug: string | undefined) {
  return inboxViews.find((view) => view.slug === slug);
}

export const statusLabels: Record<ConversationStatus, string> = {
  open: 'Open',
  waiting_on_customer: 'Waiting on customer',
  waiting_on_us: 'Waiting on us',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const statusColors: Record<ConversationStatus, string> = {
  open: 'indigo',
  waiting_on_customer: 'gray',
  waiting_on_us: 'yellow',
  resolved: 'teal',
  closed: 'gray',
};

/** The allowed status moves, shared with the server, so the menu offers only those. */
export const statusMoves = allowedTransitions;
export { isActiveStatus };

export const channelLabels: Record<Channel, string> = {
  email: 'Email',
  chat: 'Chat',
  phone: 'Phone',
  social: 'Social',
  api: 'API',
};

/** "by email", "in chat": how a reply travels, in a sentence. */
export const channelPhrases: Record<Channel, string> = {
  email: 'by email',
  chat: 'in the chat',
  phone: 'by phone',
  social: 'on social',
  api: 'through the integration',
};

export const channelIcons: Record<Channel, Icon> = {
  email: IconMail,
  chat: IconMessageCircle,
  phone: IconPhone,
  social: IconBrandMessenger,
  api: IconApi,
};

export const priorityLabels: Record<Priority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

/** The dot of a priority badge; its words stay dark, since light orange on orange fails contrast (WCAG 1.4.3). */
export const priorityColors: Record<Priority, string> = {
  low: 'gray',
  normal: 'gray',
  high: 'orange',
  urgent: 'red',
};

export const identityLabels: Record<IdentityKind, string> = {
  email: 'Email',
  phone: 'Phone',
  chat_visitor: 'Chat visitor',
  social_handle: 'Social handle',
  site_user: 'Site user (verified)',
};

export function customerName(name: string | null | undefined): string {
  return name?.trim() || 'Unnamed customer';
}
