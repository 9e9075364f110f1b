import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ARTICLE_STATUSES, type ArticleStatus } from '../../news/vocabulary.js';
import { type ArticleDraft, EditConflict, type EditableArticle, FORM_INTENTS, type FormIntent, type LoadedTag } from '../../news/editorial/editorial.service.js';
import { DomainError } from '../../news/shared/errors.js';
import { isValidSlug } from '../../news/shared/slug.js';
import type { NewsroomDeps } from '../newsroom.js';
import { can } from '../../news/staff/policy.js';
import { requireStaff } from '../guard.js';
import { editorAssets } from '../assets.js';
import { newsroomChrome, sendNewsroomHtml, sendNewsroomMessage } from '../render.js';
import { loadChrome } from '../../site/chrome-loader.js';
import { renderDocument } from '../../site/render.js';
import { ArticlePage } from '../../site/views/ArticlePage.js';
import type { DiffNames } from './draft-diff.js';
import { ArticleFormPage, type ArticleFormView, ArticleListPage, DeleteArticlePage, RevisionsPage, TrashedArticlePage } from './views.js';
import { zonedWallTime } from '../../news/shared/date-format.js';

type FormBody = Record<string, string | string[] | undefined>;
type Staff = NonNullable<FastifyRequest['staff']>;

const EMPTY_DRAFT: ArticleDraft = {
  title: '',
  slug: '',
  standfirst: '',
  body: '',
  primarySectionId: null,
  sectionIds: [],
  tags: [],
  authorIds: [],
  imageUrl: '',
  imageAlt: '',
  imageCaption: '',
  imageCredit: '',
  imageWidth: null,
  imageHeight: null,
  seoTitle: '',
  seoDescription: '',
  commentsOpen: true,
};

const one = (value: unknown): string => (Array.isArray(value) ? String(value[0] ?? '') : typeof value === 'string' ? value : '');
const many = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);
const ids = (value: unknown): number[] => [...new Set(many(value).filter((v) => /^\d+$/.test(v)).map(Number))];
const tagName = (name: string) => name.replace(/\s+/g, ' ').trim();
/** Far more than any article has: a bound on the lookups a tampered field can cause. */
const MAX_LOADED_TAGS = 200;

/** The form's hidden `loadedTags` (JSON [{id, name}]: the tags it was rendered with); whatever is malformed is left out. */
function parseLoadedTags(value: unknown): LoadedTag[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(one(value) || '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((t): t is LoadedTag => Number.isSafeInteger(t?.id) && t.id > 0 && typeof t.name === 'string')
    .slice(0, MAX_LOADED_TAGS)
    .map((t) => ({ id: t.id, name: tagName(t.name) }));
}

/**
 * The edit form (or an autosave's JSON) as a draft, with a message per field that cannot be saved as typed, and the
 * tags the form was loaded with (for the service to tell a renamed or merged tag from a new one).
 */
export function parseDraft(body: FormBody | Record<string, unknown>): { draft: ArticleDraft; loadedTags: LoadedTag[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const size = (key: 'imageWidth' | 'imageHeight') => {
    const raw = one(body[key]).trim();
    if (!raw) return null;
    if (!/^\d{1,5}$/.test(raw) || Number(raw) === 0) {
      errors[key] = 'Enter a whole number of pixels';
      return null;
    }
    return Number(raw);
  };
  const primary = one(body.primarySectionId);
  const tags = one(body.tags).split(',').map(tagName).filter(Boolean);
  const draft: ArticleDraft = {
    title: one(body.title),
    slug: one(body.slug).trim(),
    standfirst: one(body.standfirst),
    body: one(body.body),
    primarySectionId: /^\d+$/.test(primary) ? Number(primary) : null,
    sectionIds: ids(body.sectionIds),
    tags: [...new Map(tags.map((t) => [t.toLowerCase(), t])).values()],
    authorIds: ids(body.authorIds),
    imageUrl: one(body.imageUrl).trim(),
    imageAlt: one(body.imageAlt).trim(),
    imageCaption: one(body.imageCaption).trim(),
    imageCredit: one(body.imageCredit).trim(),
    imageWidth: size('imageWidth'),
    imageHeight: size('imageHeight'),
    seoTitle: one(body.seoTitle),
    seoDescription: one(body.seoDescription),
    commentsOpen: body.commentsOpen === true || one(body.commentsOpen) === '1' || one(body.commentsOpen) === 'on',
  };
  draft.sectionIds = draft.sectionIds.filter((id) => id !== draft.primarySectionId);
  if (!draft.title.trim()) errors.title = 'Enter a headline';
  else if (draft.title.length > 300) errors.title = 'Shorten the headline to 300 characters or fewer';
  if (draft.slug && !isValidSlug(draft.slug)) errors.slug = 'Use lowercase letters, digits and single hyphens, or leave it empty';
  if (draft.imageUrl && !/^(https?:\/\/|\/)/.test(draft.imageUrl)) errors.imageUrl = 'Enter an address starting with https://, http:// or /';
  if (tags.some((t) => t.length > 80)) errors.tags = 'Keep each tag under 80 characters';
  return { draft, loadedTags: parseLoadedTags(body.loadedTags), errors };
}

/** The instant (ISO, UTC) a `datetime-local` value names in `timeZone`, or null when it is not one. */
export function zonedDateTime(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (Number.isNaN(Date.UTC(year, month - 1, day, hour, minute, second))) return null;
  return zonedWallTime(year, month, day, hour, minute, second, timeZone);
}

/** Writing, revisions, the workflow and the trash: the newsroom's article screens. Every route asks the policy per article. */
export const articleRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const { services } = deps;
  const guard = { onRequest: requireStaff('articles.write') };
  const formPost = { ...guard, preValidation: app.csrfProtection };

  const resource = (article: Pick<EditableArticle, 'authorPersonIds' | 'createdByUserId'>) => ({
    articleAuthorPersonIds: article.authorPersonIds,
    createdByUserId: article.createdByUserId,
  });
  /** May edit this article now: their own (or anyone's, for editors), and for those who may not publish it, only a draft. */
  const mayEdit = (staff: Staff, article: EditableArticle) =>
    article.trashedAt === null &&
    can(staff, 'articles.write', resource(article)) &&
    (article.status === 'draft' || can(staff, 'articles.publish', resource(article)));
  const mayPublish = (staff: Staff, article: EditableArticle) => can(staff, 'articles.publish', resource(article));
  /** Trash, restore, delete for good: editors any article, writers their own drafts. */
  const mayTrash = (staff: Staff, article: Pick<EditableArticle, 'authorPersonIds' | 'createdByUserId' | 'status'>) =>
    can(staff, 'articles.delete', resource(article)) && (article.status === 'draft' || can(staff, 'articles.edit_any'));

  /** What each of the edit form's buttons may do to this article for this user. */
  function allowedIntents(staff: Staff, article: EditableArticle): Record<FormIntent, boolean> {
    const edit = mayEdit(staff, article);
    const publish = edit && mayPublish(staff, article);
    const { status } = article;
    return {
      save: edit,
      submit: edit && status === 'draft' && can(staff, 'articles.submit', resource(article)),
      publish,
      schedule: publish && status !== 'published',
      unpublish: publish && (status === 'published' || status === 'scheduled'),
      'send-back': publish && status === 'pending',
      trash: edit && mayTrash(staff, article),
    };
  }

  async function sectionOptions() {
    const out: { id: number; name: string; depth: number }[] = [];
    const walk = (nodes: Awaited<ReturnType<typeof services.taxonomy.sectionTree>>, depth: number) => {
      for (const node of nodes) {
        out.push({ id: node.id, name: node.name, depth });
        walk(node.children, depth + 1);
      }
    };
    walk(await services.taxonomy.sectionTree(), 0);
    return out;
  }

  async function diffNames(): Promise<DiffNames> {
    const [sections, people] = await Promise.all([sectionOptions(), services.editorial.people()]);
    return { sections: new Map(sections.map((s) => [s.id, s.name])), people: new Map(people.map((p) => [p.id, p.displayName])) };
  }

  type FormOverrides = Partial<Pick<ArticleFormView, 'draft' | 'loadedTags' | 'errors' | 'notice' | 'conflict' | 'version' | 'scheduleAt' | 'note'>>;

  async function renderForm(request: FastifyRequest, reply: FastifyReply, article: EditableArticle | null, overrides: FormOverrides = {}, status = 200) {
    const staff = request.staff!;
    const [sections, people, tagNames, othersEditing, notes, settings] = await Promise.all([
      sectionOptions(),
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

  const forbidden = (request: FastifyRequest, reply: FastifyReply) =>
    sendNewsroomMessage(request, reply, 403, {
      title: 'Not allowed',
      message: 'You may not change this article. Ask an editor if you need to.',
    });

  async function load(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply): Promise<EditableArticle | null> {
    const id = /^\d+$/.test(request.params.id) ? Number(request.params.id) : NaN;
    const article = Number.isSafeInteger(id) ? await services.editorial.find(id) : null;
    if (!article) {
      await sendNewsroomMessage(request, reply, 404, {
        title: 'Not found',
        message: 'There is no such article; it may have been deleted for good.',
        links: [{ href: '/newsroom/articles', label: 'Articles' }],
      });
      return null;
    }
    return article;
  }

  /** A non-editor's article always carries their own byline, so that it stays theirs to edit. */
  function ownByline(staff: Staff, draft: ArticleDraft): ArticleDraft {
    if (can(staff, 'articles.edit_any') || staff.personId === null || draft.authorIds.includes(staff.personId)) return draft;
    return { ...draft, authorIds: [staff.personId, ...draft.authorIds] };
  }

  function fieldErrors(error: DomainError): Record<string, string> {
    if (Object.keys(error.details).length) return error.details;
    if (/slug/i.test(error.message)) return { slug: error.message };
    return {};
  }

  const ownerOf = (staff: Staff) => ({ personId: staff.personId, userId: staff.id });

  app.get('/newsroom/articles', guard, async (request, reply) => {
    const staff = request.staff!;
    const query = request.query as Record<string, unknown>;
    const trash = one(query.status) === 'trash';
    const status = ARTICLE_STATUSES.includes(one(query.status) as ArticleStatus) ? (one(query.status) as ArticleStatus) : null;
    const mine = one(query.mine) === '1';
    const q = one(query.q).trim().slice(0, 200);
    const owner = mine ? ownerOf(staff) : undefined;
    const [items, counts] = await Promise.all([
      services.editorial.list({ status: status ?? undefined, trashed: trash, q: q || undefined, owner }),
      services.editorial.counts({ owner }),
    ]);
    const done = one(query.done);
    return sendNewsroomHtml(
      reply,
      <ArticleListPage
        chrome={newsroomChrome(request, reply)}
        items={items.map((item) => ({ ...item, mayManage: trash && mayTrash(staff, item) }))}
        counts={counts}
        status={trash ? 'trash' : status}
        mine={mine}
        q={q}
        notice={/^[A-Za-z ,.’'-]{1,120}$/.test(done) ? done : null}
      />,
    );
  });

  app.get('/newsroom/articles/new', guard, async (request, reply) => renderForm(request, reply, null));

  app.post('/newsroom/articles', formPost, async (request, reply) => {
    const staff = request.staff!;
    const { draft: typed, errors } = parseDraft(request.body as FormBody);
    const draft = ownByline(staff, typed);
    if (Object.keys(errors).length) return renderForm(request, reply, null, { draft, errors, notice: { kind: 'error', text: 'The article was not saved: please correct the fields marked below.' } }, 422);
    try {
      const { id } = await services.editorial.save(null, draft, { userId: staff.id, ip: request.ip });
      return reply.redirect(`/newsroom/articles/${id}/edit?saved=1`, 303);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      return renderForm(request, reply, null, { draft, errors: fieldErrors(error), notice: { kind: 'error', text: error.message } }, 422);
    }
  });

  app.get<{ Params: { id: string } }>('/newsroom/articles/:id/edit', guard, async (request, reply) => {
    const article = await load(request, reply);
    if (!article) return reply;
    const staff = request.staff!;
    if (article.trashedAt !== null) {
      if (!can(staff, 'articles.write', resource(article))) return forbidden(request, reply);
      return sendNewsroomHtml(reply, <TrashedArticlePage chrome={newsroomChrome(request, reply)} article={article} mayManage={mayTrash(staff, article)} />);
    }
    if (!mayEdit(staff, article)) return forbidden(request, reply);
    await services.editorial.touch(article.id, staff.id);
    const saved = one((request.query as Record<string, unknown>).saved);
    const notice = saved === '1' ? 'Saved.' : saved ? savedNotice(saved) : null;
    return renderForm(request, reply, article, notice ? { notice: { kind: 'ok', text: notice } } : {});
  });

  // The edit form: every button saves what is in the form (at the version it was read) and then, in the same
  // transaction, does what it names. Whatever is refused comes back with everything typed still in the form.
  app.post<{ Params: { id: string } }>('/newsroom/articles/:id', formPost, async (request, reply) => {
    const article = await load(request, reply);
    if (!article) return reply;
    const staff = request.staff!;
    const body = request.body as FormBody;
    const intent: FormIntent = FORM_INTENTS.includes(one(body.intent) as FormIntent) ? (one(body.intent) as FormIntent) : 'save';
    if (!allowedIntents(staff, article)[intent]) return forbidden(request, reply);
    const { draft: typed, loadedTags, errors } = parseDraft(body);
    // Writers cannot take themselves off the byline (they would lose the article); editors may change it freely.
    const draft = ownByline(staff, typed);
    const expectedVersion = Number(one(body.version));
    const kept = { draft, loadedTags, version: expectedVersion, scheduleAt: one(body.at), note: one(body.note) };
    if (Object.keys(errors).length) {
      return renderForm(request, reply, article, { ...kept, errors, notice: { kind: 'error', text: `${NOT_DONE[intent]}: please correct the fields marked below.` } }, 422);
    }
    const at = intent === 'schedule' ? zonedDateTime(one(body.at), (await services.settings.get()).timeZone) : null;
    try {
      await services.editorial.save(article.id, draft, { expectedVersion, userId: staff.id, ip: request.ip, intent, at, note: one(body.note), loadedTags });
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
            conflict: { theirs: error.theirs.draft, names: await diffNames() },
          },
          409,
        );
      }
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      return renderForm(request, reply, article, { ...kept, errors: fieldErrors(error), notice: { kind: 'error', text: error.message } }, 422);
    }
    if (intent === 'trash') return reply.redirect(`/newsroom/articles?done=${encodeURIComponent('Moved to the trash.')}`, 303);
    // A writer who may not publish it may no longer edit what they submitted: back to their own articles instead.
    if (intent === 'submit' && !mayPublish(staff, article)) {
      return reply.redirect(`/newsroom/articles?mine=1&done=${encodeURIComponent(savedNotice(DONE_CODES.submit)!)}`, 303);
    }
    return reply.redirect(`/newsroom/articles/${article.id}/edit?saved=${DONE_CODES[intent]}`, 303);
  });

  app.post<{ Params: { id: string } }>('/newsroom/articles/:id/autosave', formPost, async (request, reply) => {
    const article = await load(request, reply);
    if (!article) return reply;
    const staff = request.staff!;
    if (article.trashedAt !== null) return reply.status(409).send({ message: 'This article was moved to the trash' });
    if (!mayEdit(staff, article)) return reply.status(403).send({ message: 'You may not change this article.' });
    const body = (request.body ?? {}) as Record<string, unknown>;
    const parsed = parseDraft(body);
    const draft = ownByline(staff, parsed.draft);
    const errors = parsed.errors;
    await services.editorial.touch(article.id, staff.id);
    if (Object.keys(errors).length) return reply.status(422).send({ message: 'Not saved: some fields need correcting.', errors });
    try {
      const saved = await services.editorial.save(article.id, draft, { expectedVersion: Number(body.version), userId: staff.id, kind: 'autosave', loadedTags: parsed.loadedTags });
      return { version: saved.version, savedAt: services.clock.now().toISOString(), othersEditing: await services.editorial.othersEditing(article.id, staff.id) };
    } catch (error) {
      if (error instanceof EditConflict) {
        return reply.status(409).send({ message: 'Someone else saved this article since you opened it', theirs: { version: error.theirs.version, ...error.theirs.draft } });
      }
      if (error instanceof DomainError && error.code === 'invalid') return reply.status(422).send({ message: error.message, errors: fieldErrors(error) });
      throw error;
    }
  });

  app.get<{ Params: { id: string } }>('/newsroom/articles/:id/revisions', guard, async (request, reply) => {
    const article = await load(request, reply);
    if (!article) return reply;
    const staff = request.staff!;
    if (!can(staff, 'articles.write', resource(article))) return forbidden(request, reply);
    const query = request.query as Record<string, unknown>;
    const revisions = await services.editorial.revisions(article.id);
    const from = Number(one(query.from));
    const to = Number(one(query.to));
    let compare = null;
    if (from && to) {
      const [a, b] = await Promise.all([services.editorial.revision(article.id, from), services.editorial.revision(article.id, to)]);
      if (a && b) compare = a.id < b.id ? { from: a, to: b, names: await diffNames() } : { from: b, to: a, names: await diffNames() };
    }
    return sendNewsroomHtml(
      reply,
      <RevisionsPage chrome={newsroomChrome(request, reply)} articleId={article.id} title={article.draft.title} revisions={revisions} compare={compare} version={article.version} mayRestore={mayEdit(staff, article)} />,
    );
  });

  // Presence: an open edit page says it is still open every PRESENCE_INTERVAL (and hears who else is), and says it
  // is gone when the page is left, so "… also has this article open" is neither stale nor a minute late.
  app.post<{ Params: { id: string } }>('/newsroom/articles/:id/presence', formPost, async (request, reply) => {
    const article = await load(request, reply);
    if (!article) return reply;
    const staff = request.staff!;
    if (article.trashedAt !== null || !mayEdit(staff, article)) return reply.status(403).send({ message: 'You may not edit this article.' });
    await services.editorial.touch(article.id, staff.id);
    return { othersEditing: await services.editorial.othersEditing(article.id, staff.id) };
  });

  app.post<{ Params: { id: string } }>('/newsroom/articles/:id/presence/leave', formPost, async (request, reply) => {
    const article = await load(request, reply);
    if (!article) return reply;
    await services.editorial.leave(article.id, request.staff!.id);
    return reply.status(204).send();
  });

  app.post<{ Params: { id: string } }>('/newsroom/articles/:id/restore', formPost, async (request, reply) => {
    const article = await load(request, reply);
    if (!article) return reply;
    const staff = request.staff!;
    if (!mayEdit(staff, article)) return forbidden(request, reply);
    const body = request.body as FormBody;
    const revision = await services.editorial.revision(article.id, Number(one(body.revision)));
    if (!revision) return reply.callNotFound();
    try {
      await services.editorial.save(article.id, revision.snapshot, { expectedVersion: Number(one(body.version)), userId: staff.id, kind: 'restore' });
    } catch (error) {
      if (error instanceof EditConflict) {
        return sendNewsroomMessage(request, reply, 409, {
          title: 'Not restored',
          message: 'Someone else saved this article since you opened its revisions. Look at the revisions again and restore from there.',
          links: [{ href: `/newsroom/articles/${article.id}/revisions`, label: 'Revisions' }],
        });
      }
      throw error;
    }
    return reply.redirect(`/newsroom/articles/${article.id}/edit?saved=restored`, 303);
  });

  // The trash: restore, and delete for good (after a confirmation page, since nothing brings it back).
  async function loadTrashed(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply): Promise<EditableArticle | null> {
    const article = await load(request, reply);
    if (!article) return null;
    if (!mayTrash(request.staff!, article)) {
      await forbidden(request, reply);
      return null;
    }
    if (article.trashedAt === null) {
      await sendNewsroomMessage(request, reply, 409, {
        title: 'Not in the trash',
        message: 'This article is not in the trash (someone may have restored it already).',
        links: [{ href: `/newsroom/articles/${article.id}/edit`, label: 'Open the article' }],
      });
      return null;
    }
    return article;
  }

  app.post<{ Params: { id: string } }>('/newsroom/articles/:id/restore-from-trash', formPost, async (request, reply) => {
    const article = await loadTrashed(request, reply);
    if (!article) return reply;
    await services.editorial.restore(article.id, { userId: request.staff!.id, ip: request.ip });
    return reply.redirect(`/newsroom/articles/${article.id}/edit?saved=untrashed`, 303);
  });

  app.get<{ Params: { id: string } }>('/newsroom/articles/:id/delete', guard, async (request, reply) => {
    const article = await loadTrashed(request, reply);
    if (!article) return reply;
    const [item] = await services.editorial.list({ trashed: true, ids: [article.id] });
    return sendNewsroomHtml(reply, <DeleteArticlePage chrome={newsroomChrome(request, reply)} article={article} commentCount={item?.commentCount ?? 0} />);
  });

  app.post<{ Params: { id: string } }>('/newsroom/articles/:id/delete', formPost, async (request, reply) => {
    const article = await loadTrashed(request, reply);
    if (!article) return reply;
    await services.editorial.deletePermanently(article.id, { userId: request.staff!.id, ip: request.ip });
    return reply.redirect(`/newsroom/articles?status=trash&done=${encodeURIComponent('Deleted for good.')}`, 303);
  });

  // The real article page, whatever the status: never indexed, never cached, with a banner saying what it is.
  app.get<{ Params: { id: string } }>('/newsroom/articles/:id/preview', guard, async (request, reply) => {
    const editable = await load(request, reply);
    if (!editable) return reply;
    if (!can(request.staff!, 'articles.write', resource(editable))) return forbidden(request, reply);
    const article = await services.articles.findAnyById(editable.id);
    if (!article) return reply.callNotFound();
    const [chrome, thread] = await Promise.all([
      // The canonical address hardly matters on a noindex page: the request's own origin will do.
      loadChrome(services, app.assets, `${request.protocol}://${request.host}`),
      services.comments.thread(article.id, { ownIds: [], page: 1 }),
    ]);
    const html = renderDocument(
      <ArticlePage
        chrome={chrome}
        article={article}
        related={[]}
        comments={{ thread, approvedCount: 0, form: null, closedMessage: 'Comments are not shown in a preview.' }}
        commentsScript=""
      />,
    )
      .replace('<meta charset="utf-8"/>', '<meta charset="utf-8"/><meta name="robots" content="noindex, nofollow"/>')
      .replace(
        '<body>',
        `<body><p class="preview-banner" role="note" style="margin:0;padding:.5rem 1rem;background:#fde68a;color:#1c1917;font:600 1rem/1.4 system-ui,sans-serif;text-align:center">Preview (${article.status}) – not what readers see until it is published. <a href="/newsroom/articles/${article.id}/edit" style="color:inherit">Back to editing</a></p>`,
      );
    return reply.type('text/html; charset=utf-8').header('x-robots-tag', 'noindex, nofollow').send(html);
  });
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

function savedNotice(code: string): string | null {
  return (
    {
      restored: 'Restored. The restored version is now the current one.',
      untrashed: 'Taken out of the trash.',
      submitted: 'Saved and submitted for review.',
      published: 'Saved and published.',
      scheduled: 'Saved and scheduled.',
      unpublished: 'Saved and taken off the site; it is a draft again.',
      'sent-back': 'Saved and sent back to draft with your note.',
    }[code] ?? null
  );
}
