import fs from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart, { type MultipartFile, type Multipart } from '@fastify/multipart';
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkWxrStart } from '../../interop/wxr/wxr-source.js';
import { WxrError } from '../../interop/wxr/wxr.types.js';
import type { ImportUpload } from '../../news/imports/import-job.types.js';
import { sanitizeFilename } from '../../news/media/media.service.js';
import { formatBytes } from '../../platform/format-bytes.js';
import { inspectZip, ZipRefused } from '../../platform/archives/safe-unzip.js';
import type { NewsroomDeps } from '../deps.js';
import { requireStaff } from '../guard.js';
import { newsroomChrome, sendNewsroomHtml } from '../render.js';
import { ImportJobPage } from '../views/ImportJobPage.js';
import { type ImportFormValues, ImportsPage } from '../views/ImportsPage.js';
import { wxrReportOf } from './import-report.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
/** The job's page reloads itself this often while the import is waiting or running. */
const REFRESH_SECONDS = 2;
const FILE_FIELDS = { export: 'export', uploads: 'uploads' } as const;
type FileField = keyof typeof FILE_FIELDS;

/** A file of the form, as it was received: written to the upload's folder, or refused (too large) and not kept. */
interface ReceivedFile {
  /** The name the browser gave, for display. */
  name: string;
  file: string;
  bytes: number;
  tooLarge: boolean;
}

/** One upload's state across the hooks that read it and the handler that decides. */
interface UploadState {
  fields: Record<string, string>;
  /** The parts not read yet (after the first file part), and that part itself. */
  parts: AsyncIterator<Multipart> | null;
  pending: MultipartFile | null;
  upload: ImportUpload | null;
  files: Partial<Record<FileField, ReceivedFile>>;
  /** The body was cut off or malformed. */
  broken: boolean;
  /** The job was created: its folder is no longer the upload's to remove. */
  adopted: boolean;
}
const uploads = new WeakMap<FastifyRequest, UploadState>();

/** Passes bytes through up to `limit`, then drops the rest (still read, so the form's next parts arrive) and says so. */
function capped(limit: number) {
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done(null, bytes > limit ? undefined : chunk);
    },
  });
  return { stream, bytes: () => bytes, tooLarge: () => bytes > limit };
}

/**
 * Import from WordPress (/newsroom/imports), for administrators ('imports.run'): the form that uploads an export (and
 * a zip of the old site's uploads), the job's page (state, progress, then the report) and the list of past imports.
 * The import itself runs in the background (import-jobs.ts at the top of src/), so the upload's request ends as soon
 * as the files are on disk and the job is queued.
 *
 * The upload is multipart, read in three preValidation steps so that no file byte is written before the CSRF check:
 * the fields up to the first file part (the form puts `_csrf` first), then `app.csrfProtection`, then the files,
 * each streamed to the upload's own folder under DATA_DIR/imports and never held in memory, each capped at its limit
 * (IMPORT_MAX_BYTES, IMPORT_UPLOADS_MAX_BYTES; past it the rest is read and dropped, and the answer is 413). Then
 * the handler checks what came: the export's first bytes (not an image, a zip or an HTML page), the zip's directory
 * (safe-unzip's checks, without unpacking). Any refusal answers 4xx with the form and its message, and removes the
 * folder: nothing is stored.
 */
export const importRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const jobs = deps.services.importJobs;
  const limits = jobs.limits;
  // Registered in this plugin only, like the media library's.
  await app.register(multipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: Math.max(limits.exportMaxBytes, limits.uploadsMaxBytes) + 1, files: 2, fields: 10, fieldSize: 1000, parts: 14, headerPairs: 100 },
  });
  const guard = { onRequest: requireStaff('imports.run') };
  const limitLabels = {
    export: formatBytes(limits.exportMaxBytes),
    uploads: formatBytes(limits.uploadsMaxBytes),
    unpacked: formatBytes(limits.uploadsMaxUnpackedBytes),
  };

  async function formPage(request: FastifyRequest, reply: FastifyReply, extra: { error?: string; values?: ImportFormValues } = {}, status = 200) {
    return sendNewsroomHtml(
      reply,
      <ImportsPage
        chrome={newsroomChrome(request, reply)}
        jobs={await jobs.list(50)}
        limits={limitLabels}
        {...(extra.error ? { error: extra.error } : {})}
        {...(extra.values ? { values: extra.values } : {})}
      />,
      status,
    );
  }

  /** Step 1: the fields before the first file (the form's `_csrf` among them), for the CSRF check that follows. */
  async function readFields(request: FastifyRequest) {
    const state: UploadState = { fields: {}, parts: null, pending: null, upload: null, files: {}, broken: false, adopted: false };
    uploads.set(request, state);
    request.body = state.fields;
    if (!request.isMultipart()) return;
    state.parts = request.parts()[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await state.parts.next();
        if (next.done) {
          state.parts = null;
          return;
        }
        if (next.value.type === 'file') {
          state.pending = next.value;
          return;
        }
        if (typeof next.value.value === 'string' && !Object.hasOwn(state.fields, next.value.fieldname)) state.fields[next.value.fieldname] = next.value.value;
      }
    } catch {
      state.broken = true;
      state.parts = null;
    }
  }

  /** Step 3 (after the CSRF check): every file, streamed to disk with its cap; the fields after them. */
  async function readFiles(request: FastifyRequest) {
    const state = uploads.get(request)!;
    if (!state.pending) return;
    state.upload = await jobs.newUpload();
    let part: Multipart | null = state.pending;
    state.pending = null;
    try {
      while (part) {
        if (part.type === 'file') await receive(state, part);
        else if (typeof part.value === 'string' && !Object.hasOwn(state.fields, part.fieldname)) state.fields[part.fieldname] = part.value;
        const next: IteratorResult<Multipart> = await state.parts!.next();
        part = next.done ? null : next.value;
      }
    } catch (error) {
      // The disk (full, unwritable) is the server's problem; anything else is the body's: cut off or malformed.
      if (typeof (error as NodeJS.ErrnoException).syscall === 'string' && (error as NodeJS.ErrnoException).code !== 'ECONNRESET') throw error;
      state.broken = true;
    }
  }

  async function receive(state: UploadState, part: MultipartFile) {
    const field = Object.hasOwn(FILE_FIELDS, part.fieldname) ? (part.fieldname as FileField) : null;
    // No file chosen: browsers send the part with an empty name and no bytes. A field sent twice counts once.
    if (!field || !part.filename || state.files[field]) {
      part.file.resume();
      await new Promise((resolve) => part.file.once('end', resolve).once('error', resolve));
      return;
    }
    const file = field === 'export' ? 'export' : 'uploads.zip';
    const path = state.upload!.path(file);
    const cap = capped(field === 'export' ? limits.exportMaxBytes : limits.uploadsMaxBytes);
    await pipeline(part.file, cap.stream, fs.createWriteStream(path, { flags: 'wx' }));
    const received = { name: sanitizeFilename(part.filename) || `${field}.file`, file, bytes: cap.bytes(), tooLarge: cap.tooLarge() || part.file.truncated };
    if (received.tooLarge) await fs.promises.rm(path, { force: true });
    state.files[field] = received;
  }

  app.get('/newsroom/imports', guard, async (request, reply) => formPage(request, reply));

  app.post(
    '/newsroom/imports',
    {
      ...guard,
      preValidation: [readFields, app.csrfProtection, readFiles],
      // Whatever the answer, an upload that did not become a job leaves nothing behind.
      onResponse: async (request) => {
        const state = uploads.get(request);
        if (state?.upload && !state.adopted) await state.upload.discard();
      },
    },
    async (request, reply) => {
      const state = uploads.get(request)!;
      const values: ImportFormValues = { dryRun: state.fields.dryRun === 'on', fetchMedia: state.fields.fetchMedia === 'on' };
      const refuse = (status: number, error: string) => formPage(request, reply, { error, values }, status);
      if (state.broken) return refuse(400, 'The upload was cut off or was not a form the newsroom sent. Choose the files again and start the import.');
      const exported = state.files.export;
      const zipped = state.files.uploads;
      if (!exported) return refuse(422, 'Choose the WordPress export file (.xml, or .xml.gz) to import.');
      if (exported.tooLarge) return refuse(413, `The export is larger than ${limitLabels.export}, the most this site accepts (IMPORT_MAX_BYTES).`);
      if (zipped?.tooLarge) return refuse(413, `The uploads zip is larger than ${limitLabels.uploads}, the most this site accepts (IMPORT_UPLOADS_MAX_BYTES).`);
      if (zipped && values.fetchMedia) {
        return refuse(422, 'Choose one way to bring the images: the uploads zip, or fetching them from the old site, not both.');
      }
      const upload = state.upload!;
      try {
        await checkWxrStart(upload.path(exported.file));
      } catch (error) {
        if (!(error instanceof WxrError)) throw error;
        return refuse(
          exported.bytes === 0 ? 422 : 415,
          `${exported.name}: ${error.message}. Choose the .xml file that Tools → Export → All content downloads.`,
        );
      }
      if (zipped) {
        try {
          await inspectZip(upload.path(zipped.file), { maxEntries: limits.uploadsMaxFiles, maxUnpackedBytes: limits.uploadsMaxUnpackedBytes });
        } catch (error) {
          if (!(error instanceof ZipRefused)) throw error;
          const status = error.reason === 'too-large' ? 413 : error.reason === 'broken' ? 415 : 422;
          return refuse(status, `${zipped.name}: ${error.message}`);
        }
      }
      const job = await jobs.create(
        upload,
        {
          exportName: exported.name,
          exportFile: exported.file,
          exportBytes: exported.bytes,
          uploadsName: zipped?.name ?? null,
          uploadsFile: zipped?.file ?? null,
          uploadsBytes: zipped?.bytes ?? null,
          dryRun: values.dryRun,
          fetchMedia: values.fetchMedia,
        },
        { userId: request.staff!.id, ip: request.ip },
      );
      state.adopted = true;
      return reply.redirect(`/newsroom/imports/${job.id}`, 303);
    },
  );

  app.get('/newsroom/imports/:id', { ...guard, schema: { params: IdParams } }, async (request, reply) => {
    const job = await jobs.get(request.params.id);
    const running = job.state !== 'done' && job.state !== 'failed';
    const waitingBehind =
      job.state === 'queued'
        ? (await jobs.list(50)).some((other) => other.id !== job.id && (other.state === 'validating' || other.state === 'importing'))
        : false;
    return sendNewsroomHtml(
      reply,
      <ImportJobPage
        chrome={newsroomChrome(request, reply)}
        job={job}
        report={job.state === 'done' ? wxrReportOf(job.report) : null}
        waitingBehind={waitingBehind}
        {...(running ? { refreshSeconds: REFRESH_SECONDS } : {})}
      />,
    );
  });

  // The whole report, as `dateline import wxr --report FILE.json` writes it.
  app.get('/newsroom/imports/:id/report.json', { ...guard, schema: { params: IdParams } }, async (request, reply) => {
    const job = await jobs.get(request.params.id);
    if (job.state !== 'done' || job.report === null) return reply.status(404).send({ error: 'not_found', message: 'This import has no report (yet).' });
    return reply
      .header('content-disposition', `attachment; filename="import-${job.id}-report.json"`)
      .type('application/json; charset=utf-8')
      .send(`${JSON.stringify(job.report, null, 2)}\n`);
  });
};
