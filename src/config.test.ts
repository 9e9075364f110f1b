import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to an SQLite file under ./data and a local URL', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.database).toEqual({ dialect: 'sqlite', filename: path.resolve('data', 'dateline.db') });
    expect(config.siteUrl).toBe('http://127.0.0.1:3000');
    expect(config.seedDemo).toBe(true);
  });

  it('switches to PostgreSQL with a postgres:// DATABASE_URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db.example:5432/news', DATABASE_POOL_SIZE: '20' });
    expect(config.database).toEqual({ dialect: 'postgres', connectionString: 'postgres://u@db.example:5432/news', poolSize: 20 });
  });

  it('puts the SQLite file in DATA_DIR and accepts sqlite: URLs', () => {
    expect(loadConfig({ DATA_DIR: '/srv/news' }).database).toEqual({ dialect: 'sqlite', filename: '/srv/news/dateline.db' });
    expect(loadConfig({ DATABASE_URL: 'sqlite:/tmp/x.db' }).database).toEqual({ dialect: 'sqlite', filename: '/tmp/x.db' });
  });

  it('limits uploads to 15 MB unless MEDIA_MAX_BYTES says otherwise', () => {
    expect(loadConfig({}).mediaMaxBytes).toBe(15 * 1024 * 1024);
    expect(loadConfig({ MEDIA_MAX_BYTES: '5242880' }).mediaMaxBytes).toBe(5_242_880);
    expect(() => loadConfig({ MEDIA_MAX_BYTES: '15MB' })).toThrow('MEDIA_MAX_BYTES must be a number of bytes from 1024 (1 KB) to 1073741824 (1 GB)');
  });

  it('limits imports from the newsroom to the IMPORT_* sizes (1 GB export, 4 GB zip, 8 GB and 200,000 files unpacked)', () => {
    expect(loadConfig({}).imports).toEqual({
      exportMaxBytes: 1024 ** 3,
      uploadsMaxBytes: 4 * 1024 ** 3,
      uploadsMaxUnpackedBytes: 8 * 1024 ** 3,
      uploadsMaxFiles: 200_000,
    });
    expect(
      loadConfig({ IMPORT_MAX_BYTES: '2048', IMPORT_UPLOADS_MAX_BYTES: '4096', IMPORT_UPLOADS_MAX_UNPACKED_BYTES: '8192', IMPORT_UPLOADS_MAX_FILES: '7' })
        .imports,
    ).toEqual({ exportMaxBytes: 2048, uploadsMaxBytes: 4096, uploadsMaxUnpackedBytes: 8192, uploadsMaxFiles: 7 });
  });

  it('strips a trailing slash from SITE_URL', () => {
    expect(loadConfig({ SITE_URL: 'https://news.example.com/' }).siteUrl).toBe('https://news.example.com');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['SITE_URL', 'news.example.com'],
    ['SITE_URL', 'ftp://news.example.com'],
    ['DATABASE_URL', 'mysql://localhost/news'],
    ['SEED_DEMO', 'maybe'],
    ['NODE_ENV', 'staging'],
    ['MEDIA_MAX_BYTES', '15MB'],
    ['MEDIA_MAX_BYTES', '10'],
    ['IMPORT_MAX_BYTES', '1GB'],
    ['IMPORT_UPLOADS_MAX_BYTES', '100'],
    ['IMPORT_UPLOADS_MAX_UNPACKED_BYTES', '-1'],
    ['IMPORT_UPLOADS_MAX_FILES', '0'],
  ])('fails fast naming %s when it is %j', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`\\b${name}\\b`));
  });
});
