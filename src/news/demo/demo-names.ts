import path from 'node:path';

const ACRONYMS = new Set(['ai', 'eu', 'us', 'uk', 'un']);

/** "central-banks" -> "Central banks", "ai" -> "AI": the name the seed gives a demo tag. */
export function tagNameFromSlug(slug: string): string {
  const words = slug.split('-').map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w));
  const first = words[0] ?? '';
  return [first.charAt(0).toUpperCase() + first.slice(1), ...words.slice(1)].join(' ');
}

/** The name a demo image has in the library: its SVG's, as the JPEG that is uploaded. */
export function libraryFilename(file: string): string {
  return `${path.basename(file, path.extname(file))}.jpg`;
}

/** Where the seed copied a demo image before images went into the media library (storage key under media/). */
export function preLibraryKey(file: string): string {
  return `demo/${file}`;
}
