import { EventBus } from '../platform/events.js';
import type { CommentStatus } from './vocabulary.js';

/**
 * The domain's events and their payloads. Services emit after their transaction commits; cache purges, feeds,
 * search indexing, comment emails and webhooks subscribe. The bus itself is platform's generic EventBus.
 */
export interface ArticleEventPayload {
  articleId: number;
  slug: string;
  /** The actor, when a person did it (null for the scheduler or the seed). */
  actorId: number | null;
}

export interface CommentEventPayload {
  commentId: number;
  articleId: number;
  status: CommentStatus;
  actorId: number | null;
}

export interface DomainEvents {
  'article.published': ArticleEventPayload;
  'article.updated': ArticleEventPayload;
  'article.unpublished': ArticleEventPayload;
  /** A reader's comment was stored, whatever status the pipeline gave it. */
  'comment.created': CommentEventPayload;
  /** A comment became visible to everyone (on creation or by a moderator). */
  'comment.approved': CommentEventPayload;
  /** Enough readers reported an approved comment that it went back to moderation (status 'pending'). */
  'comment.reported': CommentEventPayload;
}

export type DomainEventName = keyof DomainEvents;

/** The app's bus for its domain events (one per app; a listener that fails is reported, never thrown). */
export class DomainEventBus extends EventBus<DomainEvents> {}
