import type { FastifyInstance } from 'fastify';
import type { ManualClock } from './clock.js';
import { csrfTokenIn, mergeCookies } from './staff.js';

export interface CommentFields {
  comment?: string;
  author?: string;
  email?: string;
  url?: string;
  parent_id?: string;
  save_details?: string;
  notify?: string;
  contact_me?: string;
}

let address = 0;

/**
 * A reader with their own browser state (cookies, address) who opens an article and posts a comment through the
 * real form. The clock moves on between reading and posting, as a person takes time to type.
 */
export class Commenter {
  cookie = '';
  readonly ip: string;

  constructor(
    private readonly app: FastifyInstance,
    private readonly clock: ManualClock,
  ) {
    address++;
    this.ip = `198.51.${(address >> 8) & 255}.${address & 255}`;
  }

  async open(url: string) {
    const res = await this.app.inject({ method: 'GET', url, remoteAddress: this.ip, headers: { cookie: this.cookie } });
    this.cookie = mergeCookies(this.cookie, res);
    return res;
  }

  async post(articlePath: string, fields: CommentFields, options: { typingMs?: number; omitCsrf?: boolean } = {}) {
    const page = await this.open(articlePath);
    const html = page.body;
    const hidden = (name: string) => html.match(new RegExp(`name="${name}" value="([^"]*)"`))?.[1] ?? '';
    this.clock.advance(options.typingMs ?? 20_000);
    const form: Record<string, string> = {
      article_id: hidden('article_id'),
      form_token: hidden('form_token'),
      parent_id: fields.parent_id ?? hidden('parent_id'),
      comment: '',
      author: '',
      email: '',
      url: '',
      contact_me: '',
    };
    if (!options.omitCsrf) form._csrf = csrfTokenIn(html);
    for (const [key, value] of Object.entries(fields)) if (value !== undefined) form[key] = value;
    const res = await this.app.inject({
      method: 'POST',
      url: '/comments',
      remoteAddress: this.ip,
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });
    this.cookie = mergeCookies(this.cookie, res);
    return res;
  }
}
