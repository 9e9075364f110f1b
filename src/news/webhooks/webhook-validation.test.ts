import { describe, expect, it } from 'vitest';
import { validateEndpointInput } from './webhook.service.js';

const input = (url: string, events: string[] = ['article.published'], description = '') => ({ url, description, events, active: true });
const urlError = (url: string) => {
  const result = validateEndpointInput(input(url));
  return result.ok ? null : (result.errors.url ?? null);
};

describe('webhook endpoint validation', () => {
  it('accepts http(s) URLs, private addresses included, and normalises them', () => {
    const ok = validateEndpointInput(input('  https://Example.com/hooks?x=1 ', ['comment.approved', 'article.published'], '  CDN   purge '));
    expect(ok).toEqual({
      ok: true,
      value: { url: 'https://example.com/hooks?x=1', description: 'CDN purge', events: ['article.published', 'comment.approved'], active: true },
    });
    expect(urlError('http://127.0.0.1:8080/in')).toBeNull();
    expect(urlError('http://intranet.local/hooks')).toBeNull();
    expect(urlError('http://[::1]:9000/')).toBeNull();
  });

  it('refuses other schemes, credentials, fragments, junk and empty input, with a message that says what to do', () => {
    expect(urlError('')).toMatch(/Enter the URL/);
    expect(urlError('example.com/hooks')).toMatch(/not a complete URL/);
    expect(urlError('ftp://example.com/hooks')).toMatch(/must start with https:\/\/ or http:\/\//);
    expect(urlError('javascript:alert(1)')).toMatch(/must start with https:\/\/ or http:\/\//);
    expect(urlError('file:///etc/passwd')).toMatch(/must start with https:\/\/ or http:\/\//);
    expect(urlError('https://user:pass@example.com/hooks')).toMatch(/Remove the user name and password/);
    expect(urlError('https://token@example.com/hooks')).toMatch(/Remove the user name and password/);
    expect(urlError('https://example.com/hooks#frag')).toMatch(/Remove the part after #/);
    expect(urlError(`https://example.com/${'a'.repeat(2000)}`)).toMatch(/too long/);
  });

  it('needs at least one known event and a short description', () => {
    const none = validateEndpointInput(input('https://example.com/', []));
    expect(none.ok ? null : none.errors.events).toBe('Choose at least one event to send.');
    const unknown = validateEndpointInput(input('https://example.com/', ['article.deleted']));
    expect(unknown.ok ? null : unknown.errors.events).toBe('Choose events from the list.');
    const long = validateEndpointInput(input('https://example.com/', ['article.published'], 'x'.repeat(201)));
    expect(long.ok ? null : long.errors.description).toMatch(/200 characters/);
  });
});
