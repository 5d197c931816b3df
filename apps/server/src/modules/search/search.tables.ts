/**
 * SQLite only: the FTS5 indexes of migrations 2026-11-23T1200 and T1320. Each shares its
 * row's rowid and holds no text of its own (external content); PostgreSQL has GIN indexes instead.
 * Queries go through `textMatchQueries` in storage/dialect.ts, never to these tables directly.
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
