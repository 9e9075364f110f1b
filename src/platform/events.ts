import { EventEmitter } from 'node:events';

/**
 * Typed in-process domain events. Services emit after their transaction commits; cache purges, feeds, search
 * indexing and webhooks subscribe. A listener that throws is logged and never breaks the action that emitted.
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
  status: 'pending' | 'approved' | 'spam' | 'trash';
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
type Listener<K extends DomainEventName> = (payload: DomainEvents[K]) => void | Promise<void>;

export class DomainEventBus {
  private readonly emitter = new EventEmitter();

  constructor(private readonly onListenerError: (event: DomainEventName, error: unknown) => void) {
    this.emitter.setMaxListeners(50);
  }

  on<K extends DomainEventName>(event: K, listener: Listener<K>): () => void {
    const wrapped = (payload: DomainEvents[K]) => {
      try {
        const result = listener(payload);
        if (result instanceof Promise) result.catch((error) => this.onListenerError(event, error));
      } catch (error) {
        this.onListenerError(event, error);
      }
    };
    this.emitter.on(event, wrapped);
    return () => this.emitter.off(event, wrapped);
  }

  emit<K extends DomainEventName>(event: K, payload: DomainEvents[K]): void {
    this.emitter.emit(event, payload);
  }
}
