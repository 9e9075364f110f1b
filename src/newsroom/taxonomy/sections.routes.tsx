import type { Static } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CommentPolicy } from '../../news/vocabulary.js';
import { DomainError, notFound } from '../../news/shared/errors.js';
import type { SectionInput, TaxonomyActor } from '../../news/taxonomy/taxonomy.service.js';
import { requireStaff } from '../guard.js';
import type { NewsroomDeps } from '../deps.js';
import { newsroomChrome, sendNewsroomHtml } from '../render.js';
import { type SectionDeleteState, SectionFormPage, type SectionFormValues } from '../views/SectionFormPage.js';
import { SectionsPage } from '../views/SectionsPage.js';
import { IdParams, MoveBody, NoticeQuery, SectionBody, SectionDeleteBody } from './taxonomy.schemas.js';

const NOTICES: Record<string, string> = {
  created: 'The section was added.',
  updated: 'The section was saved.',
  deleted: 'The section was deleted.',
};
const notice = (done: string | undefined) => (done !== undefined && Object.hasOwn(NOTICES, done) ? NOTICES[done]! : null);

const EMPTY: SectionFormValues = { name: '', slug: '', description: '', parentId: '', commentPolicy: 'open', sortOrder: '' };

function formValues(body: Static<typeof SectionBody>): SectionFormValues {
  return {
    name: body.name ?? '',
    slug: body.slug ?? '',
    description: body.description ?? '',
    parentId: body.parentId ?? '',
    commentPolicy: body.commentPolicy ?? 'open',
    sortOrder: body.sortOrder ?? '',
  };
}

/** A whole number as typed, or NaN (which the service reports as a field error). */
const wholeNumber = (text: string) => (/^-?\d{1,10}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);

/** The form as the service's input; an empty order puts a new section last and leaves an existing one where it is. */
function sectionInput(values: SectionFormValues, isNew: boolean): SectionInput {
  return {
    name: values.name,
    slug: values.slug,
    description: values.description,
    parentId: values.parentId.trim() === '' ? null : wholeNumber(values.parentId),
    commentPolicy: values.commentPolicy as CommentPolicy,
    ...(values.sortOrder.trim() !== '' ? { sortOrder: wholeNumber(values.sortOrder) } : isNew ? { sortOrder: 'last' as const } : {}),
  };
}

/** Sections (/newsroom/sections): the tree, its order, each section's fields and deletion. Editors and admins. */
export const sectionRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const { taxonomy } = deps.services;
  const guard = { onRequest: requireStaff('sections.manage') };
  const actor = (request: FastifyRequest): TaxonomyActor => ({ userId: request.staff!.id, ip: request.ip });

  async function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number | null,
    form: { values?: SectionFormValues; errors?: Record<string, string>; deleteState?: SectionDeleteState },
    status = 200,
  ) {
    const sections = await taxonomy.sectionList();
    const section = id === null ? null : sections.find((s) => s.id === id);
    if (section === undefined) throw notFound('Section');
    const values = form.values ?? {
      ...EMPTY,
      ...(section
        ? {
            name: section.name,
            slug: section.slug,
            description: section.description,
            parentId: section.parentId === null ? '' : String(section.parentId),
            commentPolicy: section.commentPolicy,
            sortOrder: String(section.sortOrder),
          }
        : {}),
    };
    return sendNewsroomHtml(
      reply,
      <SectionFormPage
        chrome={newsroomChrome(request, reply)}
        section={section}
        sections={sections}
        values={values}
        {...(form.errors ? { errors: form.errors } : {})}
        {...(form.deleteState ? { deleteState: form.deleteState } : {})}
      />,
      status,
    );
  }

  /** Saves through `save`; a field error re-renders the form (422) with what was typed. */
  async function submit(
    request: FastifyRequest,
    reply: FastifyReply,
    id: number | null,
    body: Static<typeof SectionBody>,
    save: (input: SectionInput) => Promise<number>,
  ) {
    const values = formValues(body);
    try {
      const savedId = await save(sectionInput(values, id === null));
      return reply.redirect(`/newsroom/sections?done=${id === null ? 'created' : 'updated'}#section-${savedId}`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      return formPage(request, reply, id, { values, errors: error.details }, 422);
    }
  }

  app.get('/newsroom/sections', { ...guard, schema: { querystring: NoticeQuery } }, async (request, reply) =>
    sendNewsroomHtml(
      reply,
      <SectionsPage chrome={newsroomChrome(request, reply)} sections={await taxonomy.sectionList()} notice={notice(request.query.done)} />,
    ),
  );

  app.get('/newsroom/sections/new', guard, async (request, reply) => formPage(request, reply, null, {}));

  app.post('/newsroom/sections', { ...guard, preValidation: app.csrfProtection, schema: { body: SectionBody } }, async (request, reply) =>
    submit(request, reply, null, request.body, (input) => taxonomy.createSection(input, actor(request))),
  );

  app.get('/newsroom/sections/:id/edit', { ...guard, schema: { params: IdParams } }, async (request, reply) => formPage(request, reply, request.params.id, {}));

  app.post(
    '/newsroom/sections/:id',
    { ...guard, preValidation: app.csrfProtection, schema: { params: IdParams, body: SectionBody } },
    async (request, reply) => {
      const { id } = request.params;
      return submit(request, reply, id, request.body, async (input) => {
        await taxonomy.updateSection(id, input, actor(request));
        return id;
      });
    },
  );

  app.post(
    '/newsroom/sections/:id/move',
    { ...guard, preValidation: app.csrfProtection, schema: { params: IdParams, body: MoveBody } },
    async (request, reply) => {
      await taxonomy.moveSection(request.params.id, request.body.direction, actor(request));
      return reply.redirect(`/newsroom/sections#section-${request.params.id}`, 303);
    },
  );

  app.post(
    '/newsroom/sections/:id/delete',
    { ...guard, preValidation: app.csrfProtection, schema: { params: IdParams, body: SectionDeleteBody } },
    async (request, reply) => {
      const { id } = request.params;
      const moveTo = request.body.moveTo?.trim() ?? '';
      if (request.body.confirm !== 'yes') {
        return formPage(request, reply, id, { deleteState: { moveTo, error: 'Tick the box to confirm that you want to delete it.' } }, 422);
      }
      try {
        await taxonomy.deleteSection(id, { moveArticlesTo: moveTo === '' ? null : wholeNumber(moveTo) }, actor(request));
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
        return formPage(request, reply, id, { deleteState: { moveTo, error: error.message } }, 422);
      }
      return reply.redirect('/newsroom/sections?done=deleted', 303);
    },
  );
};
