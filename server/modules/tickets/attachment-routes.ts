import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '#server/deps.ts';
import { actorOf } from '#server/http/access.ts';
import { BadRequestError } from '#server/http/problem.ts';
import { IdParams, Timestamp, Uuid, problemResponses } from '#server/http/schemas.ts';
import {
  ATTACHMENT_MAX_BYTES,
  addAttachment,
  contentDisposition,
  listAttachments,
  openAttachment,
} from './attachments.ts';
import { requireVisibleTicket } from './service.ts';

const AttachmentView = Type.Object({
  id: Uuid,
  ticketId: Uuid,
  commentId: Type.Union([Uuid, Type.Null()]),
  fileName: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  uploaderName: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});

// Types a browser would render or run in our origin are downloaded as bytes, never displayed.
const ACTIVE_CONTENT = /html|javascript|ecmascript|svg|xml/i;

export function attachmentRoutes(deps: AppDeps) {
  const attachmentDeps = { db: deps.db, clock: deps.clock, dataDir: deps.config.dataDir };

  return async function routes(base: FastifyInstance) {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      '/tickets/:id/attachments',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['tickets'],
          summary: `Attach a file (multipart/form-data, field "file", optional field "commentId" before it; at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB)`,
          params: IdParams,
          consumes: ['multipart/form-data'],
          response: { 201: AttachmentView, ...problemResponses(400, 401, 404, 413, 415) },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        // Existence is not leaked: a request the caller may not see is 404 before the body is read.
        await requireVisibleTicket(deps.db, actor, request.params.id);
        if (!request.isMultipart()) {
          throw new BadRequestError('Send the file as multipart/form-data in the field "file"', [
            { path: 'file', message: 'is required' },
          ]);
        }
        const file = await request.file({ limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1 } });
        if (!file || file.fieldname !== 'file') {
          throw new BadRequestError('No file in the field "file"', [
            { path: 'file', message: 'is required' },
          ]);
        }
        const commentField = file.fields.commentId;
        const commentId =
          commentField && !Array.isArray(commentField) && commentField.type === 'field'
            ? String(commentField.value)
            : undefined;
        const attachment = await addAttachment(attachmentDeps, actor, request.params.id, {
          fileName: file.filename,
          contentType: file.mimetype,
          stream: file.file,
          isTruncated: () => file.file.truncated,
          ...(commentId ? { commentId } : {}),
        });
        return reply.code(201).send(attachment);
      },
    );

    app.get(
      '/tickets/:id/attachments',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['tickets'],
          summary: 'The files of a request the caller may see',
          params: IdParams,
          response: {
            200: Type.Object({ items: Type.Array(AttachmentView) }),
            ...problemResponses(400, 401, 404),
          },
        },
      },
      async (request) => ({ items: await listAttachments(deps.db, actorOf(request), request.params.id) }),
    );

    app.get(
      '/attachments/:id',
      {
        config: { access: 'authenticated' },
        schema: {
          tags: ['tickets'],
          summary: 'Download a file (always as an attachment); 404 when the caller may not see it',
          params: IdParams,
        },
      },
      async (request, reply) => {
        const { meta, stream } = await openAttachment(attachmentDeps, actorOf(request), request.params.id);
        const type = ACTIVE_CONTENT.test(meta.contentType) ? 'application/octet-stream' : meta.contentType;
        return reply
          .header('Content-Type', type)
          .header('Content-Length', String(meta.size))
          .header('Content-Disposition', contentDisposition(meta.fileName))
          .header('Cache-Control', 'private, max-age=3600')
          .header('Content-Security-Policy', "default-src 'none'; sandbox")
          .send(stream);
      },
    );
  };
}
