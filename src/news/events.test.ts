import { describe, expect, it, vi } from 'vitest';
import { EventBus } from '../platform/events.js';
import { DomainEventBus } from './events.js';

describe('DomainEventBus', () => {
  const payload = { articleId: 1, slug: 's', actorId: null };

  it('delivers typed payloads to every listener and stops after unsubscribe', () => {
    const bus = new DomainEventBus(() => {});
    const seen: number[] = [];
    const off = bus.on('article.published', (p) => void seen.push(p.articleId));
    bus.emit('article.published', payload);
    off();
    bus.emit('article.published', payload);
    expect(seen).toEqual([1]);
  });

  it('reports a failing listener without stopping the others or the emitter', async () => {
    const onError = vi.fn();
    const bus = new DomainEventBus(onError);
    const after = vi.fn();
    bus.on('article.updated', () => {
      throw new Error('sync boom');
    });
    bus.on('article.updated', async () => {
      throw new Error('async boom');
    });
    bus.on('article.updated', after);
    expect(() => bus.emit('article.updated', payload)).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(after).toHaveBeenCalledOnce();
    expect(onError).toHaveBeenCalledTimes(2);
  });
});

describe('EventBus', () => {
  it('carries any map of events, reporting a failing listener with its event', () => {
    const onError = vi.fn();
    const bus = new EventBus<{ 'thing.done': { n: number } }>(onError);
    const seen: number[] = [];
    bus.on('thing.done', ({ n }) => void seen.push(n));
    bus.on('thing.done', () => {
      throw new Error('boom');
    });
    bus.emit('thing.done', { n: 7 });
    expect(seen).toEqual([7]);
    expect(onError).toHaveBeenCalledWith('thing.done', expect.any(Error));
  });
});
