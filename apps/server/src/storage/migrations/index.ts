import type { Migration } from 'kysely';
import * as createFoundation from './2026-11-23T0900_create-foundation.ts';
import * as createEvents from './2026-11-23T1000_create-events.ts';
import * as createJobs from './2026-11-23T1010_create-jobs.ts';
import * as createWebhooks from './2026-11-23T1020_create-webhooks.ts';
import * as createConversations from './2026-11-23T1100_create-conversations.ts';
import * as createSearch from './2026-11-23T1200_create-search.ts';
import * as createSavedReplies from './2026-11-23T1300_create-saved-replies.ts';
import * as tuneInboxIndexes from './2026-11-23T1310_tune-inbox-indexes.ts';
import * as tuneSearchIndexes from './2026-11-23T1320_tune-search-indexes.ts';
import * as createAttachments from './2026-11-23T1400_create-attachments.ts';
import * as createCoach from './2026-11-23T1500_create-coach.ts';
import * as createQuotesAndWidget from './2026-11-23T1600_create-quotes-and-widget.ts';
import * as createFollowThrough from './2026-11-23T1700_create-follow-through.ts';
import * as createChannels from './2026-11-23T1800_create-channels.ts';
import * as createAnalytics from './2026-11-23T1900_create-analytics.ts';
import * as createPriorityChanges from './2026-11-23T2000_create-priority-changes.ts';
import * as analyticsFollowThrough from './2026-11-23T2100_analytics-follow-through.ts';
import * as analyticsQuotes from './2026-11-23T2200_analytics-quotes.ts';
import * as tuneAnalyticsIndexes from './2026-11-23T2300_tune-analytics-indexes.ts';
import * as analyticsRollupsAsJson from './2026-11-23T2310_analytics-rollups-as-json.ts';

/** Every migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '2026-11-23T0900_create-foundation': createFoundation,
  '2026-11-23T1000_create-events': createEvents,
  '2026-11-23T1010_create-jobs': createJobs,
  '2026-11-23T1020_create-webhooks': createWebhooks,
  '2026-11-23T1100_create-conversations': createConversations,
  '2026-11-23T1200_create-search': createSearch,
  '2026-11-23T1300_create-saved-replies': createSavedReplies,
  '2026-11-23T1310_tune-inbox-indexes': tuneInboxIndexes,
  '2026-11-23T1320_tune-search-indexes': tuneSearchIndexes,
  '2026-11-23T1400_create-attachments': createAttachments,
  '2026-11-23T1500_create-coach': createCoach,
  '2026-11-23T1600_create-quotes-and-widget': createQuotesAndWidget,
  '2026-11-23T1700_create-follow-through': createFollowThrough,
  '2026-11-23T1800_create-channels': createChannels,
  '2026-11-23T1900_create-analytics': createAnalytics,
  '2026-11-23T2000_create-priority-changes': createPriorityChanges,
  '2026-11-23T2100_analytics-follow-through': analyticsFollowThrough,
  '2026-11-23T2200_analytics-quotes': analyticsQuotes,
  '2026-11-23T2300_tune-analytics-indexes': tuneAnalyticsIndexes,
  '2026-11-23T2310_analytics-rollups-as-json': analyticsRollupsAsJson,
};
