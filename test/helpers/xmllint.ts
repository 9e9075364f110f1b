import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The sitemaps.org schemas, from the shared fixtures beside the project (see ../shared/fixtures/README.md). */
export const XSD_DIR = path.resolve(process.cwd(), '..', 'shared', 'fixtures', 'xsd');
const XMLLINT = process.env.XMLLINT_PATH ?? '/usr/bin/xmllint';

const hasXmllint = fs.existsSync(XMLLINT);
const hasSchemas = fs.existsSync(path.join(XSD_DIR, 'sitemap.xsd')) && fs.existsSync(path.join(XSD_DIR, 'siteindex.xsd'));

/** Whether documents can be checked with xmllint at all (well-formedness). */
export const xmllintAvailable = hasXmllint;
/** Whether they can also be validated against the sitemap schemas. */
export const sitemapSchemasAvailable = hasXmllint && hasSchemas;

if (!hasXmllint) {
  console.log(`[dateline] xmllint checks are SKIPPED: no ${XMLLINT} (apt-get install -y libxml2-utils; .ci/run installs it).`);
} else if (!hasSchemas) {
  console.log(`[dateline] Sitemap XSD validation is SKIPPED: no schemas at ${XSD_DIR} (the shared fixtures are absent).`);
}

/**
 * Runs xmllint over a document: well-formedness alone, or validity against one of the sitemap schemas. Returns
 * xmllint's own messages so a failing test shows them.
 */
export function xmllint(xml: string, schema?: 'sitemap.xsd' | 'siteindex.xsd'): { ok: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dateline-xml-'));
  const file = path.join(dir, 'document.xml');
  try {
    fs.writeFileSync(file, xml);
    const args = ['--noout', '--nonet', ...(schema ? ['--schema', path.join(XSD_DIR, schema)] : []), file];
    const result = spawnSync(XMLLINT, args, { encoding: 'utf8' });
    return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
