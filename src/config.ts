import path from 'node:path';

/**
 * Typed configuration read from the environment once, at start. Every variable is validated here so a bad value
 * stops the process with a message naming the variable, instead of failing later in some request.
 * Every variable is documented in README.md.
 */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** Public base URL of the site, without a trailing slash; used for absolute links, feeds and canonical URLs. */
  siteUrl: string;
  dataDir: string;
  database: DatabaseConfig;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Seed the demo site when the database has no content. */
  seedDemo: boolean;
  /** Trust X-Forwarded-* headers (set when running behind a reverse proxy). */
  trustProxy: boolean;
  /**
   * SECRET_KEY: signs cookies (staff sessions, CSRF). Null when unset: the app then uses a random key kept in
   * DATA_DIR/secret-key (see platform/security/secret-key.ts), so this function never touches the file system.
   */
  secretKey: string | null;
  /** The email of the administrator created on the first start (when there are no accounts). */
  adminEmail: string;
  /** Outgoing email (comment notifications). `smtpUrl` null means email is off. */
  mail: MailConfig;
  /** MEDIA_MAX_BYTES: the largest image the newsroom accepts for upload (default 15 MB). */
  mediaMaxBytes: number;
  /** IMPORT_*: what an import from the newsroom may upload (the export, a zip of the old site's uploads). */
  imports: ImportLimitsConfig;
}

/** The same shape as news/imports' ImportLimits (config.ts imports nothing of the layers). */
export interface ImportLimitsConfig {
  /** IMPORT_MAX_BYTES: the WordPress export file as uploaded (default 1 GB). */
  exportMaxBytes: number;
  /** IMPORT_UPLOADS_MAX_BYTES: the zip of wp-content/uploads as uploaded (default 4 GB). */
  uploadsMaxBytes: number;
  /** IMPORT_UPLOADS_MAX_UNPACKED_BYTES: that zip once unpacked, all files together (default 8 GB). */
  uploadsMaxUnpackedBytes: number;
  /** IMPORT_UPLOADS_MAX_FILES: entries (files and folders) in that zip (default 200,000). */
  uploadsMaxFiles: number;
}

export interface MailConfig {
  /** SMTP_URL: smtp:// or smtps:// with optional user:pass@; null when unset (no email is sent). */
  smtpUrl: string | null;
  /** MAIL_FROM: the From header, `Name <address>` or a bare address. */
  from: string;
}

export type DatabaseConfig = { dialect: 'sqlite'; filename: string } | { dialect: 'postgres'; connectionString: string; schema?: string; poolSize: number };

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new ConfigError(name, `must be one of ${allowed.join(', ')}; got "${raw}"`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}; got "${raw}"`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false; got "${env[name]}"`);
}

function absoluteUrl(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be an absolute URL such as https://news.example.com; got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `must use http or https; got "${raw}"`);
  }
  if (url.search || url.hash) throw new ConfigError(name, `must not contain a query or fragment; got "${raw}"`);
  return url.href.replace(/\/+$/, '');
}

function databaseConfig(env: Env, dataDir: string): DatabaseConfig {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return { dialect: 'sqlite', filename: path.join(dataDir, 'dateline.db') };
  if (raw.startsWith('postgres://') || raw.startsWith('postgresql://')) {
    try {
      new URL(raw);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL');
    }
    return {
      dialect: 'postgres',
      connectionString: raw,
      poolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 500),
    };
  }
  if (raw.startsWith('sqlite:')) {
    const filename = raw.slice('sqlite:'.length).replace(/^\/\//, '');
    if (!filename) throw new ConfigError('DATABASE_URL', 'needs a file name after sqlite:, e.g. sqlite:./data/site.db');
    return { dialect: 'sqlite', filename: filename === ':memory:' ? filename : path.resolve(filename) };
  }
  throw new ConfigError('DATABASE_URL', `must start with postgres://, postgresql:// or sqlite:; got "${raw}"`);
}

export const MIN_SECRET_KEY_LENGTH = 32;

function secretKey(env: Env): string | null {
  const raw = env.SECRET_KEY;
  if (raw === undefined || raw === '') return null;
  if (raw.trim().length < MIN_SECRET_KEY_LENGTH) {
    throw new ConfigError(
      'SECRET_KEY',
      `must be at least ${MIN_SECRET_KEY_LENGTH} characters (e.g. the output of \`openssl rand -base64 32\`); it has ${raw.trim().length}`,
    );
  }
  return raw.trim();
}

function email(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (raw.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(raw)) throw new ConfigError(name, `must be an email address; got "${raw}"`);
  return raw.toLowerCase();
}

/** SMTP_URL, checked without ever echoing a password into the error message. */
function smtpUrl(env: Env): string | null {
  const raw = env.SMTP_URL?.trim();
  if (raw === undefined || raw === '') return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL', 'must be a URL such as smtp://user:pass@mail.example.com:587 or smtps://mail.example.com');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new ConfigError('SMTP_URL', `must start with smtp:// or smtps://; got "${url.protocol}//…"`);
  }
  if (!url.hostname) throw new ConfigError('SMTP_URL', 'needs a host name, e.g. smtp://mail.example.com:587');
  return raw;
}

/** MAIL_FROM: `Name <address>` or a bare address, on one line. */
function mailFrom(env: Env, siteUrl: string): string {
  const raw = env.MAIL_FROM?.trim();
  if (raw === undefined || raw === '') return `Dateline <no-reply@${new URL(siteUrl).hostname}>`;
  const address = /^[^\s@<>]+@[^\s@<>]+$/;
  const named = raw.match(/^[^<>\r\n]*<([^<>]*)>$/);
  if (raw.length > 320 || /[\r\n]/.test(raw) || !address.test(named ? named[1]!.trim() : raw)) {
    throw new ConfigError('MAIL_FROM', `must be an email address, optionally with a name: "Dateline <news@example.com>"; got "${raw}"`);
  }
  return raw;
}

export const DEFAULT_MEDIA_MAX_BYTES = 15 * 1024 * 1024;

/** MEDIA_MAX_BYTES: a byte count from 1 KB to 1 GB. */
function mediaMaxBytes(env: Env): number {
  const raw = env.MEDIA_MAX_BYTES?.trim();
  if (raw === undefined || raw === '') return DEFAULT_MEDIA_MAX_BYTES;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1024 || value > 1024 ** 3) {
    throw new ConfigError(
      'MEDIA_MAX_BYTES',
      `must be a number of bytes from 1024 (1 KB) to 1073741824 (1 GB), e.g. 15728640 for 15 MB; got "${env.MEDIA_MAX_BYTES}"`,
    );
  }
  return value;
}

const GB = 1024 ** 3;
export const DEFAULT_IMPORT_LIMITS: ImportLimitsConfig = {
  exportMaxBytes: GB,
  uploadsMaxBytes: 4 * GB,
  uploadsMaxUnpackedBytes: 8 * GB,
  uploadsMaxFiles: 200_000,
};

/** A byte count from 1 KB to 1 TB; the message names the variable and gives an example. */
function byteCount(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1024 || value > 1024 ** 4) {
    throw new ConfigError(name, `must be a number of bytes from 1024 (1 KB) to 1099511627776 (1 TB), e.g. ${fallback} for the default; got "${env[name]}"`);
  }
  return value;
}

function importLimits(env: Env): ImportLimitsConfig {
  return {
    exportMaxBytes: byteCount(env, 'IMPORT_MAX_BYTES', DEFAULT_IMPORT_LIMITS.exportMaxBytes),
    uploadsMaxBytes: byteCount(env, 'IMPORT_UPLOADS_MAX_BYTES', DEFAULT_IMPORT_LIMITS.uploadsMaxBytes),
    uploadsMaxUnpackedBytes: byteCount(env, 'IMPORT_UPLOADS_MAX_UNPACKED_BYTES', DEFAULT_IMPORT_LIMITS.uploadsMaxUnpackedBytes),
    uploadsMaxFiles: integer(env, 'IMPORT_UPLOADS_MAX_FILES', DEFAULT_IMPORT_LIMITS.uploadsMaxFiles, 1, 10_000_000),
  };
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const host = env.HOST?.trim() || '127.0.0.1';
  const dataDir = path.resolve(env.DATA_DIR?.trim() || 'data');
  const displayHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const siteUrl = absoluteUrl(env, 'SITE_URL', `http://${displayHost}:${port}`);
  return {
    env: nodeEnv,
    host,
    port,
    siteUrl,
    dataDir,
    database: databaseConfig(env, dataDir),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    seedDemo: boolean(env, 'SEED_DEMO', true),
    trustProxy: boolean(env, 'TRUST_PROXY', false),
    secretKey: secretKey(env),
    adminEmail: email(env, 'ADMIN_EMAIL', 'admin@localhost'),
    mail: { smtpUrl: smtpUrl(env), from: mailFrom(env, siteUrl) },
    mediaMaxBytes: mediaMaxBytes(env),
    imports: importLimits(env),
  };
}
