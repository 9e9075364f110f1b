/** What the content conversion tells the import report about one post: each thing it dropped, kept or changed. */

export type ContentNoteKind =
  /** A block with no saved HTML (latest posts, query loops, search…), or one whose HTML is only a template: dropped. */
  | 'dynamic-block'
  /** A reusable block (`wp:block {"ref":N}`) missing from the export, including itself, or nested too deep. */
  | 'reusable-block'
  /** A shortcode Dateline has no equivalent for: left in the text as written. */
  | 'unknown-shortcode'
  /** An upload the media library does not have: the old URL stays (or, in a gallery, the image is left out). */
  | 'media-not-found'
  /** An embed (oEmbed URL, [embed], embed block, player iframe) became a link card. */
  | 'embed'
  /** An audio or video player became a link to its file. */
  | 'media-player'
  /** An image linked to a page other than its own file: Dateline's image figure has no link, so it was dropped. */
  | 'image-link-dropped'
  /** `<!--nextpage-->`: the post's pages are joined into one body. */
  | 'page-break'
  /** Markup that Dateline's body allowlist (or, for players and scripts, the conversion) does not keep. */
  | 'sanitizer-dropped';

export interface ContentNote {
  kind: ContentNoteKind;
  /** For people: what, where, and how many times (e.g. `<iframe src="https://evil.example/"> (×2)`). */
  detail: string;
}

/** Collects notes, one per kind and subject, counting repeats. */
export class NoteCollector {
  private readonly notes = new Map<string, { kind: ContentNoteKind; detail: string; count: number }>();

  add(kind: ContentNoteKind, detail: string, subject: string = detail, count = 1): void {
    const key = `${kind}\u0000${subject}`;
    const found = this.notes.get(key);
    if (found) found.count += count;
    else this.notes.set(key, { kind, detail, count });
  }

  list(): ContentNote[] {
    return [...this.notes.values()].map(({ kind, detail, count }) => ({ kind, detail: count > 1 ? `${detail} (×${count})` : detail }));
  }
}

/** A value shortened for a note. */
export function excerptOf(value: string, max = 100): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
