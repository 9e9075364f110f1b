import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema.js';
import { type Clock, isoNow } from '../shared/clock.js';
import { invalid } from '../shared/errors.js';
import { isValidSlug, slugify } from '../shared/slug.js';
import { findPersonBySlug, insertPerson } from './person.repository.js';

/** A person who can have a byline; staff accounts attach to people. */
export interface Person {
  id: number;
  slug: string;
  displayName: string;
  bio: string;
  avatarUrl: string | null;
}

export interface PersonInput {
  displayName: string;
  slug?: string;
  bio?: string;
  avatarUrl?: string | null;
}

export interface PeopleServiceDeps {
  db: Kysely<Database>;
  clock: Clock;
}

export class PeopleService {
  constructor(private readonly deps: PeopleServiceDeps) {}

  async findBySlug(slug: string): Promise<Person | null> {
    const row = await findPersonBySlug(this.deps.db, slug);
    return row ? { id: row.id, slug: row.slug, displayName: row.display_name, bio: row.bio, avatarUrl: row.avatar_url } : null;
  }

  async create(input: PersonInput): Promise<number> {
    const displayName = input.displayName.trim();
    if (!displayName) throw invalid('A person needs a display name');
    const slug = input.slug ?? slugify(displayName);
    if (!isValidSlug(slug)) throw invalid(`"${slug}" is not a valid slug: use lowercase letters, digits and hyphens`);
    return insertPerson(this.deps.db, {
      slug,
      display_name: displayName,
      bio: input.bio ?? '',
      avatar_url: input.avatarUrl ?? null,
      created_at: isoNow(this.deps.clock),
    });
  }
}
