import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { isStaffRole } from '#common/roles.ts';
import type { Clock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import { AppError, FieldValidationError, NotFoundError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { lockTicket, recordEvent, requireVisibleTicket } from './service.ts';

export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

export type AttachmentDeps = { db: Db; clock: Clock; dataDir: string };

/**
 * A name safe to show and to offer on download: no directories, no control characters, no leading dots,
 * bounded length. The file on disk is named by its hash, never by this.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed here
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^\.+/, '')
    .trim();
  const trimmed = cleaned.length > 200 ? cleaned.slice(cleaned.length - 200) : cleaned;
  return trimmed || 'file';
}

const blobPath = (dataDir: string, sha256: string) =>
  path.join(dataDir, 'attachments', sha256.slice(0, 2), sha256.slice(2, 4), sha256);

/**
 * Streams an upload to disk while hashing it, then files it under its hash (one copy per content).
 * @throws AppError 413 when the stream was cut at the size limit.
 */
export async function storeBlob(dataDir: string, stream: Readable, isTruncated: () => boolean) {
  const temporary = path.join(dataDir, 'attachments', 'incoming', randomUUID());
  await mkdir(path.dirname(temporary), { recursive: true });
  const hash = createHash('sha256');
  let size = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  try {
    await pipeline(stream, measure, createWriteStream(temporary));
    if (isTruncated()) {
      throw new AppError(
        413,
        'Payload Too Large',
        `A file may be at most ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`,
      );
    }
    const sha256 = hash.digest('hex');
    const target = blobPath(dataDir, sha256);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(temporary, target);
    return { sha256, size };
  } finally {
    await rm(temporary, { force: true });
  }
}

type AttachmentRow = {
  id: string;
  ticket_id: string;
  comment_id: string | null;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  created_at: Date;
  uploader_name: string | null;
  internal: boolean | null;
};

const present = (row: AttachmentRow) => ({
  id: row.id,
  ticketId: row.ticket_id,
  commentId: row.comment_id,
  fileName: row.file_name,
  contentType: row.content_type,
  size: row.size,
  uploaderName: row.uploader_name,
  createdAt: row.created_at.toISOString(),
});

function selectAttachments(db: Db, actor: Actor) {
  return (
    db
      .selectFrom('attachments as a')
      .leftJoin('users as u', 'u.id', 'a.uploader_id')
      .leftJoin('ticket_comments as c', 'c.id', 'a.comment_id')
      .select([
        'a.id',
        'a.ticket_id',
        'a.comment_id',
        'a.file_name',
        'a.content_type',
        'a.size',
        'a.sha256',
        'a.created_at',
        'u.name as uploader_name',
        'c.internal',
      ])
      // A file attached to an internal note is as internal as the note.
      .$if(!isStaffRole(actor.role), (qb) =>
        qb.where((eb) => eb.or([eb('c.internal', 'is', null), eb('c.internal', '=', false)])),
      )
  );
}

/**
 * Attaches an uploaded file to a request (and optionally to one of its comments).
 * @throws NotFoundError when the request or comment is not the actor's to see; 413 over the limit.
 */
export async function addAttachment(
  deps: AttachmentDeps,
  actor: Actor,
  ticketId: string,
  upload: {
    fileName: string;
    contentType: string;
    stream: Readable;
    isTruncated: () => boolean;
    commentId?: string;
  },
) {
  await requireVisibleTicket(deps.db, actor, ticketId);
  const blob = await storeBlob(deps.dataDir, upload.stream, upload.isTruncated);
  if (blob.size === 0) {
    throw new FieldValidationError('file', 'the file is empty');
  }
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    await lockTicket(tx, actor, ticketId, null);
    let internal = false;
    if (upload.commentId) {
      const comment = await tx
        .selectFrom('ticket_comments')
        .select(['internal', 'author_id'])
        .where('id', '=', upload.commentId)
        .where('ticket_id', '=', ticketId)
        .executeTakeFirst();
      if (!comment || (comment.internal && !isStaffRole(actor.role))) {
        throw new FieldValidationError('commentId', 'no such comment on this request');
      }
      internal = comment.internal;
    }
    const row = await tx
      .insertInto('attachments')
      .values({
        ticket_id: ticketId,
        comment_id: upload.commentId ?? null,
        uploader_id: actor.id,
        file_name: safeFileName(upload.fileName),
        content_type: upload.contentType.slice(0, 200) || 'application/octet-stream',
        size: blob.size,
        sha256: blob.sha256,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordEvent(tx, {
      ticketId,
      actorId: actor.id,
      kind: 'attachment_added',
      data: { attachmentId: row.id, fileName: safeFileName(upload.fileName), size: blob.size },
      internal,
      at: now,
    });
    return present(await selectAttachments(tx, actor).where('a.id', '=', row.id).executeTakeFirstOrThrow());
  });
}

/** The files of a request that the actor may see. */
export async function listAttachments(db: Db, actor: Actor, ticketId: string) {
  await requireVisibleTicket(db, actor, ticketId);
  const rows = await selectAttachments(db, actor)
    .where('a.ticket_id', '=', ticketId)
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
  return rows.map(present);
}

/**
 * Opens an attachment for download.
 * @throws NotFoundError when the actor may not see its request (or its internal note).
 */
export async function openAttachment(deps: AttachmentDeps, actor: Actor, attachmentId: string) {
  const row = await selectAttachments(deps.db, actor).where('a.id', '=', attachmentId).executeTakeFirst();
  if (!row) {
    throw new NotFoundError('Attachment');
  }
  await requireVisibleTicket(deps.db, actor, row.ticket_id);
  const file = blobPath(deps.dataDir, row.sha256);
  await stat(file).catch(() => {
    throw new NotFoundError('Attachment file');
  });
  return { meta: present(row), stream: createReadStream(file) };
}

/** Content-Disposition for any name: an ASCII fallback and the exact UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
