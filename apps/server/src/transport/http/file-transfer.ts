import type { Readable } from 'node:stream';
import type { MultipartFile } from '@fastify/multipart';
import type { Attachment } from '@rapport/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { attachmentErrors } from '../../modules/attachments/attachments.errors.ts';
import { contentDisposition } from '../../modules/attachments/attachments.rules.ts';
import { appError } from '../../platform/app-error.ts';

/**
 * Receiving and serving files over HTTP, shared by the agents' and the widget's routes (HTTP
 * machinery, so it lives with the transport, not in the attachments domain). The
 * route registers @fastify/multipart with a busboy limit a little above `maxBytes`; the blob store
 * enforces the limit itself.
 */
export async function receiveUpload<T>(
  request: FastifyRequest,
  maxBytes: number,
  store: (file: MultipartFile) => Promise<T>,
): Promise<T> {
  if (!request.isMultipart()) {
    throw appError(
      'invalid',
      'attachment.not_multipart',
      'Send the file as multipart/form-data with one field named "file".',
    );
  }
  let file: MultipartFile | undefined;
  try {
    file = await request.file();
  } catch (error) {
    throw appError('invalid', 'attachment.unreadable', `The upload could not be read: ${(error as Error).message}`);
  }
  if (file?.fieldname !== 'file') {
    file?.file.resume();
    throw appError('invalid', 'attachment.missing_file', 'Add the file in a field named "file".');
  }
  try {
    return await store(file);
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw attachmentErrors.tooLarge(maxBytes);
    throw error;
  }
}

/** Files come from strangers: nothing in them may run in Rapport's origin. */
export function sendAttachment(reply: FastifyReply, attachment: Attachment, content: Readable) {
  return reply
    .header('content-type', attachment.contentType)
    .header('content-length', String(attachment.size))
    .header('content-disposition', contentDisposition(attachment.inline ? 'inline' : 'attachment', attachment.name))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cache-control', 'private, max-age=3600')
    .send(content);
}
