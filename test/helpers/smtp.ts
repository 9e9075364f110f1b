import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** One message as the test SMTP server received it, decoded enough to assert on. */
export interface ReceivedMail {
  /** Envelope recipients (RCPT TO), lowercased. */
  to: string[];
  /** Header values by lowercased name (the last one wins), unfolded and with encoded words decoded. */
  headers: Map<string, string>;
  subject: string;
  /** The text/plain part (or the whole body when it is not multipart), with \n line ends. */
  text: string;
  /** The text/html part, or '' when there is none. */
  html: string;
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  /** SMTP_URL for the app. */
  url: string;
  messages: ReceivedMail[];
  /** While true, every message is refused with a 554 (as a broken or strict server would). */
  refusing: boolean;
  /** Messages received for this address. */
  to(address: string): ReceivedMail[];
  close(): Promise<void>;
}

/** An in-process SMTP server on 127.0.0.1 (a free port), without TLS or authentication, that keeps what it receives. */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const state = { refusing: false };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (state.refusing) {
          const error = Object.assign(new Error('Message refused by the test server'), { responseCode: 554 });
          return callback(error);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({ ...parseMessage(raw), to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get refusing() {
      return state.refusing;
    },
    set refusing(value: boolean) {
      state.refusing = value;
    },
    to: (address) => messages.filter((m) => m.to.includes(address.toLowerCase())),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls until the condition holds (every 10 ms), or fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what = 'the condition', timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Just enough MIME: headers, multipart/* (nested), quoted-printable and base64, UTF-8 encoded words. */
function parseMessage(raw: string): Omit<ReceivedMail, 'to' | 'raw'> {
  const entity = parseEntity(raw);
  const parts = leafParts(entity);
  const text = parts.find((p) => mediaType(p.headers) === 'text/plain') ?? (parts.length === 1 ? parts[0] : undefined);
  const html = parts.find((p) => mediaType(p.headers) === 'text/html');
  return {
    headers: entity.headers,
    subject: entity.headers.get('subject') ?? '',
    text: text ? decodeBody(text) : '',
    html: html ? decodeBody(html) : '',
  };
}

interface Entity {
  headers: Map<string, string>;
  body: string;
}

function parseEntity(raw: string): Entity {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? '' : raw.slice(split).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n(?=[ \t])/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body };
}

function mediaType(headers: Map<string, string>): string {
  return (headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
}

function leafParts(entity: Entity): Entity[] {
  const contentType = entity.headers.get('content-type') ?? '';
  const boundary = contentType.match(/boundary="?([^";]+)"?/i)?.[1];
  if (!mediaType(entity.headers).startsWith('multipart/') || !boundary) return [entity];
  const sections = entity.body.split(`--${boundary}`).slice(1);
  return sections
    .filter((section) => !section.startsWith('--'))
    .map((section) => parseEntity(section.replace(/^\r?\n/, '').replace(/\r?\n$/, '')))
    .flatMap(leafParts);
}

function decodeBody(entity: Entity): string {
  const encoding = (entity.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  let text = entity.body;
  if (encoding === 'quoted-printable') text = decodeQuotedPrintable(text.replace(/=\r?\n/g, ''));
  else if (encoding === 'base64') text = Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
  return text.replace(/\r\n/g, '\n').replace(/\n+$/, '');
}

function decodeQuotedPrintable(text: string): string {
  return Buffer.from(
    text.replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
}

function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}
