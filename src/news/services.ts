import type { DatabaseHandle } from '../platform/db/connection.js';
import type { DomainEventBus } from '../platform/events.js';
import { SessionService } from '../platform/security/sessions.js';
import type { Signer } from '../platform/security/signer.js';
import { ArticleService } from './articles/article.service.js';
import { CommentService } from './comments/comment.service.js';
import { SpamFilter } from './comments/spam-filter.js';
import { ModerationService } from './comments/moderation.service.js';
import { likeOperator } from '../platform/db/dialect.js';
import { AuditService } from './audit/audit.service.js';
import { PageService } from './pages/page.service.js';
import { PeopleService } from './people/people.service.js';
import { RedirectService } from './redirects/redirect.service.js';
import { SearchService } from './search/search.service.js';
import { SettingsService } from './settings/settings.service.js';
import type { Clock } from './shared/clock.js';
import { UserService } from './staff/user.service.js';
import { TaxonomyService } from './taxonomy/taxonomy.service.js';

/** The domain's use cases, wired once per app. Routes, the CLI and the seed all go through these. */
export interface NewsServices {
  articles: ArticleService;
  taxonomy: TaxonomyService;
  people: PeopleService;
  pages: PageService;
  redirects: RedirectService;
  settings: SettingsService;
  search: SearchService;
  /** Staff accounts and passwords. */
  staff: UserService;
  /** Staff sign-in sessions (platform/security). */
  sessions: SessionService;
  /** Who did what: moderation and editorial actions. */
  audit: AuditService;
  /** Reader comments and the learned spam filter. */
  comments: CommentService;
  moderation: ModerationService;
  spamFilter: SpamFilter;
  events: DomainEventBus;
  clock: Clock;
}

export function createNewsServices(database: DatabaseHandle, events: DomainEventBus, clock: Clock, signer: Signer): NewsServices {
  const { db } = database;
  const settings = new SettingsService(db, clock);
  const articles = new ArticleService(db, events, settings, clock);
  const sessions = new SessionService(db, clock);
  const spamFilter = new SpamFilter(db, clock);
  const audit = new AuditService(db, clock);
  return {
    articles,
    taxonomy: new TaxonomyService(db, clock),
    people: new PeopleService(db, clock),
    pages: new PageService(db, clock),
    redirects: new RedirectService(db, clock),
    settings,
    search: new SearchService(articles, database.dialect),
    staff: new UserService(db, clock, sessions),
    sessions,
    audit,
    comments: new CommentService(db, events, settings, clock, signer, spamFilter),
    moderation: new ModerationService(db, events, clock, audit, spamFilter, likeOperator(database.dialect)),
    spamFilter,
    events,
    clock,
  };
}
