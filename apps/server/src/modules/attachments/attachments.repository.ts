import type { Attachment } from '@rapport/contracts';
import type { Executor } from '../../storage/database.ts';
import { attachmentErrors } from './attachments.errors.ts';
import type { AttachmentRow, AttachmentTable } from './attachments.tables.ts';

export const inlineContentTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function toAttachment(row: Pick<AttachmentRow, 'id' | 'name' | 'content_type' | 'size'>): Attachment {
  return {
    id: row.id,
    name: row.name,
    contentType: row.content_type,
    size: Number(row.size),
    url: `/api/v1/attachments/${row.id}`,
    inline: inlineContentTypes.has(row.content_type),
  };
}

export async function insertAttachment(db: Executor, row: AttachmentTable): Promise<void> {
  await db.insertInto('attachments').values(row).execute();
}

export async function findAttachment(db: Executor, input: { accountId: string; attachmentId: string }) {
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.attachmentId)
    .executeTakeFirst();
}

/**
 * Inside the transaction that stores a message: ties its uploads to it. Refuses files that are
 * another sender's, already sent, or gone, so nothing is attached by guessing an id.
 */
export async function attachUploads(
  db: Executor,
  input: {
    accountId: string;
    attachmentIds: string[];
    conversationId: string;
    messageId: string;
    uploadedBy: { userId: string } | { customerId: string };
  },
): Promise<Attachment[]> {
  if (input.attachmentIds.length === 0) return [];
  const ids = [...new Set(input.attachmentIds)];
  let update = db
    .updateTable('attachments')
    .set({ conversation_id: input.conversationId, message_id: input.messageId })
    .where('account_id', '=', input.accountId)
    .where('id', 'in', ids)
    .where('message_id', 'is', null);
  update =
    'userId' in input.uploadedBy
      ? update.where('uploaded_by_user_id', '=', input.uploadedBy.userId)
      : update.where('uploaded_by_customer_id', '=', input.uploadedBy.customerId);
  const result = await update.executeTakeFirst();
  if (Number(result.numUpdatedRows) !== ids.length) throw attachmentErrors.unavailable();
  const rows = await db
    .selectFrom('attachments')
    .selectAll()
    .where('account_id', '=', input.accountId)
    .where('message_id', '=', input.messageId)
    .execute();
  // Keep the order the sender chose.
  return ids
    .map((id) => rows.find((row) => row.id === id))
    .filter((row): row is AttachmentRow => row !== undefined)
    .map(toAttachment);
}

export async function deleteUnsentAttachment(db: Executor, input: { accountId: string; attachmentId: string }) {
  return db
    .deleteFrom('attachments')
    .where('account_id', '=', input.accountId)
    .where('id', '=', input.attachmentId)
    .where('message_id', 'is', null)
    .returning(['storage_key'])
    .executeTakeFirst();
}
