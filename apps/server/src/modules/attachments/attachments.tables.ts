import type { Selectable } from 'kysely';

export interface AttachmentTable {
  id: string;
  account_id: string;
  /** Null until the upload is sent with a message; unsent uploads are discarded after a day. */
  conversation_id: string | null;
  message_id: string | null;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  /** Where the blob store keeps the bytes; never shown to callers. */
  storage_key: string;
  /** The Content-ID of an inline email image, so `cid:` references can be served. */
  content_id: string | null;
  uploaded_by_user_id: string | null;
  uploaded_by_customer_id: string | null;
  created_at: string;
}

export type AttachmentRow = Selectable<AttachmentTable>;
