import type { Attachment } from '@rapport/contracts';
import { api } from '../../app/api-client.ts';

export function uploadAttachment(file: File): Promise<Attachment> {
  return api.upload<{ attachment: Attachment }>('/attachments', file).then((answer) => answer.attachment);
}

/** A file on its way into a message: uploading, ready to send, or refused with the server's reason. */
export type PendingUpload =
  | { key: string; name: string; size: number; state: 'uploading' }
  | { key: string; name: string; size: number; state: 'ready'; attachment: Attachment }
  | { key: string; name: string; size: number; state: 'failed'; reason: string };
