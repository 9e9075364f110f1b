import { performance } from 'node:perf_hooks';

/** One HTTP attempt to deliver a webhook, as the worker records it. */
export interface WebhookAttemptResult {
  /** A 2xx answer. Anything else (other status, redirect, network error, timeout) is a failed attempt. */
  ok: boolean;
  /** The HTTP status, when the receiver answered at all. */
  statusCode: number | null;
  /** A short reason for a failure (at most ERROR_MAX characters), null on success. */
  error: string | null;
  durationMs: number;
  /** The attempt was cut short by `signal` (shutdown), not by the receiver: it should not count. */
  interrupted: boolean;
}

export interface WebhookRequest {
  url: string;
  /** The exact bytes that were signed. */
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Aborts the attempt (shutdown); the result then says `interrupted`. */
  signal?: AbortSignal;
}

export type WebhookSender = (request: WebhookRequest) => Promise<WebhookAttemptResult>;

export const ERROR_MAX = 300;
/** How much of a failed answer's body is kept, to show the admin what the receiver said. */
const BODY_EXCERPT_BYTES = 512;

/**
 * POSTs with fetch: no redirects followed (a 3xx is a failure that names where it pointed), a hard timeout covering
 * connect, headers and the excerpt of the body that is read, and nothing thrown: every outcome is a result.
 */
export const httpWebhookSender: WebhookSender = async (request) => {
  const started = performance.now();
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual', signal });
    const status = response.status;
    if (status >= 200 && status < 300) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: true, statusCode: status, error: null, durationMs: elapsed(), interrupted: false };
    }
    if (status >= 300 && status < 400) {
      await response.body?.cancel().catch(() => undefined);
      const location = response.headers.get('location');
      return failure(status, `Redirects are not followed (HTTP ${status}${location ? ` to ${location}` : ''}); change the endpoint's URL`, elapsed());
    }
    const excerpt = await readExcerpt(response).catch(() => '');
    return failure(status, `HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`, elapsed());
  } catch (error) {
    const interrupted = request.signal?.aborted === true && !timeout.aborted;
    if (interrupted) return { ok: false, statusCode: null, error: 'Interrupted: the server was shutting down', durationMs: elapsed(), interrupted: true };
    if (timeout.aborted) return failure(null, `No answer within ${formatMs(request.timeoutMs)} (timed out)`, elapsed());
    return failure(null, describeNetworkError(error), elapsed());
  }
};

function failure(statusCode: number | null, error: string, durationMs: number): WebhookAttemptResult {
  return { ok: false, statusCode, error: shorten(error), durationMs, interrupted: false };
}

export function shorten(text: string, max = ERROR_MAX): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

async function readExcerpt(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < BODY_EXCERPT_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return shorten(Buffer.concat(chunks).subarray(0, BODY_EXCERPT_BYTES).toString('utf8'), 200);
}

/** fetch's "fetch failed" hides the reason in `cause` (ECONNREFUSED, ENOTFOUND, a TLS error...). */
function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = cause && typeof cause === 'object' && 'code' in cause && typeof cause.code === 'string' ? cause.code : null;
  const known: Record<string, string> = {
    ECONNREFUSED: 'Connection refused',
    ENOTFOUND: 'Host not found',
    EAI_AGAIN: 'Host name lookup failed',
    ECONNRESET: 'Connection reset by the receiver',
    UND_ERR_SOCKET: 'Connection closed by the receiver',
    EHOSTUNREACH: 'Host unreachable',
    ENETUNREACH: 'Network unreachable',
    CERT_HAS_EXPIRED: 'TLS certificate has expired',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS certificate is self-signed',
    ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate does not match the host name',
  };
  const message = cause instanceof Error ? cause.message : String(cause);
  if (code && known[code]) return `${known[code]} (${code})`;
  // fetch refuses the ports the Fetch standard reserves for other protocols (25, 6667, ...).
  if (message === 'bad port') return 'This port is reserved for another protocol and fetch refuses it; use another port';
  return code ? `${message} (${code})` : message || 'Request failed';
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
