import { describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { createMailer, EMAIL_OFF_MESSAGE } from './mailer.js';

describe('email configuration (SMTP_URL, MAIL_FROM)', () => {
  it('is off by default, with a From address at the site’s host', () => {
    expect(loadConfig({}).mail).toEqual({ smtpUrl: null, from: 'Dateline <no-reply@127.0.0.1>' });
    expect(loadConfig({ SITE_URL: 'https://news.example.com', SMTP_URL: '  ' }).mail).toEqual({
      smtpUrl: null,
      from: 'Dateline <no-reply@news.example.com>',
    });
  });

  it.each(['smtp://mail.example.com:587', 'smtps://user:p%40ss@mail.example.com', 'smtp://127.0.0.1:2525?ignoreTLS=true'])('accepts %s', (url) => {
    expect(loadConfig({ SMTP_URL: url }).mail.smtpUrl).toBe(url);
  });

  it.each(['http://mail.example.com', 'mail.example.com:587', 'smtp:', 'not a url'])('refuses SMTP_URL=%s, naming the variable', (url) => {
    expect(() => loadConfig({ SMTP_URL: url })).toThrow(ConfigError);
    expect(() => loadConfig({ SMTP_URL: url })).toThrow(/^Invalid configuration: SMTP_URL /);
  });

  it('never repeats the password of a refused SMTP_URL', () => {
    expect(() => loadConfig({ SMTP_URL: 'https://user:hunter2@mail.example.com' })).toThrow(/^(?!.*hunter2)/s);
  });

  it('takes MAIL_FROM as a bare address or with a name, and refuses anything else', () => {
    expect(loadConfig({ MAIL_FROM: 'news@example.com' }).mail.from).toBe('news@example.com');
    expect(loadConfig({ MAIL_FROM: 'The Daily <news@example.com>' }).mail.from).toBe('The Daily <news@example.com>');
    for (const bad of ['The Daily', 'The Daily <>', 'a@b <c@d>x', 'x@y\nBcc: z@w']) {
      expect(() => loadConfig({ MAIL_FROM: bad })).toThrow(/^Invalid configuration: MAIL_FROM /);
    }
  });
});

describe('createMailer', () => {
  it('returns null and says once that email is off when SMTP_URL is unset', () => {
    const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    expect(createMailer(loadConfig({}), log)).toBeNull();
    expect(log.info).toHaveBeenCalledTimes(1);
    expect(log.info).toHaveBeenCalledWith(EMAIL_OFF_MESSAGE);
  });

  it('logs the SMTP host but never the credentials', async () => {
    const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const mailer = createMailer(loadConfig({ SMTP_URL: 'smtp://user:hunter2@127.0.0.1:2525' }), log);
    expect(mailer).not.toBeNull();
    await mailer!.close();
    expect(JSON.stringify(log.info.mock.calls)).toContain('smtp://127.0.0.1:2525');
    expect(JSON.stringify(log.info.mock.calls)).not.toContain('hunter2');
  });
});
