import type { Customer, CustomerNote, IdentityKind } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { EventBus } from '../../platform/events/event-bus.ts';
import { type RecordEvent, withEvents } from '../../platform/events/with-events.ts';
import { newId } from '../../platform/ids.ts';
import type { Database, Executor } from '../../storage/database.ts';
import { readJson, writeJson } from '../../storage/dialect.ts';
import { insertAuditEntry } from '../audit/audit.repository.ts';
import type { Caller } from '../auth/auth.service.ts';
import { customerErrors } from './customers.errors.ts';
import {
  findCustomerIdByIdentity,
  findCustomerRow,
  insertCustomer,
  insertCustomerNote,
  insertIdentity,
  listCustomerNotes,
  listCustomerRows,
  moveCustomerHistory,
  toCustomers,
  updateCustomerRow,
} from './customers.repository.ts';
import { normalizeIdentity } from './customers.rules.ts';

export interface CustomersDeps {
  db: Kysely<Database>;
  clock: Clock;
  events: Pick<EventBus, 'publish'>;
}

interface IdentityInput {
  kind: IdentityKind;
  value: string;
}

function checkedIdentity(identity: IdentityInput): IdentityInput {
  const checked = normalizeIdentity(identity.kind, identity.value);
  if ('problem' in checked) throw customerErrors.invalidIdentity(identity.kind, checked.problem);
  return { kind: identity.kind, value: checked.value };
}

/** The customer a merged id now points to; merges can chain, so follow them to the end. */
async function resolveCustomerRow(db: Executor, accountId: string, customerId: string) {
  let row = await findCustomerRow(db, { accountId, customerId });
  for (let hops = 0; row?.merged_into_id && hops < 20; hops++) {
    row = await findCustomerRow(db, { accountId, customerId: row.merged_into_id });
  }
  return row;
}

export async function getCustomerInTransaction(
  db: Executor,
  input: { accountId: string; customerId: string },
): Promise<Customer> {
  const row = await resolveCustomerRow(db, input.accountId, input.customerId);
  if (!row) throw customerErrors.notFound();
  const [customer] = await toCustomers(db, input.accountId, [row]);
  if (!customer) throw customerErrors.notFound();
  return customer;
}

/**
 * Finds the customer known by this identity, or creates one. Used by every channel and by the
 * API, inside the caller's transaction, so a first message and its customer commit together.
 */
export async function findOrCreateCustomer(
  trx: Executor,
  record: RecordEvent,
  input: { accountId: string; identity: IdentityInput; name?: string | undefined; at: string },
): Promise<{ customerId: string; created: boolean }> {
  const identity = checkedIdentity(input.identity);
  const existing = await findCustomerIdByIdentity(trx, { accountId: input.accountId, ...identity });
  if (existing) {
    const row = await resolveCustomerRow(trx, input.accountId, existing);
    if (row && !row.name && input.name) {
      await updateCustomerRow(trx, {
        accountId: input.accountId,
        customerId: row.id,
        changes: { name: input.name },
        at: input.at,
      });
    }
    return { customerId: row?.id ?? existing, created: false };
  }
  const customerId = newId();
  await insertCustomer(trx, {
    id: customerId,
    accountId: input.accountId,
    name: input.name ?? null,
    language: null,
    timeZone: null,
    attributes: {},
    at: input.at,
  });
  await insertIdentity(trx, { id: newId(), accountId: input.accountId, customerId, ...identity, at: input.at });
  await record({ accountId: input.accountId, name: 'customer.created', payload: { customerId }, at: input.at });
  return { customerId, created: true };
}

export async function createCustomer(
  deps: CustomersDeps,
  caller: Caller,
  input: {
    name?: string | undefined;
    language?: string | undefined;
    timeZone?: string | undefined;
    attributes?: Record<string, unknown> | undefined;
    identities: IdentityInput[];
  },
): Promise<{ customer: Customer }> {
  const identities = input.identities.map(checkedIdentity);
  const now = deps.clock.now().toISOString();
  const customerId = newId();
  await withEvents(deps, async (trx, record) => {
    for (const identity of identities) {
      if (await findCustomerIdByIdentity(trx, { accountId: caller.accountId, ...identity })) {
        throw customerErrors.identityTaken(identity.kind, identity.value);
      }
    }
    await insertCustomer(trx, {
      id: customerId,
      accountId: caller.accountId,
      name: input.name ?? null,
      language: input.language ?? null,
      timeZone: input.timeZone ?? null,
      attributes: input.attributes ?? {},
      at: now,
    });
    for (const identity of identities) {
      await insertIdentity(trx, { id: newId(), accountId: caller.accountId, customerId, ...identity, at: now });
    }
    await record({ accountId: caller.accountId, name: 'customer.created', payload: { customerId }, at: now });
  });
  return { customer: await getCustomerInTransaction(deps.db, { accountId: caller.accountId, customerId }) };
}

export async function getCustomer(deps: Pick<CustomersDeps, 'db'>, caller: Caller, input: { customerId: string }) {
  return {
    customer: await getCustomerInTransaction(deps.db, { accountId: caller.accountId, customerId: input.customerId }),
  };
}

export async function listCustomers(
  deps: Pick<CustomersDeps, 'db'>,
  caller: Caller,
  input: { limit: number; before?: string | undefined },
) {
  const rows = await listCustomerRows(deps.db, {
    accountId: caller.accountId,
    limit: input.limit + 1,
    before: input.before,
  });
  const page = rows.slice(0, input.limit);
  return {
    customers: await toCustomers(deps.db, caller.accountId, page),
    nextBefore: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

/**
 * The shape of every change to one customer: find them (following merges) in a transaction,
 * apply the change, record the event; returns the id of the customer who was changed.
 */
async function changeCustomer(
  deps: CustomersDeps,
  caller: Caller,
  input: { customerId: string; eventName: string },
  change: (trx: Executor, customer: Customer, at: string) => Promise<boolean>,
): Promise<string> {
  const at = deps.clock.now().toISOString();
  return withEvents(deps, async (trx, record) => {
    const customer = await getCustomerInTransaction(trx, { accountId: caller.accountId, customerId: input.customerId });
    // A change that turns out to be a no-op (false) records nothing.
    if (!(await change(trx, customer, at))) return customer.id;
    await record({ accountId: caller.accountId, name: input.eventName, payload: { customerId: customer.id }, at });
    return customer.id;
  });
}

export async function updateCustomer(
  deps: CustomersDeps,
  caller: Caller,
  input: {
    customerId: string;
    name?: string | undefined;
    language?: string | undefined;
    timeZone?: string | undefined;
    attributes?: Record<string, unknown> | undefined;
  },
): Promise<{ customer: Customer }> {
  const customerId = await changeCustomer(
    deps,
    caller,
    { customerId: input.customerId, eventName: 'customer.updated' },
    async (trx, customer, at) => {
      await updateCustomerRow(trx, {
        accountId: caller.accountId,
        customerId: customer.id,
        changes: {
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.language !== undefined ? { language: input.language } : {}),
          ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
          ...(input.attributes !== undefined ? { attributes: writeJson(input.attributes) } : {}),
        },
        at,
      });
      return true;
    },
  );
  return { customer: await getCustomerInTransaction(deps.db, { accountId: caller.accountId, customerId }) };
}

export async function addCustomerIdentity(
  deps: CustomersDeps,
  caller: Caller,
  input: { customerId: string; identity: IdentityInput },
): Promise<{ customer: Customer }> {
  const identity = checkedIdentity(input.identity);
  const customerId = await changeCustomer(
    deps,
    caller,
    { customerId: input.customerId, eventName: 'customer.updated' },
    async (trx, customer, at) => {
      const holder = await findCustomerIdByIdentity(trx, { accountId: caller.accountId, ...identity });
      if (holder === customer.id) return false;
      if (holder) throw customerErrors.identityTaken(identity.kind, identity.value);
      await insertIdentity(trx, { id: newId(), accountId: caller.accountId, customerId: customer.id, ...identity, at });
      return true;
    },
  );
  return { customer: await getCustomerInTransaction(deps.db, { accountId: caller.accountId, customerId }) };
}

export async function addCustomerNote(
  deps: CustomersDeps,
  caller: Caller,
  input: { customerId: string; body: string },
): Promise<{ notes: CustomerNote[] }> {
  const customerId = await changeCustomer(
    deps,
    caller,
    { customerId: input.customerId, eventName: 'customer.note_added' },
    async (trx, customer, at) => {
      await insertCustomerNote(trx, {
        id: newId(),
        accountId: caller.accountId,
        customerId: customer.id,
        authorUserId: caller.userId,
        body: input.body,
        at,
      });
      return true;
    },
  );
  return { notes: await listCustomerNotes(deps.db, { accountId: caller.accountId, customerId }) };
}

export async function getCustomerNotes(deps: Pick<CustomersDeps, 'db'>, caller: Caller, input: { customerId: string }) {
  const customer = await getCustomerInTransaction(deps.db, {
    accountId: caller.accountId,
    customerId: input.customerId,
  });
  return { notes: await listCustomerNotes(deps.db, { accountId: caller.accountId, customerId: customer.id }) };
}

/**
 * Merges a duplicate into the customer who stays: identities, conversations, notes and message
 * authorship move; attributes the survivor lacks are copied; the merge is audited.
 */
export async function mergeCustomers(
  deps: CustomersDeps,
  caller: Caller,
  input: { sourceId: string; targetId: string },
): Promise<{ customer: Customer }> {
  const now = deps.clock.now().toISOString();
  const targetId = await withEvents(deps, async (trx, record) => {
    const source = await resolveCustomerRow(trx, caller.accountId, input.sourceId);
    const target = await resolveCustomerRow(trx, caller.accountId, input.targetId);
    if (!source || !target) throw customerErrors.notFound();
    if (source.id === target.id) throw customerErrors.mergeIntoSelf();
    const moved = await moveCustomerHistory(trx, {
      accountId: caller.accountId,
      sourceId: source.id,
      targetId: target.id,
      at: now,
    });
    const attributes = {
      ...readJson<Record<string, unknown>>(source.attributes, {}),
      ...readJson<Record<string, unknown>>(target.attributes, {}),
    };
    await updateCustomerRow(trx, {
      accountId: caller.accountId,
      customerId: target.id,
      changes: {
        name: target.name ?? source.name,
        language: target.language ?? source.language,
        time_zone: target.time_zone ?? source.time_zone,
        attributes: writeJson(attributes),
      },
      at: now,
    });
    await updateCustomerRow(trx, {
      accountId: caller.accountId,
      customerId: source.id,
      changes: { merged_into_id: target.id },
      at: now,
    });
    await insertAuditEntry(trx, {
      accountId: caller.accountId,
      actorUserId: caller.userId,
      action: 'customer.merged',
      subjectType: 'customer',
      subjectId: target.id,
      data: { sourceId: source.id, targetId: target.id, ...moved },
      at: now,
    });
    await record({
      accountId: caller.accountId,
      name: 'customer.merged',
      payload: { customerId: target.id, sourceId: source.id },
      at: now,
    });
    return target.id;
  });
  return { customer: await getCustomerInTransaction(deps.db, { accountId: caller.accountId, customerId: targetId }) };
}
