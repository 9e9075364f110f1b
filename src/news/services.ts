import type { DatabaseHandle } from '../platform/db/connection.js';
import type { DomainEventBus } from '../platform/events.js';
import { ArticleService } from './articles/article.service.js';
import { PageService } from './pages/page.service.js';
import { PeopleService } from './people/people.service.js';
import { RedirectService } from './redirects/redirect.service.js';
import { SearchService } from './search/search.service.js';
import { SettingsService } from './settings/settings.service.js';
import type { Clock } from './shared/clock.js';
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
  events: DomainEventBus;
  clock: Clock;
}

export function createNewsServices(database: DatabaseHandle, events: DomainEventBus, clock: Clock): NewsServices {
  const { db } = database;
  const settings = new SettingsService(db, clock);
  const articles = new ArticleService(db, events, settings, clock);
  return {
    articles,
    taxonomy: new TaxonomyService(db, clock),
    people: new PeopleService(db, clock),
    pages: new PageService(db, clock),
    redirects: new RedirectService(db, clock),
    settings,
    search: new SearchService(articles, database.dialect),
    events,
    clock,
  };
}
