import type { Migration } from 'kysely';
import * as createFoundation from './2026-11-23T0900_create-foundation.ts';
import * as createEvents from './2026-11-23T1000_create-events.ts';

/** Every migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  '2026-11-23T0900_create-foundation': createFoundation,
  '2026-11-23T1000_create-events': createEvents,
};
