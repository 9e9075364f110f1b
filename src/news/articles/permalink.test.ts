import { describe, expect, it } from 'vitest';
import { articlePath } from './permalink.js';

describe('articlePath', () => {
  it('dates the URL in the site time zone', () => {
    const late = '2026-02-09T23:30:00.000Z';
    expect(articlePath('story', late)).toBe('/2026/02/09/story/');
    expect(articlePath('story', late, 'Asia/Tokyo')).toBe('/2026/02/10/story/');
    expect(articlePath('story', late, 'America/Caracas')).toBe('/2026/02/09/story/');
  });

  it('percent-encodes a unicode slug', () => {
    expect(articlePath('日本-2', '2026-02-09T12:00:00.000Z')).toBe('/2026/02/09/%E6%97%A5%E6%9C%AC-2/');
  });
});
