import { describe, expect, it, vi } from 'vitest';
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
