import { describe, expect, it } from 'vitest';
import { FOLD_TABLE, FRAGMENT_BREAK, MARK_END, MARK_START, foldText, markedToHtml, unfoldMarked, withoutSentinels } from './highlight.js';

const marked = (text: string) => text.replace(/\[/g, MARK_START).replace(/\]/g, MARK_END);

describe('markedToHtml', () => {
  it('escapes everything and turns only the markers into <mark>', () => {
    expect(markedToHtml(marked('<script>alert("x")</script> & [copper] \'s'))).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>copper</mark> &#39;s',
    );
    expect(markedToHtml('<mark>not ours</mark>')).toBe('&lt;mark&gt;not ours&lt;/mark&gt;');
  });

  it('balances stray markers and shows fragment breaks as an ellipsis', () => {
    expect(markedToHtml(marked('[open'))).toBe('<mark>open</mark>');
    expect(markedToHtml(marked('close] [[x]]'))).toBe('close <mark>x</mark>');
    expect(markedToHtml(`a${FRAGMENT_BREAK}b`)).toBe('a … b');
  });

  it('strips markers from text before indexing', () => {
    expect(withoutSentinels(`a${MARK_START}b${MARK_END}c${FRAGMENT_BREAK}`)).toBe('abc');
  });
});

describe('accent folding (PostgreSQL)', () => {
  it('folds Latin letters one for one and hides angle brackets from the tag parser', () => {
    expect(foldText('Nicolás Maduro, São Paulo, Łódź, Ærø <b>')).toBe('Nicolas Maduro, Sao Paulo, Łodz, Ærø  b ');
    expect(FOLD_TABLE.from.length).toBe(FOLD_TABLE.to.length);
    expect(foldText('Tiếng Việt 🚀')).toBe('Tieng Viet 🚀');
  });

  it('puts the accents back into a headline computed on folded text', () => {
    const original = 'President Nicolás Maduro met São Paulo’s mayor. Later, Nicolás left.';
    const headline = `President ${MARK_START}Nicolas${MARK_END} Maduro met`;
    expect(unfoldMarked(headline, original)).toBe(`President ${MARK_START}Nicolás${MARK_END} Maduro met …`);
    const fragments = `${MARK_START}Nicolas${MARK_END} Maduro${FRAGMENT_BREAK}Later, ${MARK_START}Nicolas${MARK_END} left.`;
    expect(unfoldMarked(fragments, original)).toBe(`… ${MARK_START}Nicolás${MARK_END} Maduro … Later, ${MARK_START}Nicolás${MARK_END} left.`);
    expect(unfoldMarked('', '')).toBe('');
    // Text around astral characters keeps its place.
    expect(unfoldMarked(`🚀 ${MARK_START}Sao${MARK_END}`, '🚀 São')).toBe(`🚀 ${MARK_START}São${MARK_END}`);
  });
});
