import dns from 'node:dns';
import https from 'node:https';
import type { IncomingMessage } from 'node:http';
import net from 'node:net';
import { addressRefusal } from './address-policy.js';

/**
 * GET a file from an address someone else chose (an old site's uploads), without letting that address reach this
 * machine's network: https only; the name resolved once, every address it resolves to checked (one private address
 * refuses the name) and the connection made to exactly those addresses (a `lookup` that answers with them, so the name
 * is never resolved again: no DNS rebinding between the check and the connection), with the address actually connected
 * to checked once more; TLS still verifies the certificate for the name (SNI and Host are the name). Redirects are
 * followed by hand, each hop checked the same way, at most `maxRedirects`. The body is capped (Content-Length first,
 * then the bytes as they come) and the whole request has a deadline. Every failure is a SafeFetchError whose message
 * says why in a few words, for a report.
 */

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface SafeFetchOptions {
  /** The largest body accepted, in bytes. */
  maxBytes: number;
  /** Redirects followed before giving up (5). */
  maxRedirects?: number;
  /** The deadline for the whole request, redirects and body included (60 s). */
  timeoutMs?: number;
  /** How long the connection may stay silent (20 s). */
  idleTimeoutMs?: number;
  signal?: AbortSignal;
  userAgent?: string;
  /** Name -> addresses (dns.lookup with `all`). Tests give their own names. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Why an address is refused, or null: addressRefusal (public unicast only). Tests allow their loopback server. */
  refusal?: (address: string) => string | null;
  /** Certificate authorities to trust instead of the system's (tests' self-signed server). */
  ca?: string | Buffer;
}

export interface SafeFetchResult {
  body: Buffer;
  /** The address the body came from, after redirects. */
  url: string;
  contentType: string | null;
}

export class SafeFetchError extends Error {
  override name = 'SafeFetchError';
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function safeFetch(url: string, options: SafeFetchOptions): Promise<SafeFetchResult> {
  const maxRedirects = options.maxRedirects ?? 5;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new SafeFetchError(`"${url}" is not a URL`);
  }
  try {
    for (let redirects = 0; ; redirects++) {
      if (current.protocol !== 'https:') {
        throw new SafeFetchError(redirects ? `refused: redirected to ${current.href}, which is not https` : `refused: ${current.href} is not https`);
      }
      const answer = await hop(current, options, signal);
      if ('body' in answer) return { ...answer, url: current.href };
      if (redirects >= maxRedirects) throw new SafeFetchError(`too many redirects (more than ${maxRedirects})`);
      try {
        current = new URL(answer.location, current);
      } catch {
        throw new SafeFetchError(`redirected to "${answer.location}", which is not a URL`);
      }
    }
  } catch (error) {
    if (error instanceof SafeFetchError) throw error;
    if (deadline.aborted)
      throw new SafeFetchError(`no complete answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`} (timed out)`);
    if (options.signal?.aborted) throw new SafeFetchError('interrupted');
    throw new SafeFetchError(describeNetworkError(error));
  }
}

/** The addresses a URL's host may be reached at, all of them checked, or why not. */
async function vettedAddresses(host: string, options: SafeFetchOptions): Promise<ResolvedAddress[]> {
  const refusal = options.refusal ?? addressRefusal;
  const literal = net.isIP(host);
  let addresses: ResolvedAddress[];
  if (literal) addresses = [{ address: host, family: literal }];
  else {
    try {
      addresses = await (options.resolve ?? lookupAll)(host);
    } catch (error) {
      throw new SafeFetchError(`could not resolve ${host} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (!addresses.length) throw new SafeFetchError(`could not resolve ${host}`);
  }
  for (const { address } of addresses) {
    const kind = refusal(address);
    if (kind) throw new SafeFetchError(`refused: ${address} is ${kind}${literal ? '' : ` (an address of ${host})`}`);
  }
  return addresses;
}

async function lookupAll(host: string): Promise<ResolvedAddress[]> {
  return dns.promises.lookup(host, { all: true, verbatim: true });
}

/** One request: a redirect's Location, or the body. */
async function hop(url: URL, options: SafeFetchOptions, signal: AbortSignal): Promise<{ location: string } | Omit<SafeFetchResult, 'url'>> {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const addresses = await vettedAddresses(host, options);
  const refusal = options.refusal ?? addressRefusal;
  // The connection may only go to the addresses just checked: this answers net's lookup with them, never asking DNS.
  const lookup: net.LookupFunction = (_name, lookupOptions, callback) => {
    const usable = lookupOptions.family ? addresses.filter((a) => a.family === lookupOptions.family) : addresses;
    if (!usable.length) callback(Object.assign(new Error(`no IPv${lookupOptions.family} address for ${host}`), { code: 'ENOTFOUND' }), '', 0);
    else if (lookupOptions.all) callback(null, usable);
    else callback(null, usable[0]!.address, usable[0]!.family);
  };
  return new Promise((resolve, reject) => {
    const request = https.request({
      hostname: host,
      port: url.port || 443,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { 'user-agent': options.userAgent ?? 'Dateline', accept: '*/*', 'accept-encoding': 'identity' },
      // SNI for names only (an IP address is not a server name); the certificate is checked for the host either way.
      ...(net.isIP(host) ? {} : { servername: host }),
      lookup,
      agent: false,
      signal,
      timeout: options.idleTimeoutMs ?? 20_000,
      ...(options.ca !== undefined && { ca: options.ca }),
    });
    request.on('socket', (socket) => {
      socket.once('connect', () => {
        // What the socket is connected to, whatever led there: it must be one of the checked addresses, and allowed.
        const remote = socket.remoteAddress ?? '';
        const kind = refusal(remote);
        if (kind || !addresses.some((a) => a.address === remote))
          request.destroy(new SafeFetchError(`refused: connected to ${remote}, ${kind ?? 'which was not checked'}`));
      });
    });
    request.on('timeout', () => request.destroy(new SafeFetchError(`the connection to ${host} went silent (timed out)`)));
    request.on('error', reject);
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        response.resume();
        const location = response.headers.location;
        if (!location) reject(new SafeFetchError(`HTTP ${status} without a Location`));
        else resolve({ location });
        request.destroy();
        return;
      }
      if (status !== 200) {
        response.resume();
        request.destroy();
        reject(new SafeFetchError(`HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`));
        return;
      }
      readCapped(response, options.maxBytes).then(
        (body) => resolve({ body, contentType: response.headers['content-type'] ?? null }),
        (error: unknown) => {
          request.destroy();
          reject(error as Error);
        },
      );
    });
    request.end();
  });
}

async function readCapped(response: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = (size?: number) => new SafeFetchError(`larger than the ${formatBytes(maxBytes)} cap${size === undefined ? '' : ` (${formatBytes(size)})`}`);
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(declared);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  if (!response.complete) throw new SafeFetchError('the answer ended early');
  return Buffer.concat(chunks, size);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`;
  return `${bytes} bytes`;
}

function describeNetworkError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ECONNREFUSED') return 'the connection was refused';
  if (code === 'ENOTFOUND') return message;
  if (code?.startsWith('ERR_TLS') || /certificate|SSL|TLS/i.test(message)) return `TLS: ${message}`;
  return code ? `${message} (${code})` : message;
}
