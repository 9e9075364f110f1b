/**
 * A small RFC 4180 CSV reader for the labelled comment-spam fixtures.
 *
 * Why hand-written: the data has quoted fields with embedded commas, doubled
 * quotes and newlines, and we take no new dependencies for one small format.
 */
import { readFileSync } from 'node:fs';

export interface LabelledComment {
  text: string;
  spam: boolean;
}

/**
 * Parse CSV text into rows of fields (RFC 4180: `"` quotes a field, `""` is a
 * literal quote inside one, CRLF or LF ends a record). Lenient where the RFC is
 * silent: a quote in the middle of an unquoted field is kept as-is, and a
 * missing final newline is fine. A leading UTF-8 BOM is dropped.
 */
export function parseCsv(input: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let atFieldStart = true; // only a quote at the very start of a field opens a quoted field
  let pending = false; // the current record has content not yet pushed (so a final newline adds no empty row)
  let i = 0;
  const n = text.length;

  const endField = (): void => {
    row.push(field);
    field = '';
    atFieldStart = true;
  };

  while (i < n) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else {
          inQuotes = false;
          i += 1;
        }
      } else {
        field += ch;
        i += 1;
      }
      continue;
    }
    if (ch === ',') {
      endField();
      pending = true;
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endField();
      rows.push(row);
      row = [];
      pending = false;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      if (ch === '"' && atFieldStart) inQuotes = true;
      else field += ch;
      atFieldStart = false;
      pending = true;
      i += 1;
    }
  }
  if (pending) {
    endField();
    rows.push(row);
  }
  return rows;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** Decode the HTML entities the YouTube export uses: the named basics and numeric `&#39;` / `&#x27;`. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const hex = body[1] === 'x' || body[1] === 'X';
      const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
      if (!Number.isFinite(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
      return String.fromCodePoint(code);
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

/** Entity-decode, drop U+FEFF (the export appends one to every comment) and trim. */
export function cleanCommentText(raw: string): string {
  return decodeHtmlEntities(raw)
    .replace(/\ufeff/g, '')
    .trim();
}

/**
 * Rows of a CSV with a header naming `text` and `label` columns (label 1 = spam).
 * Throws on a missing column or an unknown label, so bad data fails loudly.
 */
export function parseLabelledCsv(csv: string): LabelledComment[] {
  const rows = parseCsv(csv);
  const header = rows[0];
  if (!header) return [];
  const names = header.map((h) => h.trim().toLowerCase());
  const textCol = names.indexOf('text');
  const labelCol = names.indexOf('label');
  if (textCol < 0 || labelCol < 0) throw new Error('CSV needs "text" and "label" columns');
  const out: LabelledComment[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length === 1 && row[0] === '') continue; // blank line
    const label = (row[labelCol] ?? '').trim();
    if (label !== '0' && label !== '1') throw new Error(`CSV row ${r + 1}: label must be 0 or 1, got ${JSON.stringify(label)}`);
    out.push({ text: cleanCommentText(row[textCol] ?? ''), spam: label === '1' });
  }
  return out;
}

export function readLabelledCsv(path: string): LabelledComment[] {
  return parseLabelledCsv(readFileSync(path, 'utf8'));
}
