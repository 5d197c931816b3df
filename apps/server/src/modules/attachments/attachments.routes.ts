import multipart from '@fastify/multipart';
import { attachmentSchema } from '@rapport/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf } from '../../transport/http/auth.ts';
import { errorResponses } from '../../transport/http/error-responses.ts';
import { receiveUpload, sendAttachment } from '../../transport/http/file-transfer.ts';
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
        const caller = callerOf(request);
        const attachment = await receiveUpload(request, deps.maxBytes, (file) =>
          storeUpload(deps, {
            accountId: caller.accountId,
            uploadedBy: { userId: caller.userId },
            name: file.filename,
            contentType: file.mimetype,
            source: file.file,
          }),
        );
        return reply.status(201).send({ attachment });
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
        return sendAttachment(reply, attachment, content);
      },
    );
  };
}
