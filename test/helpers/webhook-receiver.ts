import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

type Verifier = (secret: string, header: string | undefined, rawBody: Buffer, nowSeconds: number) => boolean;

/**
 * The verification snippet exactly as README.md documents it (the ```js block defining verifyDatelineSignature),
 * made callable: tests that verify with it prove the documentation right.
 */
export function documentedVerifier(): Verifier {
  const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!).find((code) => code.includes('function verifyDatelineSignature'));
  if (!block) throw new Error('README.md has no verifyDatelineSignature snippet');
  const body = block.replace(/^import .*$/m, '').replace(/^export /m, '');
  return new Function('createHmac', 'timingSafeEqual', 'Buffer', `${body}\nreturn verifyDatelineSignature;`)(createHmac, timingSafeEqual, Buffer) as Verifier;
}

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The signature checked out with the documented algorithm and the receiver's secret. */
  verified: boolean;
  /** What the receiver answered (null: it hung up without answering). */
  answered: number | null;
  receivedAt: number;
  answeredAt: number | null;
}

/** What to do with the next request: answer with this status, or hold the request for `ms` before answering 200. */
export type Behaviour = number | { hangMs: number } | { redirectTo: string };

export interface TestWebhookReceiver {
  url: string;
  /** Every request so far, in order. */
  requests: ReceivedWebhook[];
  /** Behaviours for the next requests, used up in order; when empty, `fallback` (200). */
  script: Behaviour[];
  fallback: Behaviour;
  /** The secrets to verify with (add each endpoint's); a request verifies when one of them signed it. */
  secrets: string[];
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1 (a free port) that verifies each signature with the README's snippet against
 * `nowSeconds()` (pass the test's clock) and answers as scripted.
 */
export async function startWebhookReceiver(options: { nowSeconds: () => number; path?: string }): Promise<TestWebhookReceiver> {
  const verify = documentedVerifier();
  const sockets = new Set<import('node:net').Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const receiver: Omit<TestWebhookReceiver, 'url' | 'close' | 'waitForRequests'> = { requests: [], script: [], fallback: 200, secrets: [] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const header = req.headers['dateline-signature'];
      const record: ReceivedWebhook = {
        headers: req.headers,
        body: raw.toString('utf8'),
        verified: receiver.secrets.some((secret) => verify(secret, Array.isArray(header) ? header[0] : header, raw, options.nowSeconds())),
        answered: null,
        receivedAt: performance.now(),
        answeredAt: null,
      };
      receiver.requests.push(record);
      const behaviour = receiver.script.shift() ?? receiver.fallback;
      const answer = (status: number, headers: Record<string, string> = {}) => {
        if (res.destroyed || req.socket.destroyed) return;
        record.answered = status;
        record.answeredAt = performance.now();
        res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(status >= 400 ? `receiver says ${status}` : 'ok');
      };
      if (typeof behaviour === 'number') answer(behaviour);
      else if ('redirectTo' in behaviour) answer(301, { location: behaviour.redirectTo });
      else {
        const timer = setTimeout(() => {
          timers.delete(timer);
          answer(200);
        }, behaviour.hangMs);
        timers.add(timer);
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}${options.path ?? '/hooks/dateline'}`,
    async waitForRequests(count: number, timeoutMs = 5_000) {
      const until = Date.now() + timeoutMs;
      while (receiver.requests.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} webhook requests, got ${receiver.requests.length}`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}
