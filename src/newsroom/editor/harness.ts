/**
 * A tiny standalone page for the article editor bundle, used by its browser test and `npm run bench:editor`:
 * a node:http server with a form matching the edit page's contract (#article-form, data-autosave-url,
 * data-version, a hidden _csrf and version, #title, #slug, textarea#body[data-rich-editor]), the built bundle, a
 * scripted autosave endpoint and a small media library. Node-side code; never part of the bundle.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { EDITOR_BUILD_DIR } from '../assets.js';

export const HARNESS_CSRF = 'harness-csrf-token';

export interface AutosaveRequest {
  headers: http.IncomingHttpHeaders;
  json: Record<string, unknown>;
}

export interface HarnessOptions {
  /** Words in the generated body (0: empty). */
  words?: number;
  /** false: /newsroom/media.json answers 404. */
  media?: boolean;
  /** How the autosave endpoint answers; by default 200 with the next version. */
  autosave?: (request: AutosaveRequest, version: number) => { status: number; body: unknown };
  /** Holds each autosave's answer this long (an autosave still on its way when a button is pressed). */
  autosaveDelayMs?: number;
}

export interface Harness {
  url: string;
  autosaves: AutosaveRequest[];
  /** The form posts (the edit form's buttons), as sent. */
  posts: URLSearchParams[];
  close(): Promise<void>;
}

const WORDS = (
  'the council said on tuesday that its plans for the new river crossing would go ahead despite objections from ' +
  'residents who fear more traffic on narrow streets near the school officials estimate the bridge will cost about ' +
  'million pounds and take three years to build local businesses welcomed the decision saying it would bring more ' +
  'customers into the town centre while campaigners promised to keep fighting in the courts a spokesperson for the ' +
  'transport department said the scheme had been reviewed by independent engineers and met every safety standard ' +
  'figures published last month showed that journeys across the old bridge have doubled in a decade with queues ' +
  'stretching back more than a mile at peak times during the summer'
).split(' ');

/** Realistic-looking paragraphs (40–110 words, sentences of 8–24 words), with a subheading every eight paragraphs. */
export function generateArticle(words: number, seed = 42): string {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
  const parts: string[] = [];
  let written = 0;
  let paragraphs = 0;
  while (written < words) {
    if (paragraphs > 0 && paragraphs % 8 === 0) parts.push(`<h2>${capitalise(`${pick()} ${pick()} ${pick()}`)}</h2>`);
    const target = Math.min(words - written, 40 + Math.floor(random() * 70));
    const sentences: string[] = [];
    let inParagraph = 0;
    while (inParagraph < target) {
      const length = Math.min(target - inParagraph, 8 + Math.floor(random() * 16));
      const sentence = Array.from({ length }, pick);
      if (random() < 0.15 && length > 3) sentence[1] = `<strong>${sentence[1]}</strong>`;
      sentences.push(`${capitalise(sentence.join(' '))}.`);
      inParagraph += length;
    }
    parts.push(`<p>${sentences.join(' ')}</p>`);
    written += inParagraph;
    paragraphs++;
  }
  return parts.join('\n');
}

function capitalise(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function escapeHtml(text: string) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export const HARNESS_MEDIA = [
  {
    id: 1,
    url: 'data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%22400%22 height=%22300%22%3E%3Crect width=%22400%22 height=%22300%22 fill=%22%2369c%22/%3E%3C/svg%3E',
    width: 400,
    height: 300,
    alt: 'The old bridge at dusk',
    caption: 'The old bridge carries twice the traffic it did ten years ago.',
    credit: 'Photo: Ana Reyes',
    srcset: null,
  },
];

export function editorBundleBuilt(): boolean {
  return fs.existsSync(path.join(EDITOR_BUILD_DIR, 'editor.js'));
}

export async function startEditorHarness(options: HarnessOptions = {}): Promise<Harness> {
  const body = options.words ? generateArticle(options.words) : '';
  const autosaves: AutosaveRequest[] = [];
  const posts: URLSearchParams[] = [];
  let version = 3;
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Editor harness</title>
<link rel="stylesheet" href="/editor.css"><script type="module" src="/editor.js"></script></head>
<body><main>
<form id="article-form" method="post" action="/newsroom/articles/7" data-autosave-url="/newsroom/articles/7/autosave" data-version="${version}">
<input type="hidden" name="_csrf" value="${HARNESS_CSRF}"><input type="hidden" name="version" value="${version}">
<p><label for="title">Headline</label> <input id="title" name="title" value=""></p>
<p><label for="slug">Slug</label> <input id="slug" name="slug" value=""></p>
<p><label for="standfirst">Standfirst</label> <input id="standfirst" name="standfirst" value="A standfirst"></p>
<p><label for="body">Body</label></p>
<textarea id="body" name="body" data-rich-editor rows="20" cols="80">${escapeHtml(body)}</textarea>
<p><label for="schedule-at">Publish at</label> <input id="schedule-at" name="at" type="datetime-local"></p>
<p><button type="submit" name="intent" value="save">Save</button> <button type="submit" name="intent" value="publish">Save and publish now</button>
<button type="submit" name="intent" value="schedule">Save and schedule</button></p>
</form></main></body></html>`;

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://harness');
    const send = (status: number, type: string, content: string | Buffer) => {
      // The app's CSP (src/app.tsx), so that anything the bundle does inline shows up as a console error.
      const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'";
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-security-policy': csp });
      response.end(content);
    };
    if (request.method === 'GET' && url.pathname === '/') return send(200, 'text/html; charset=utf-8', page);
    if (request.method === 'GET' && (url.pathname === '/editor.js' || url.pathname === '/editor.css')) {
      const file = path.join(EDITOR_BUILD_DIR, url.pathname.slice(1));
      if (!fs.existsSync(file)) return send(404, 'text/plain', 'not built');
      return send(200, url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css', fs.readFileSync(file));
    }
    if (request.method === 'GET' && url.pathname === '/newsroom/media.json') {
      if (options.media === false) return send(404, 'application/json', JSON.stringify({ message: 'Not found' }));
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      return send(200, 'application/json', JSON.stringify(HARNESS_MEDIA.filter((m) => `${m.alt} ${m.caption}`.toLowerCase().includes(q))));
    }
    if (request.method === 'POST' && url.pathname === '/newsroom/articles/7/autosave') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          /* recorded as {} */
        }
        const saved = { headers: request.headers, json };
        autosaves.push(saved);
        const answer = options.autosave?.(saved, version) ?? { status: 200, body: { version: version + 1, savedAt: new Date().toISOString() } };
        if (answer.status === 200) version++;
        setTimeout(() => send(answer.status, 'application/json', JSON.stringify(answer.body)), options.autosaveDelayMs ?? 0);
      });
      return;
    }
    if (request.method === 'POST' && url.pathname === '/newsroom/articles/7') {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        posts.push(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        send(200, 'text/plain', 'posted');
      });
      return;
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    autosaves,
    posts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
