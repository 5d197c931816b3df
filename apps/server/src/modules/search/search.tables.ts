/**
 * SQLite only: the FTS5 indexes of migration 2026-11-23T1200_create-search. Each shares its
 * row's rowid and holds no text of its own (external content); PostgreSQL has GIN indexes instead.
 * Queries go through `textSearch` in storage/dialect.ts, never to these tables directly.
 */
export interface MessageSearchTable {
  rowid: number;
  body: string;
}

export interface ConversationSearchTable {
  rowid: number;
  subject: string;
}

export interface CustomerSearchTable {
  rowid: number;
  name: string | null;
}

export interface CustomerIdentitySearchTable {
  rowid: number;
  value: string;
}
