import multipart from '@fastify/multipart';
import { type Static, Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatBytes, tooLargeMessage } from '../../news/media/media.service.js';
import type { MediaItem } from '../../news/media/media.types.js';
import { DomainError } from '../../news/shared/errors.js';
import { requireStaff } from '../guard.js';
import type { NewsroomDeps } from '../deps.js';
import { can } from '../../news/staff/policy.js';
import { newsroomChrome, sendNewsroomHtml, sendNewsroomMessage } from '../render.js';
import { MediaItemPage } from '../views/MediaItemPage.js';
import { MediaLibraryPage, type UploadFormValues } from '../views/MediaLibraryPage.js';

const NOTICES: Record<string, string> = {
  uploaded: 'The image was uploaded. Add alt text if it has none.',
  saved: 'The image’s text was saved.',
  deleted: 'The image was deleted.',
};
const notice = (done: string | undefined) => (done !== undefined && Object.hasOwn(NOTICES, done) ? NOTICES[done]! : null);

const LibraryQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), done: Type.Optional(Type.String({ maxLength: 20 })) });
const JsonQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) });
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const TextBody = Type.Object({
  _csrf: Type.Optional(Type.String()),
  alt: Type.Optional(Type.String({ maxLength: 5000 })),
  caption: Type.Optional(Type.String({ maxLength: 5000 })),
  credit: Type.Optional(Type.String({ maxLength: 5000 })),
});
const CsrfOnlyBody = Type.Object({ _csrf: Type.Optional(Type.String()) });

interface UploadedFile {
  filename: string;
  bytes: Buffer;
  /** More bytes were sent than MEDIA_MAX_BYTES allows (the rest was not read into memory). */
  tooLarge: boolean;
}
const uploads = new WeakMap<FastifyRequest, UploadedFile | null>();

/** The JSON the article editor's image picker reads. */
function pickerItem(item: MediaItem) {
  return { id: item.id, url: item.url, width: item.width, height: item.height, alt: item.alt, caption: item.caption, credit: item.credit, srcset: item.srcset };
}

/**
 * The media library (/newsroom/media): every staff member may upload ('media.manage'); editing an item's text or
 * deleting it is for editors, admins and whoever uploaded it (checked per item with can()).
 * Uploads are multipart: the parts are read in a preValidation hook (file bytes capped at MEDIA_MAX_BYTES + 1), so
 * the CSRF check that follows it sees the `_csrf` field like any other form's (or an x-csrf-token header).
 */
export const mediaRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const { services } = deps;
  const media = services.media;
  const maxBytes = media.maxBytes;
  // Registered in this plugin only: no other route accepts multipart bodies.
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: maxBytes + 1, files: 1, fields: 10, fieldSize: 10_000, parts: 12, headerPairs: 100 },
  });
  const guard = { onRequest: requireStaff('media.manage') };

  async function readMultipart(request: FastifyRequest) {
    uploads.set(request, null);
    if (!request.isMultipart()) return;
    const fields: Record<string, string> = {};
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && !uploads.get(request)) {
          uploads.set(request, { filename: part.filename, bytes, tooLarge: part.file.truncated || bytes.length > maxBytes });
        }
      } else if (typeof part.value === 'string' && !Object.hasOwn(fields, part.fieldname)) {
        fields[part.fieldname] = part.value;
      }
    }
    request.body = fields;
  }

  async function libraryPage(
    request: FastifyRequest,
    reply: FastifyReply,
    extra: { q?: string; notice?: string | null; uploadError?: string; values?: UploadFormValues },
    status = 200,
  ) {
    const q = extra.q ?? '';
    const items = await media.search(q);
    return sendNewsroomHtml(
      reply,
      <MediaLibraryPage
        chrome={newsroomChrome(request, reply)}
        items={items}
        q={q}
        maxSizeLabel={formatBytes(maxBytes)}
        notice={extra.notice ?? null}
        {...(extra.uploadError ? { uploadError: extra.uploadError } : {})}
        {...(extra.values ? { values: extra.values } : {})}
      />,
      status,
    );
  }

  async function itemPage(
    request: FastifyRequest,
    reply: FastifyReply,
    item: MediaItem,
    extra: { notice?: string | null; error?: string; values?: UploadFormValues; errors?: Record<string, string> } = {},
    status = 200,
  ) {
    const [usedBy, isLogo] = await Promise.all([media.usedBy(item.id), media.isSiteLogo(item.id)]);
    return sendNewsroomHtml(
      reply,
      <MediaItemPage
        chrome={newsroomChrome(request, reply)}
        item={item}
        usedBy={usedBy}
        isLogo={isLogo}
        mayManage={can(request.staff, 'media.manage', { uploadedByUserId: item.uploadedBy })}
        notice={extra.notice ?? null}
        {...(extra.error ? { error: extra.error } : {})}
        {...(extra.values ? { values: extra.values } : {})}
        {...(extra.errors ? { errors: extra.errors } : {})}
      />,
      status,
    );
  }

  /** The item, if this user may change it; otherwise a 403 page has been sent and null is returned. */
  async function manageable(request: FastifyRequest, reply: FastifyReply, id: number): Promise<MediaItem | null> {
    const item = await media.get(id);
    if (can(request.staff, 'media.manage', { uploadedByUserId: item.uploadedBy })) return item;
    await sendNewsroomMessage(request, reply, 403, {
      title: 'Not allowed',
      message: 'Only an editor, an administrator or the person who uploaded this image can change or delete it.',
    });
    return null;
  }

  app.get('/newsroom/media', { ...guard, schema: { querystring: LibraryQuery } }, async (request, reply) =>
    libraryPage(request, reply, { q: request.query.q?.trim() ?? '', notice: notice(request.query.done) }),
  );

  app.get('/newsroom/media.json', { ...guard, schema: { querystring: JsonQuery } }, async (request) => {
    const items = await media.search(request.query.q ?? '', 100);
    return items.map(pickerItem);
  });

  app.post('/newsroom/media', { ...guard, preValidation: [readMultipart, app.csrfProtection] }, async (request, reply) => {
    const fields = (request.body ?? {}) as Record<string, string | undefined>;
    const values = { alt: fields.alt ?? '', caption: fields.caption ?? '', credit: fields.credit ?? '' };
    const file = uploads.get(request);
    if (!file || (!file.bytes.length && !file.filename)) {
      return libraryPage(request, reply, { uploadError: 'Choose an image file to upload.', values }, 422);
    }
    if (file.tooLarge) return libraryPage(request, reply, { uploadError: tooLargeMessage(maxBytes), values }, 422);
    try {
      const item = await media.upload({ bytes: file.bytes, filename: file.filename, ...values }, { userId: request.staff!.id, ip: request.ip });
      if (request.headers.accept?.includes('application/json')) return reply.status(201).send(pickerItem(item));
      return reply.redirect(`/newsroom/media/${item.id}?done=uploaded`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      return libraryPage(request, reply, { uploadError: error.message, values }, 422);
    }
  });

  app.get('/newsroom/media/:id', { ...guard, schema: { params: IdParams, querystring: LibraryQuery } }, async (request, reply) =>
    itemPage(request, reply, await media.get(request.params.id), { notice: notice(request.query.done) }),
  );

  app.post('/newsroom/media/:id', { ...guard, preValidation: app.csrfProtection, schema: { params: IdParams, body: TextBody } }, async (request, reply) => {
    const item = await manageable(request, reply, request.params.id);
    if (!item) return reply;
    const body: Static<typeof TextBody> = request.body;
    const values = { alt: body.alt ?? '', caption: body.caption ?? '', credit: body.credit ?? '' };
    try {
      await media.updateText(item.id, values);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      return itemPage(request, reply, item, { error: error.message, values, errors: error.details }, 422);
    }
    return reply.redirect(`/newsroom/media/${item.id}?done=saved`, 303);
  });

  app.post(
    '/newsroom/media/:id/delete',
    { ...guard, preValidation: app.csrfProtection, schema: { params: IdParams, body: CsrfOnlyBody } },
    async (request, reply) => {
      const item = await manageable(request, reply, request.params.id);
      if (!item) return reply;
      try {
        await media.delete(item.id, { userId: request.staff!.id, ip: request.ip });
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'conflict') throw error;
        return itemPage(request, reply, item, { error: error.message }, 409);
      }
      return reply.redirect('/newsroom/media?done=deleted', 303);
    },
  );
};
