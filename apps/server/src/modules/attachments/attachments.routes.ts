import multipart from '@fastify/multipart';
import { attachmentSchema } from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appError } from '../../platform/app-error.ts';
import { callerOf } from '../../transport/http/auth.ts';
import { errorResponses } from '../../transport/http/error-responses.ts';
import { attachmentErrors } from './attachments.errors.ts';
import { contentDisposition } from './attachments.rules.ts';
import { type AttachmentsDeps, openAttachment, storeUpload } from './attachments.service.ts';

const idParams = z.object({ id: z.string().min(1) });

export function attachmentsRoutes(deps: AttachmentsDeps): FastifyPluginAsyncZod {
  return async (app) => {
    // The store enforces the size limit itself; busboy's limit is a backstop a little above it.
    await app.register(multipart, { limits: { fileSize: deps.maxBytes + 1, files: 1, fields: 5, parts: 6 } });

    app.post(
      '/api/v1/attachments',
      {
        config: { access: ['admin', 'agent', 'advocate'] },
        schema: {
          tags: ['attachments'],
          summary: 'Upload a file to send with a message (multipart/form-data, one field named "file")',
          description:
            'The answer carries the id to list in attachmentIds when sending the message. A file never sent is discarded after a day.',
          consumes: ['multipart/form-data'],
          response: { 201: z.object({ attachment: attachmentSchema }), ...errorResponses(400, 401, 403, 413, 415) },
        },
      },
      async (request, reply) => {
        if (!request.isMultipart()) {
          throw appError(
            'invalid',
            'attachment.not_multipart',
            'Send the file as multipart/form-data with one field named "file".',
          );
        }
        const caller = callerOf(request);
        let file: Awaited<ReturnType<typeof request.file>>;
        try {
          file = await request.file();
        } catch (error) {
          throw appError(
            'invalid',
            'attachment.unreadable',
            `The upload could not be read: ${(error as Error).message}`,
          );
        }
        if (file?.fieldname !== 'file') {
          file?.file.resume();
          throw appError('invalid', 'attachment.missing_file', 'Add the file in a field named "file".');
        }
        try {
          const attachment = await storeUpload(deps, {
            accountId: caller.accountId,
            uploadedBy: { userId: caller.userId },
            name: file.filename,
            contentType: file.mimetype,
            source: file.file,
          });
          return reply.status(201).send({ attachment });
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
            throw attachmentErrors.tooLarge(deps.maxBytes);
          throw error;
        }
      },
    );

    app.get(
      '/api/v1/attachments/:id',
      {
        config: { access: ['admin', 'agent', 'advocate'] },
        schema: {
          tags: ['attachments'],
          summary: 'Download a file sent in a conversation you can see (or your own unsent upload)',
          params: idParams,
          response: { 200: z.unknown().describe('The file itself'), ...errorResponses(401, 403, 404, 503) },
        },
      },
      async (request, reply) => {
        const { attachment, content } = await openAttachment(deps, callerOf(request), {
          attachmentId: request.params.id,
        });
        // Files come from strangers: nothing in them may run in Rapport's origin.
        return reply
          .header('content-type', attachment.contentType)
          .header('content-length', String(attachment.size))
          .header(
            'content-disposition',
            contentDisposition(attachment.inline ? 'inline' : 'attachment', attachment.name),
          )
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, max-age=3600')
          .send(content);
      },
    );
  };
}
