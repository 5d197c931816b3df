import type { Selectable } from 'kysely';

/** The chat widget of an inbox: the secret that signs site user ids (identity verification). */
export interface WidgetSettingsTable {
  inbox_id: string;
  account_id: string;
  /** Kept as given: every signature is checked with it. Shown to admins only. */
  secret: string;
  created_at: string;
  updated_at: string;
}

export type WidgetSettingsRow = Selectable<WidgetSettingsTable>;
