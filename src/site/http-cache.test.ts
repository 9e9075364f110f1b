import { describe, expect, it } from 'vitest';
import { httpDate, isNotModified, weakEtag } from './http-cache.js';

describe('conditional GET', () => {
  const etag = weakEtag('body');
  const lastModified = '2026-02-09T12:00:00.500Z';

  it('makes the same weak ETag for the same bytes only', () => {
    expect(etag).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(weakEtag('body')).toBe(etag);
    expect(weakEtag('body!')).not.toBe(etag);
  });

  it('matches If-None-Match weakly, in lists, and with *', () => {
    const v = { etag, lastModified };
    expect(isNotModified({ 'if-none-match': etag }, v)).toBe(true);
    expect(isNotModified({ 'if-none-match': etag.slice(2) }, v)).toBe(true);
    expect(isNotModified({ 'if-none-match': `W/"other", ${etag}` }, v)).toBe(true);
    expect(isNotModified({ 'if-none-match': '*' }, v)).toBe(true);
    expect(isNotModified({ 'if-none-match': 'W/"other"' }, v)).toBe(false);
  });

  it('compares If-Modified-Since at whole seconds, and ignores it when If-None-Match is sent', () => {
    const v = { etag, lastModified };
    expect(httpDate(lastModified)).toBe('Mon, 09 Feb 2026 12:00:00 GMT');
    expect(isNotModified({ 'if-modified-since': 'Mon, 09 Feb 2026 12:00:00 GMT' }, v)).toBe(true);
    expect(isNotModified({ 'if-modified-since': 'Mon, 09 Feb 2026 13:00:00 GMT' }, v)).toBe(true);
    expect(isNotModified({ 'if-modified-since': 'Mon, 09 Feb 2026 11:59:59 GMT' }, v)).toBe(false);
    expect(isNotModified({ 'if-modified-since': 'yesterday' }, v)).toBe(false);
    expect(isNotModified({ 'if-modified-since': 'Mon, 09 Feb 2026 12:00:00 GMT' }, { etag, lastModified: null })).toBe(false);
    expect(isNotModified({ 'if-none-match': 'W/"x"', 'if-modified-since': 'Mon, 09 Feb 2026 13:00:00 GMT' }, v)).toBe(false);
    expect(isNotModified({}, v)).toBe(false);
  });
});
