import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { writeWxr, type WxrWriteCounts } from './interop/wxr/wxr-writer.js';
import type { NewsServices } from './news/services.js';

/**
 * `dateline export wxr [--out FILE]`: the site as a WordPress export, on stdout or into FILE. A file is written
 * beside its final name and renamed when complete, so a failed export never leaves half a file under that name.
 */
export async function runWxrExport(
  services: Pick<NewsServices, 'exports' | 'settings'>,
  options: { siteUrl: string; outFile: string | null },
  stdout: Writable,
): Promise<WxrWriteCounts> {
  if (!options.outFile) return writeWxr(services, stdout, { siteUrl: options.siteUrl });
  const partial = path.join(path.dirname(options.outFile), `.${path.basename(options.outFile)}.${process.pid}.partial`);
  const out = fs.createWriteStream(partial);
  try {
    const counts = await writeWxr(services, out, { siteUrl: options.siteUrl });
    out.end();
    await finished(out);
    await fs.promises.rename(partial, options.outFile);
    return counts;
  } catch (error) {
    out.destroy();
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
}

export function formatExportCounts(counts: WxrWriteCounts, where: string): string {
  return (
    `Exported ${counts.posts} articles, ${counts.pages} pages, ${counts.attachments} featured images, ${counts.comments} comments, ` +
    `${counts.categories} sections, ${counts.tags} tags and ${counts.authors} people to ${where} (WXR 1.2).\n`
  );
}
