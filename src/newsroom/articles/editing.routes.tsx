import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EditConflict, type EditableArticle, type FormIntent } from '../../news/editorial/editorial.service.js';
import { DomainError } from '../../news/shared/errors.js';
import { parseCursor } from '../../news/shared/pagination.js';
import { can } from '../../news/staff/policy.js';
import { editorAssets } from '../assets.js';
import type { NewsroomDeps } from '../deps.js';
import { requireStaff } from '../guard.js';
import { newsroomChrome, sendNewsroomHtml } from '../render.js';
import { ArticleFormPage, type ArticleFormView } from '../views/ArticleFormPage.js';
import { ArticleListPage } from '../views/ArticleListPage.js';
import { TrashedArticlePage } from '../views/TrashedArticlePage.js';
import { allowedIntents, articleResource, mayEdit, mayPublish, mayTrash, ownByline, type Staff } from './article-access.js';
import { EMPTY_DRAFT, parseDraft, zonedDateTime } from './article-form.js';
import { diffNames, loadArticle, sectionOptions, sendForbidden } from './article-screens.js';
import { ArticleFormBody, ArticleIdParams, ArticleListQuery, AutosaveBody, CsrfOnlyBody, EditQuery, NewArticleBody } from './articles.schemas.js';

/** Rows per page of the articles list (and the trash). */
const ARTICLES_PER_PAGE = 100;

type FormOverrides = Partial<Pick<ArticleFormView, 'draft' | 'loadedTags' | 'errors' | 'notice' | 'conflict' | 'version' | 'scheduleAt' | 'note'>>;

/**
 * Writing: the list, the new-article and edit forms (every button saves what is in the form, then does what it
 * names: submit, publish, schedule, unpublish, send back, trash), autosave and presence. Every route asks the policy
 * about the article. A refusal's `details` name the fields it belongs beside; nothing reads its message.
 */
export const editingRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const { services } = deps;
  const guard = { onRequest: requireStaff('articles.write') };
  const formPost = { ...guard, preValidation: app.csrfProtection };

  async function renderForm(request: FastifyRequest, reply: FastifyReply, article: EditableArticle | null, overrides: FormOverrides = {}, status = 200) {
    const staff = request.staff!;
    const [sections, people, tagNames, othersEditing, notes, settings] = await Promise.all([
      sectionOptions(services),
      services.editorial.people(),
      services.editorial.tagNames(),
      article ? services.editorial.othersEditing(article.id, staff.id) : Promise.resolve([]),
      article ? services.editorial.notes(article.id) : Promise.resolve([]),
      services.settings.get(),
    ]);
    const intents = article ? allowedIntents(staff, article) : null;
    const view: ArticleFormView = {
      articleId: article?.id ?? null,
      status: article?.status ?? null,
      version: overrides.version ?? article?.version ?? 0,
      draft: overrides.draft ?? article?.draft ?? { ...EMPTY_DRAFT, authorIds: staff.personId !== null ? [staff.personId] : [] },
      // A form sent back keeps the tags it was loaded with, since its names are still those.
      loadedTags: overrides.loadedTags ?? article?.tags ?? [],
      errors: overrides.errors ?? {},
      notice: overrides.notice ?? null,
      conflict: overrides.conflict ?? null,
      sections,
      people,
      tagNames,
      othersEditing,
      notes,
      actions: {
        submit: intents?.submit ?? false,
        publish: intents?.publish ?? false,
        schedule: intents?.schedule ?? false,
        unpublish: intents?.unpublish ?? false,
        sendBack: intents?.['send-back'] ?? false,
        trash: intents?.trash ?? false,
      },
      scheduledFor: article?.status === 'scheduled' ? article.publishedAt : null,
      scheduleAt: overrides.scheduleAt ?? '',
      note: overrides.note ?? '',
      timeZone: settings.timeZone,
    };
    return sendNewsroomHtml(
      reply,
      <ArticleFormPage chrome={newsroomChrome(request, reply)} view={view} editor={editorAssets(request.server.newsroomAssets)} />,
      status,
    );
  }

  const ownerOf = (staff: Staff) => ({ personId: staff.personId, userId: staff.id });

  app.get('/newsroom/articles', { ...guard, schema: { querystring: ArticleListQuery } }, async (request, reply) => {
    const staff = request.staff!;
    const query = request.query;
    const trash = query.status === 'trash';
    const status = query.status === undefined || query.status === 'trash' ? null : query.status;
    const mine = query.mine === '1';
    const q = (query.q ?? '').trim().slice(0, 200);
    const owner = mine ? ownerOf(staff) : undefined;
    const after = parseCursor(query.after);
    const [page, counts] = await Promise.all([
      services.editorial.page({ status: status ?? undefined, trashed: trash, q: q || undefined, owner, after }, ARTICLES_PER_PAGE),
      services.editorial.counts({ owner }),
    ]);
    const done = query.done ?? '';
    return sendNewsroomHtml(
      reply,
      <ArticleListPage
        chrome={newsroomChrome(request, reply)}
        items={page.items.map((item) => ({ ...item, mayManage: trash && mayTrash(staff, item) }))}
        next={page.next}
        paged={after !== null}
        counts={counts}
        status={trash ? 'trash' : status}
        mine={mine}
        q={q}
        notice={/^[A-Za-z ,.’'-]{1,120}$/.test(done) ? done : null}
      />,
    );
  });

  app.get('/newsroom/articles/new', guard, async (request, reply) => renderForm(request, reply, null));

  app.post('/newsroom/articles', { ...formPost, schema: { body: NewArticleBody } }, async (request, reply) => {
    const staff = request.staff!;
    const { draft: typed, errors } = parseDraft(request.body);
    const draft = ownByline(staff, typed);
    if (Object.keys(errors).length)
      return renderForm(
        request,
        reply,
        null,
        { draft, errors, notice: { kind: 'error', text: 'The article was not saved: please correct the fields marked below.' } },
        422,
      );
    try {
      const { id } = await services.editorial.save(null, draft, { userId: staff.id, ip: request.ip });
      return reply.redirect(`/newsroom/articles/${id}/edit?saved=1`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      return renderForm(request, reply, null, { draft, errors: error.details, notice: { kind: 'error', text: error.message } }, 422);
    }
  });

  app.get('/newsroom/articles/:id/edit', { ...guard, schema: { params: ArticleIdParams, querystring: EditQuery } }, async (request, reply) => {
    const article = await loadArticle(services, request, reply, request.params.id);
    if (!article) return reply;
    const staff = request.staff!;
    if (article.trashedAt !== null) {
      if (!can(staff, 'articles.write', articleResource(article))) return sendForbidden(request, reply);
      return sendNewsroomHtml(reply, <TrashedArticlePage chrome={newsroomChrome(request, reply)} article={article} mayManage={mayTrash(staff, article)} />);
    }
    if (!mayEdit(staff, article)) return sendForbidden(request, reply);
    await services.editorial.touch(article.id, staff.id);
    const saved = request.query.saved ?? '';
    const notice = saved === '1' ? 'Saved.' : saved ? savedNotice(saved) : null;
    return renderForm(request, reply, article, notice ? { notice: { kind: 'ok', text: notice } } : {});
  });

  // The edit form: every button saves what is in the form (at the version it was read) and then, in the same
  // transaction, does what it names. Whatever is refused comes back with everything typed still in the form.
  app.post('/newsroom/articles/:id', { ...formPost, schema: { params: ArticleIdParams, body: ArticleFormBody } }, async (request, reply) => {
    const article = await loadArticle(services, request, reply, request.params.id);
    if (!article) return reply;
    const staff = request.staff!;
    const { body } = request;
    const intent: FormIntent = body.intent ?? 'save';
    if (!allowedIntents(staff, article)[intent]) return sendForbidden(request, reply);
    const { draft: typed, loadedTags, errors } = parseDraft(body);
    // Writers cannot take themselves off the byline (they would lose the article); editors may change it freely.
    const draft = ownByline(staff, typed);
    const expectedVersion = body.version;
    const kept = { draft, loadedTags, version: expectedVersion, scheduleAt: body.at ?? '', note: body.note ?? '' };
    if (Object.keys(errors).length) {
      return renderForm(
        request,
        reply,
        article,
        { ...kept, errors, notice: { kind: 'error', text: `${NOT_DONE[intent]}: please correct the fields marked below.` } },
        422,
      );
    }
    const at = intent === 'schedule' ? zonedDateTime(body.at ?? '', (await services.settings.get()).timeZone) : null;
    try {
      await services.editorial.save(article.id, draft, { expectedVersion, userId: staff.id, ip: request.ip, intent, at, note: body.note ?? '', loadedTags });
    } catch (error) {
      if (error instanceof EditConflict) {
        return renderForm(
          request,
          reply,
          error.theirs,
          {
            ...kept,
            version: error.theirs.version,
            notice: { kind: 'error', text: `Someone else saved this article since you opened it. ${NOT_DONE[intent]}.` },
            conflict: { theirs: error.theirs.draft, names: await diffNames(services) },
          },
          409,
        );
      }
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      return renderForm(request, reply, article, { ...kept, errors: error.details, notice: { kind: 'error', text: error.message } }, 422);
    }
    if (intent === 'trash') return reply.redirect(`/newsroom/articles?done=${encodeURIComponent('Moved to the trash.')}`, 303);
    // A writer who may not publish it may no longer edit what they submitted: back to their own articles instead.
    if (intent === 'submit' && !mayPublish(staff, article)) {
      return reply.redirect(`/newsroom/articles?mine=1&done=${encodeURIComponent(savedNotice(DONE_CODES.submit)!)}`, 303);
    }
    return reply.redirect(`/newsroom/articles/${article.id}/edit?saved=${DONE_CODES[intent]}`, 303);
  });

  app.post('/newsroom/articles/:id/autosave', { ...formPost, schema: { params: ArticleIdParams, body: AutosaveBody } }, async (request, reply) => {
    const article = await loadArticle(services, request, reply, request.params.id);
    if (!article) return reply;
    const staff = request.staff!;
    if (article.trashedAt !== null) return reply.status(409).send({ message: 'This article was moved to the trash' });
    if (!mayEdit(staff, article)) return reply.status(403).send({ message: 'You may not change this article.' });
    const { body } = request;
    const parsed = parseDraft(body);
    const draft = ownByline(staff, parsed.draft);
    const errors = parsed.errors;
    await services.editorial.touch(article.id, staff.id);
    if (Object.keys(errors).length) return reply.status(422).send({ message: 'Not saved: some fields need correcting.', errors });
    try {
      const saved = await services.editorial.save(article.id, draft, {
        expectedVersion: body.version,
        userId: staff.id,
        kind: 'autosave',
        loadedTags: parsed.loadedTags,
      });
      return {
        version: saved.version,
        savedAt: services.clock.now().toISOString(),
        othersEditing: await services.editorial.othersEditing(article.id, staff.id),
      };
    } catch (error) {
      if (error instanceof EditConflict) {
        return reply
          .status(409)
          .send({ message: 'Someone else saved this article since you opened it', theirs: { version: error.theirs.version, ...error.theirs.draft } });
      }
      if (error instanceof DomainError && error.code === 'invalid') return reply.status(422).send({ message: error.message, errors: error.details });
      throw error;
    }
  });

  // Presence: an open edit page says it is still open every PRESENCE_INTERVAL (and hears who else is), and says it
  // is gone when the page is left, so "… also has this article open" is neither stale nor a minute late.
  app.post('/newsroom/articles/:id/presence', { ...formPost, schema: { params: ArticleIdParams, body: CsrfOnlyBody } }, async (request, reply) => {
    const article = await loadArticle(services, request, reply, request.params.id);
    if (!article) return reply;
    const staff = request.staff!;
    if (article.trashedAt !== null || !mayEdit(staff, article)) return reply.status(403).send({ message: 'You may not edit this article.' });
    await services.editorial.touch(article.id, staff.id);
    return { othersEditing: await services.editorial.othersEditing(article.id, staff.id) };
  });

  app.post('/newsroom/articles/:id/presence/leave', { ...formPost, schema: { params: ArticleIdParams, body: CsrfOnlyBody } }, async (request, reply) => {
    const article = await loadArticle(services, request, reply, request.params.id);
    if (!article) return reply;
    await services.editorial.leave(article.id, request.staff!.id);
    return reply.status(204).send();
  });

  // The preview is the site's (/preview/articles/:id, site/preview.routes.tsx); this address, which edit pages
  // linked to before, leads there.
  app.get('/newsroom/articles/:id/preview', { ...guard, schema: { params: ArticleIdParams } }, async (request, reply) =>
    reply.redirect(`/preview/articles/${request.params.id}`, 301),
  );
};

/** The opening of the message when a button's action was refused: nothing it names happened. */
const NOT_DONE: Record<FormIntent, string> = {
  save: 'The article was not saved',
  submit: 'Not saved or submitted',
  publish: 'Not saved or published',
  schedule: 'Not saved or scheduled',
  unpublish: 'Not saved or unpublished',
  'send-back': 'Not saved or sent back',
  trash: 'Not saved or moved to the trash',
};

const DONE_CODES: Record<FormIntent, string> = {
  save: '1',
  submit: 'submitted',
  publish: 'published',
  schedule: 'scheduled',
  unpublish: 'unpublished',
  'send-back': 'sent-back',
  trash: 'trashed',
};

/** What the edit page says after a redirect with `?saved=<code>` (from this file, revisions or the trash). */
const SAVED_NOTICES: Record<string, string> = {
  restored: 'Restored. The restored version is now the current one.',
  untrashed: 'Taken out of the trash.',
  submitted: 'Saved and submitted for review.',
  published: 'Saved and published.',
  scheduled: 'Saved and scheduled.',
  unpublished: 'Saved and taken off the site; it is a draft again.',
  'sent-back': 'Saved and sent back to draft with your note.',
};

function savedNotice(code: string): string | null {
  return Object.hasOwn(SAVED_NOTICES, code) ? SAVED_NOTICES[code]! : null;
}
