import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../news/shared/errors.js';
import type { TaxonomyActor } from '../../news/taxonomy/taxonomy.service.js';
import { requireStaff } from '../guard.js';
import type { NewsroomDeps } from '../deps.js';
import { newsroomChrome, sendNewsroomHtml } from '../render.js';
import { type TagFormsState, TagPage } from '../views/TagPage.js';
import { TagsPage, tagListHref } from '../views/TagsPage.js';
import { IdParams, NoticeQuery, TagListQuery, TagRenameBody, TagTargetBody } from './taxonomy.schemas.js';

const NOTICES: Record<string, string> = {
  renamed: 'The tag was renamed; its stories are searchable by the new name.',
  merged: 'The tags were merged into this one.',
  deleted: 'The tag was deleted.',
};
const notice = (done: string | undefined) => (done !== undefined && Object.hasOwn(NOTICES, done) ? NOTICES[done]! : null);

const PER_PAGE = 50;
/** Names offered as suggestions in the merge and delete fields. */
const SUGGESTIONS = 500;

/** Tags (/newsroom/tags): search and counts, rename, merge and delete. Editors and admins ('tags.manage'). */
export const tagRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const { taxonomy } = deps.services;
  const guard = { onRequest: requireStaff('tags.manage') };
  const actor = (request: FastifyRequest): TaxonomyActor => ({ userId: request.staff!.id, ip: request.ip });

  async function tagPage(request: FastifyRequest, reply: FastifyReply, id: number, state: TagFormsState = {}, status = 200, done?: string) {
    const tag = await taxonomy.getTag(id);
    const [articleCount, suggestions] = await Promise.all([taxonomy.tagArticleCount(id), taxonomy.listTags({ perPage: SUGGESTIONS })]);
    return sendNewsroomHtml(
      reply,
      <TagPage
        chrome={newsroomChrome(request, reply)}
        tag={{ id: tag.id, name: tag.name, slug: tag.slug, articleCount }}
        tagNames={suggestions.items.map((t) => t.name)}
        state={state}
        notice={notice(done)}
      />,
      status,
    );
  }

  /** The tag the form names, or the message for the field when there is none. */
  async function target(typed: string): Promise<{ id: number } | { error: string }> {
    const tag = await taxonomy.findTagByNameOrSlug(typed);
    return tag ? { id: tag.id } : { error: typed.trim() ? `There is no tag called “${typed.trim()}”.` : 'Type the name or slug of a tag.' };
  }

  app.get('/newsroom/tags', { ...guard, schema: { querystring: TagListQuery } }, async (request, reply) => {
    const q = request.query.q?.trim() ?? '';
    const tags = await taxonomy.listTags({ q, page: request.query.page ?? 1, perPage: PER_PAGE });
    // Past the end (the list shrank since the link was made): the last page.
    if (tags.page > tags.pageCount) return reply.redirect(tagListHref(q, tags.pageCount), 303);
    return sendNewsroomHtml(reply, <TagsPage chrome={newsroomChrome(request, reply)} tags={tags} q={q} notice={notice(request.query.done)} />);
  });

  app.get('/newsroom/tags/:id', { ...guard, schema: { params: IdParams, querystring: NoticeQuery } }, async (request, reply) =>
    tagPage(request, reply, request.params.id, {}, 200, request.query.done),
  );

  app.post('/newsroom/tags/:id', { ...guard, preValidation: app.csrfProtection, schema: { params: IdParams, body: TagRenameBody } }, async (request, reply) => {
    const { id } = request.params;
    const values = { name: request.body.name ?? '', slug: request.body.slug ?? '' };
    try {
      await taxonomy.renameTag(id, values, actor(request));
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      return tagPage(request, reply, id, { rename: { ...values, errors: error.details } }, 422);
    }
    return reply.redirect(`/newsroom/tags/${id}?done=renamed`, 303);
  });

  app.post(
    '/newsroom/tags/:id/merge',
    { ...guard, preValidation: app.csrfProtection, schema: { params: IdParams, body: TagTargetBody } },
    async (request, reply) => {
      const { id } = request.params;
      const into = request.body.into ?? '';
      await taxonomy.getTag(id);
      const found = await target(into);
      try {
        if ('error' in found) throw new DomainError(found.error, 'invalid');
        await taxonomy.mergeTags(id, found.id, actor(request));
        return reply.redirect(`/newsroom/tags/${found.id}?done=merged`, 303);
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
        return tagPage(request, reply, id, { merge: { into, error: error.message } }, 422);
      }
    },
  );

  app.post(
    '/newsroom/tags/:id/delete',
    { ...guard, preValidation: app.csrfProtection, schema: { params: IdParams, body: TagTargetBody } },
    async (request, reply) => {
      const { id } = request.params;
      const into = request.body.into ?? '';
      await taxonomy.getTag(id);
      try {
        if (request.body.confirm !== 'yes') throw new DomainError('Tick the box to confirm that you want to delete it.', 'invalid');
        const found = into.trim() ? await target(into) : null;
        if (found && 'error' in found) throw new DomainError(found.error, 'invalid');
        await taxonomy.deleteTag(id, { reassignTo: found ? found.id : null }, actor(request));
      } catch (error) {
        if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
        return tagPage(request, reply, id, { delete: { into, error: error.message } }, 422);
      }
      return reply.redirect('/newsroom/tags?done=deleted', 303);
    },
  );
};
