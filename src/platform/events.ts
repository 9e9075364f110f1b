import { EventEmitter } from 'node:events';

/**
 * A typed in-process event bus over a map of event names to payload types (news/events.ts declares the domain's).
 * Emitters publish after their change is written; a listener that throws, or whose promise rejects, is reported to
 * `onListenerError` and never breaks the emitter or the other listeners.
 */
export class EventBus<Events extends object> {
  private readonly emitter = new EventEmitter();

  constructor(private readonly onListenerError: (event: EventName<Events>, error: unknown) => void) {
    this.emitter.setMaxListeners(50);
  }

  on<K extends EventName<Events>>(event: K, listener: Listener<Events, K>): () => void {
    const wrapped = (payload: Events[K]) => {
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

  emit<K extends EventName<Events>>(event: K, payload: Events[K]): void {
    this.emitter.emit(event, payload);
  }
}

export type EventName<Events extends object> = keyof Events & string;
export type Listener<Events extends object, K extends EventName<Events>> = (payload: Events[K]) => void | Promise<void>;
