import { describe, expect, it } from 'vitest';
import { cleanCommentText, decodeHtmlEntities, parseCsv, parseLabelledCsv } from './csv.js';

describe('parseCsv', () => {
  it('splits plain fields and records, with or without a final newline', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
    expect(parseCsv('a,b\r\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('keeps commas, doubled quotes and newlines inside quoted fields', () => {
    const csv = 'id,text,label\n1,"Hello, world",0\n2,"She said ""hi""",1\n3,"line one\nline two\r\nline three",0\n';
    expect(parseCsv(csv)).toEqual([
      ['id', 'text', 'label'],
      ['1', 'Hello, world', '0'],
      ['2', 'She said "hi"', '1'],
      ['3', 'line one\nline two\r\nline three', '0'],
    ]);
  });

  it('handles empty fields, an empty quoted field and a quoted field after a comma', () => {
    expect(parseCsv('a,,""\n,"x,y",\n')).toEqual([
      ['a', '', ''],
      ['', 'x,y', ''],
    ]);
  });

  it('drops a leading byte-order mark and keeps a quote inside an unquoted field', () => {
    expect(parseCsv('\ufeffa,b"c\n')).toEqual([['a', 'b"c']]);
  });
});

describe('entities and cleaning', () => {
  it('decodes named, decimal and hex entities, and leaves unknown ones alone', () => {
    expect(decodeHtmlEntities('I&#39;m &quot;in&quot; &lt;3 &amp; &#x1F600; &bogus; &#xD800;')).toBe('I\'m "in" <3 & 😀 &bogus; &#xD800;');
  });

  it('decodes once: an escaped entity stays an entity', () => {
    expect(decodeHtmlEntities('&amp;lt;')).toBe('&lt;');
  });

  it('strips the trailing U+FEFF the export appends, and trims', () => {
    expect(cleanCommentText('  Check out my channel&#39;s videos \ufeff')).toBe("Check out my channel's videos");
  });
});

describe('parseLabelledCsv', () => {
  it('reads text and label by header name', () => {
    const csv =
      'ID,author,date,text,label\nz1,Ann,2014-01-01,"Nice song, love it&#39;s beat\ufeff",0\nz2,Bob,2014-01-02,"Check out ""my"" channel\nwww.example.com\ufeff",1\n';
    expect(parseLabelledCsv(csv)).toEqual([
      { text: "Nice song, love it's beat", spam: false },
      { text: 'Check out "my" channel\nwww.example.com', spam: true },
    ]);
  });

  it('rejects a bad label and a missing column', () => {
    expect(() => parseLabelledCsv('text,label\nhello,maybe\n')).toThrow(/label must be 0 or 1/);
    expect(() => parseLabelledCsv('text\nhello\n')).toThrow(/columns/);
  });
});
