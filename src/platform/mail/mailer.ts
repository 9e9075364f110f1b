import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { MailConfig } from '../../config.js';

/** One email to one recipient. `text` is the body every client shows; `html`, when given, must be fully escaped. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, such as List-Unsubscribe. Values must be single lines. */
  headers?: Record<string, string>;
}

/** Sends email. Resolves once the SMTP server accepted the message; rejects when it did not. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** Closes the pooled connections; nothing can be sent afterwards. */
  close(): Promise<void>;
}

export type MailLog = Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;

export const EMAIL_OFF_MESSAGE =
  'Email is off: SMTP_URL is not set; no comment notifications, and invitation and password links are shown to the administrator only.';

/** Transport options added to SMTP_URL's own query options unless the URL sets them: pooled, and never waits forever. */
const TRANSPORT_DEFAULTS: Record<string, string> = {
  pool: 'true',
  maxConnections: '3',
  connectionTimeout: '15000',
  greetingTimeout: '15000',
  socketTimeout: '30000',
};

/**
 * A pooled SMTP transport (nodemailer) for SMTP_URL, or null when SMTP_URL is unset: email is off, and one log line
 * says so. The URL's credentials are never logged.
 */
export function createMailer(config: { mail: MailConfig }, log: MailLog): Mailer | null {
  const { smtpUrl, from } = config.mail;
  if (!smtpUrl) {
    log.info(EMAIL_OFF_MESSAGE);
    return null;
  }
  const url = new URL(smtpUrl);
  for (const [key, value] of Object.entries(TRANSPORT_DEFAULTS)) if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  const transport = nodemailer.createTransport(url.href, { from });
  // A pooled transport reports connection failures as 'error' events; without a listener they would crash the process.
  transport.on('error', (error) => log.warn({ err: error }, 'SMTP transport error'));
  log.info({ smtp: `${url.protocol}//${url.host}`, from }, 'email is on: notifications go out over SMTP');
  let closed = false;
  return {
    async send(message) {
      if (closed) throw new Error('The mailer is closed');
      await transport.sendMail({
        to: message.to,
        subject: oneLine(message.subject),
        text: message.text,
        ...(message.html !== undefined ? { html: message.html } : {}),
        ...(message.headers ? { headers: Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, oneLine(v)])) } : {}),
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      transport.close();
    },
  };
}

/** Header values stay on one line whatever the content: no header injection through a title or a name. */
function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').trim();
}
