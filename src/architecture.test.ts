import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/ and what each may import (docs/architecture.md, Rules). Faces never import each other; the
 * shared web layer and the domain never import a face; platform/ imports nothing above it.
 *
 *   faces   site/ newsroom/ api/ ops/   -> themselves, web/, interop/, news/, platform/, config.ts
 *   shared  web/ interop/               -> themselves, news/, platform/, config.ts
 *   domain  news/                       -> news/, platform/, config.ts
 *   base    platform/                   -> platform/, config.ts
 *
 * One exception: platform/ may import news/vocabulary.ts, the domain's words (statuses, roles, …), a leaf that imports
 * nothing, so that platform/db/schema.ts types its columns with the same lists the domain checks against.
 *
 * The files at the top of src/ (app.tsx, server.ts, cli.ts, …) put the layers together and may import anything;
 * nothing in a layer imports them, except config.ts (the typed configuration, a leaf). The rules hold for the code
 * that ships; tests (*.test.ts) may set up data through a layer above theirs (a platform test signing a user in
 * through news/ services) and are not checked.
 */
const FACES = ['site', 'newsroom', 'api', 'ops'] as const;
const SHARED = ['web', 'interop'] as const;
type Layer = (typeof FACES)[number] | (typeof SHARED)[number] | 'news' | 'platform';

const ALLOWED: Record<Layer, readonly string[]> = {
  platform: ['platform'],
  news: ['news', 'platform'],
  web: ['web', 'news', 'platform'],
  interop: ['interop', 'news', 'platform'],
  ...(Object.fromEntries(FACES.map((face) => [face, [face, ...SHARED, 'news', 'platform']])) as Record<(typeof FACES)[number], string[]>),
};

const SRC = path.dirname(fileURLToPath(import.meta.url));
/** The one module of news/ that platform/ may import (without its extension). */
const VOCABULARY = path.join('news', 'vocabulary');

/** The layer a file under src/ belongs to: its first folder, or 'root' for the files at the top ('config' for config.ts). */
export function layerOf(file: string): Layer | 'root' | 'config' | 'outside' {
  const relative = path.relative(SRC, file);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return 'outside';
  const [first, ...rest] = relative.split(path.sep);
  if (!rest.length) return /^config\.(ts|js)$/.test(first!) ? 'config' : 'root';
  return first as Layer;
}

/** Why importing `specifier` from `file` breaks the rules, or null when it does not. Packages are not checked. */
export function violation(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const from = layerOf(file);
  if (from === 'root' || from === 'outside' || from === 'config') return null;
  const target = path.resolve(path.dirname(file), specifier);
  const to = layerOf(target);
  if (to === 'config') return null;
  if (to === 'outside') return `${path.relative(SRC, file)} (${from}) imports ${specifier}, outside src/`;
  if (!(from in ALLOWED)) return `${path.relative(SRC, file)} is in an unknown folder "${from}" (add it to architecture.test.ts and the docs)`;
  if (to === 'root') return `${path.relative(SRC, file)} (${from}) imports ${specifier}, a file that puts the app together`;
  if (from === 'platform' && path.relative(SRC, target).replace(/\.(js|ts)$/, '') === VOCABULARY) return null;
  if (!ALLOWED[from].includes(to)) return `${path.relative(SRC, file)} (${from}) imports ${specifier} (${to})`;
  return null;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mts|mjs|js)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every import, re-export and dynamic import() of a file, as written (TypeScript's own scanner reads them). */
function importsOf(file: string): string[] {
  return ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

describe('architecture', () => {
  it('keeps every import of src/ in its allowed direction (faces never import each other)', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(100);
    const problems = files.flatMap((file) => importsOf(file).flatMap((specifier) => violation(file, specifier) ?? []));
    expect(problems).toEqual([]);
    // What platform/ may import must stay a leaf, or the exception would let the rest of news/ in.
    expect(importsOf(path.join(SRC, `${VOCABULARY}.ts`))).toEqual([]);
  });

  it('refuses the imports the rules forbid, and allows the rest', () => {
    const at = (file: string) => path.join(SRC, file);
    expect(violation(at('site/site.routes.tsx'), '../newsroom/render.js')).toMatch(/\(site\) imports \.\.\/newsroom\/render\.js \(newsroom\)/);
    expect(violation(at('newsroom/views/X.tsx'), '../../site/views/ArticlePage.js')).not.toBeNull();
    expect(violation(at('site/feeds/feed.ts'), '../../api/v1.js')).not.toBeNull();
    expect(violation(at('ops/health.ts'), '../site/render.js')).not.toBeNull();
    expect(violation(at('news/articles/article.service.ts'), '../../site/format.js')).not.toBeNull();
    expect(violation(at('news/articles/article.service.ts'), '../../web/render.js')).not.toBeNull();
    expect(violation(at('platform/events.ts'), '../news/shared/clock.js')).not.toBeNull();
    expect(violation(at('platform/db/schema.ts'), '../../newsroom/deps.js')).not.toBeNull();
    expect(violation(at('web/assets.ts'), '../site/assets.js')).not.toBeNull();
    expect(violation(at('interop/wxr.ts'), '../newsroom/deps.js')).not.toBeNull();
    expect(violation(at('news/services.ts'), '../app.js')).toMatch(/puts the app together/);
    expect(violation(at('elsewhere/x.ts'), '../news/services.js')).toMatch(/unknown folder/);
    expect(violation(at('news/articles/article.service.ts'), '../../../test/factories.js')).toMatch(/outside src/);

    expect(violation(at('site/site.routes.tsx'), '../web/render.js')).toBeNull();
    expect(violation(at('newsroom/render.tsx'), '../web/render.js')).toBeNull();
    expect(violation(at('site/preview.routes.tsx'), '../news/staff/policy.js')).toBeNull();
    expect(violation(at('web/assets.ts'), '../news/shared/clock.js')).toBeNull();
    expect(violation(at('platform/mail/mailer.ts'), '../../config.js')).toBeNull();
    expect(violation(at('platform/db/schema.ts'), '../../news/vocabulary.js')).toBeNull();
    expect(violation(at('platform/db/schema.ts'), '../../news/vocabulary-extra.js')).not.toBeNull();
    expect(violation(at('app.tsx'), './newsroom/newsroom.js')).toBeNull();
    expect(violation(at('newsroom/editor/main.ts'), '@tiptap/core')).toBeNull();
  });
});
