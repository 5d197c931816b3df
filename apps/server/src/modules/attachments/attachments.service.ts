import type { Readable } from 'node:stream';
import type { Attachment } from '@rapport/contracts';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { defineJob, type JobQueue } from '../../jobs/queue.ts';
import { appError } from '../../platform/app-error.ts';
import type { Clock } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { Database } from '../../storage/database.ts';
import type { Caller } from '../auth/auth.service.ts';
import { getVisibleConversationRow } from '../conversations/conversations.service.ts';
import { attachmentErrors } from './attachments.errors.ts';
import { deleteUnsentAttachment, findAttachment, inlineContentTypes, toAttachment } from './attachments.repository.ts';
import { cleanFileName, inlineImageType, refusalFor } from './attachments.rules.ts';
import type { AttachmentRow } from './attachments.tables.ts';
import { BlobMissingError, type BlobStore, BlobTooLargeError } from './blob-store.ts';

export interface AttachmentsDeps {
  db: Kysely<Database>;
  clock: Clock;
  jobs: JobQueue;
  blobs: BlobStore;
  maxBytes: number;
}

/** An upload that is never sent is thrown away after this long. */
export const UNSENT_UPLOAD_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** The declared type, unless it claims to be an image the bytes don't bear out. */
function storedContentType(declared: string, head: Buffer): string {
  const recognised = inlineImageType(head);
  if (recognised) return recognised;
  const type = declared.toLowerCase().split(';')[0]?.trim() ?? '';
  if (!/^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(type) || inlineContentTypes.has(type)) return 'application/octet-stream';
  return type;
}

/** Stores a file someone is about to send; it joins a message when the message is sent. */
export async function storeUpload(
  deps: AttachmentsDeps,
  input: {
    accountId: string;
    uploadedBy: { userId: string } | { customerId: string };
    name: string | undefined;
    contentType: string;
    source: Readable;
    contentId?: string | undefined;
  },
): Promise<Attachment> {
  const name = cleanFileName(input.name);
  const refusal = refusalFor(name, input.contentType);
  if (refusal) {
    input.source.resume();
    throw appError('invalid', 'attachment.type_refused', refusal);
  }
  let blob: Awaited<ReturnType<BlobStore['put']>>;
  try {
    blob = await deps.blobs.put(input.source, { maxBytes: deps.maxBytes, prefix: input.accountId });
  } catch (error) {
    if (error instanceof BlobTooLargeError) throw attachmentErrors.tooLarge(deps.maxBytes);
    throw error;
  }
  if (blob.size === 0) {
    await deps.blobs.remove(blob.key);
    throw appError('invalid', 'attachment.empty', 'The file is empty.');
  }
  const row: AttachmentRow = {
    id: newId(),
    account_id: input.accountId,
    conversation_id: null,
    message_id: null,
    name,
    content_type: storedContentType(input.contentType, blob.head),
    size: blob.size,
    sha256: blob.sha256,
    storage_key: blob.key,
    content_id: input.contentId ?? null,
    uploaded_by_user_id: 'userId' in input.uploadedBy ? input.uploadedBy.userId : null,
    uploaded_by_customer_id: 'customerId' in input.uploadedBy ? input.uploadedBy.customerId : null,
    created_at: deps.clock.now().toISOString(),
  };
  await deps.db.insertInto('attachments').values(row).execute();
  await deps.jobs.enqueue(
    discardUnsentUploadJob,
    { accountId: input.accountId, attachmentId: row.id },
    { accountId: input.accountId, runAt: new Date(deps.clock.now().getTime() + UNSENT_UPLOAD_LIFETIME_MS) },
  );
  return toAttachment(row);
}

/** A file for a signed-in caller: one in a conversation they may see, or their own unsent upload. */
export async function openAttachment(
  deps: Pick<AttachmentsDeps, 'db' | 'blobs'>,
  caller: Caller,
  input: { attachmentId: string },
): Promise<{ attachment: Attachment; content: Readable }> {
  const row = await findAttachment(deps.db, { accountId: caller.accountId, attachmentId: input.attachmentId });
  if (!row) throw attachmentErrors.notFound();
  if (row.conversation_id) {
    await getVisibleConversationRow(deps.db, caller, row.conversation_id);
  } else if (row.uploaded_by_user_id !== caller.userId) {
    throw attachmentErrors.notFound();
  }
  try {
    return { attachment: toAttachment(row), content: await deps.blobs.read(row.storage_key) };
  } catch (error) {
    if (error instanceof BlobMissingError) {
      throw appError('unavailable', 'attachment.missing', 'The file is recorded but its content is missing.');
    }
    throw error;
  }
}

export const discardUnsentUploadJob = defineJob({
  name: 'attachments.discard-unsent',
  payload: z.object({ accountId: z.string(), attachmentId: z.string() }),
  handler: async () => {
    throw new Error('attachments.discard-unsent needs attachmentsJobs(deps)');
  },
});

/** Job definitions of attachments, bound to their dependencies. */
export function attachmentsJobs(deps: Pick<AttachmentsDeps, 'db' | 'blobs'>) {
  return [
    {
      ...discardUnsentUploadJob,
      async handler(payload: z.infer<typeof discardUnsentUploadJob.payload>) {
        // A sent file is kept; running this twice finds nothing the second time.
        const removed = await deleteUnsentAttachment(deps.db, payload);
        if (removed) await deps.blobs.remove(removed.storage_key);
      },
    },
  ];
}
