import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSpamEval } from './eval.js';

const dir = mkdtempSync(join(tmpdir(), 'dateline-spam-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spam = [
  'Check out my channel http://a.example.com',
  'subscribe to my channel please',
  'make money from home www.cash.com',
  'check out my new video and subscribe',
];
const ham = ['I love this song', 'her voice is amazing', 'who is watching in 2015', 'the dance is so funny'];
const csv = (rows: Array<[string, number]>): string =>
  'ID,author,date,text,label\n' + rows.map(([t, l], i) => `id${i},someone,2015-01-01,"${t.replace(/"/g, '""')}\ufeff",${l}`).join('\n') + '\n';

describe('runSpamEval', () => {
  it('trains on every train file and reports metrics on the test file', () => {
    const a = join(dir, 'a.csv');
    const b = join(dir, 'b.csv');
    const test = join(dir, 'test.csv');
    writeFileSync(a, csv([...spam.slice(0, 2).map((t): [string, number] => [t, 1]), ...ham.slice(0, 2).map((t): [string, number] => [t, 0])]));
    writeFileSync(b, csv([...spam.slice(2).map((t): [string, number] => [t, 1]), ...ham.slice(2).map((t): [string, number] => [t, 0])]));
    writeFileSync(
      test,
      csv([
        ['subscribe to my channel http://b.example.com', 1],
        ['I love her voice', 0],
      ]),
    );
    const report = runSpamEval({ trainFiles: [a, b], testFile: test });
    expect(report).toContain('Trained on 8 comments from 2 file(s)');
    expect(report).toContain('Comments evaluated: 2 (1 spam, 1 legitimate)');
    expect(report).toMatch(/F1:\s+\d\.\d{3}/);
  });

  it('needs a train file', () => {
    expect(() => runSpamEval({ trainFiles: [], testFile: 'x.csv' })).toThrow(/--train/);
  });
});
