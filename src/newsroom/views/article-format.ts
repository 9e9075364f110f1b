import type { ArticleStatus } from '../../news/vocabulary.js';

/** The article screens' words for statuses and times. */
export const STATUS_LABELS: Record<ArticleStatus, string> = {
  draft: 'Drafts',
  pending: 'Waiting for review',
  scheduled: 'Scheduled',
  published: 'Published',
};
export const STATUS_ONE: Record<ArticleStatus, string> = { draft: 'Draft', pending: 'Waiting for review', scheduled: 'Scheduled', published: 'Published' };

/** A stored time as the newsroom lists show it: `2026-03-02 09:00 UTC`. */
export function when(iso: string | null): string {
  return iso ? iso.slice(0, 16).replace('T', ' ') + ' UTC' : '';
}
