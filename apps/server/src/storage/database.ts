import type { Kysely, Transaction } from 'kysely';
import type { JobTable } from '../jobs/jobs.tables.ts';
import type { AccountCounterTable, AccountTable } from '../modules/accounts/accounts.tables.ts';
import type {
  AnalyticsDailyTable,
  AnalyticsDirtyDayTable,
  AnalyticsMonthlyTable,
  ConversationFactTable,
} from '../modules/analytics/analytics.tables.ts';
import type { AttachmentTable } from '../modules/attachments/attachments.tables.ts';
import type { AuditLogTable } from '../modules/audit/audit.tables.ts';
import type { ApiTokenTable, SessionTable } from '../modules/auth/auth.tables.ts';
import type {
  ChannelThreadTable,
  EmailMessageTable,
  ImapMailboxStateTable,
  InboxAddressTable,
  InboxChannelTable,
  MessageDeliveryTable,
} from '../modules/channels/channels.tables.ts';
import type { WidgetSettingsTable } from '../modules/chat/chat.tables.ts';
import type { CoachDismissalTable, CoachPhraseTable } from '../modules/coach/coach.tables.ts';
import type { CommitmentReminderTable, CommitmentTable } from '../modules/commitments/commitments.tables.ts';
import type {
  ConversationTable,
  ConversationTagTable,
  HandoffTable,
  MessageTable,
  OwnershipEventTable,
  PriorityChangeTable,
} from '../modules/conversations/conversations.tables.ts';
import type { CustomerIdentityTable, CustomerNoteTable, CustomerTable } from '../modules/customers/customers.tables.ts';
import type { AuthorityLimitTable, GoodwillExceptionTable } from '../modules/exceptions/exceptions.tables.ts';
import type { InboxTable } from '../modules/inboxes/inboxes.tables.ts';
import type { NotificationTable } from '../modules/notifications/notifications.tables.ts';
import type { QuoteTable } from '../modules/quotes/quotes.tables.ts';
import type { SavedReplyTable } from '../modules/saved-replies/saved-replies.tables.ts';
import type {
  ConversationSearchTable,
  CustomerIdentitySearchTable,
  CustomerSearchTable,
  MessageSearchTable,
} from '../modules/search/search.tables.ts';
import type {
  CheckInTable,
  InboxFollowUpTable,
  RecoveryTaskTable,
  ServerSecretTable,
  SurveyTable,
} from '../modules/surveys/surveys.tables.ts';
import type { TeamMemberTable, TeamTable } from '../modules/teams/teams.tables.ts';
import type { InvitationTable, UserTable } from '../modules/users/users.tables.ts';
import type {
  WebhookAttemptTable,
  WebhookDeliveryTable,
  WebhookEndpointTable,
} from '../modules/webhooks/webhooks.tables.ts';
import type { EventTable } from '../platform/events/events.tables.ts';

/** The whole schema, composed from each module's tables file. */
export interface Database {
  accounts: AccountTable;
  users: UserTable;
  invitations: InvitationTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  inboxes: InboxTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  audit_log: AuditLogTable;
  events: EventTable;
  jobs: JobTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  account_counters: AccountCounterTable;
  customers: CustomerTable;
  customer_identities: CustomerIdentityTable;
  customer_notes: CustomerNoteTable;
  conversations: ConversationTable;
  conversation_tags: ConversationTagTable;
  messages: MessageTable;
  ownership_events: OwnershipEventTable;
  priority_changes: PriorityChangeTable;
  handoffs: HandoffTable;
  notifications: NotificationTable;
  saved_replies: SavedReplyTable;
  quotes: QuoteTable;
  widget_settings: WidgetSettingsTable;
  commitments: CommitmentTable;
  commitment_reminders: CommitmentReminderTable;
  inbox_follow_up: InboxFollowUpTable;
  check_ins: CheckInTable;
  surveys: SurveyTable;
  recovery_tasks: RecoveryTaskTable;
  server_secrets: ServerSecretTable;
  authority_limits: AuthorityLimitTable;
  goodwill_exceptions: GoodwillExceptionTable;
  attachments: AttachmentTable;
  inbox_channels: InboxChannelTable;
  inbox_addresses: InboxAddressTable;
  channel_threads: ChannelThreadTable;
  email_messages: EmailMessageTable;
  message_deliveries: MessageDeliveryTable;
  imap_mailbox_state: ImapMailboxStateTable;
  conversation_facts: ConversationFactTable;
  analytics_daily: AnalyticsDailyTable;
  analytics_dirty_days: AnalyticsDirtyDayTable;
  analytics_monthly: AnalyticsMonthlyTable;
  coach_phrases: CoachPhraseTable;
  coach_dismissals: CoachDismissalTable;
  /** SQLite only (FTS5); see modules/search/search.tables.ts. */
  messages_fts: MessageSearchTable;
  conversations_fts: ConversationSearchTable;
  customers_fts: CustomerSearchTable;
  customer_identities_fts: CustomerIdentitySearchTable;
}

/** What repository functions run on: the database or an open transaction. */
export type Executor = Kysely<Database> | Transaction<Database>;
