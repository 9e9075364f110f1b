/**
 * A generated WordPress export (WXR 1.2, as Tools → Export writes it) for the import benchmark (bench/wxr-import.ts).
 * Written item by item to a stream, never held in memory; deterministic: the same options give the same bytes.
 *
 * Shaped like a news site's archive: 40 authors, 50 nested categories (10 top-level, 30 children, 10 grandchildren),
 * 500 tags, one image attachment per ten posts, posts of 400–1,500 words (four in five as block markup, the rest
 * classic content with WordPress's double line breaks, some with `[caption]` shortcodes), with links, images and
 * subheadings; a few drafts, pending, private, scheduled and password-protected posts and sticky ones; comments
 * spread unevenly over the posts (a few posts get many), one in five a reply, with WordPress's statuses (approved,
 * held, spam, trash) and some pingbacks and trackbacks.
 *
 * With `uploadsDir`, it also writes each attachment's file there at its `_wp_attached_file` path, as a copy of the
 * site's wp-content/uploads would have it: a real 320×200 JPEG of a few KB (blurred coloured noise), different for
 * every attachment and the same for the same seed. The images come from their own PRNG per attachment, so the WXR's
 * bytes are the same with or without them.
 */
import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import sharp from 'sharp';
import { seededRandom } from '../src/platform/seeded-random.js';

export interface WxrGenerateOptions {
  posts: number;
  comments: number;
  seed?: number;
  /** Write each attachment's image under this folder (created if need be), at its `_wp_attached_file` path. */
  uploadsDir?: string | null;
}

export interface WxrGenerateResult {
  bytes: number;
  posts: number;
  attachments: number;
  comments: number;
  /** The files written under uploadsDir (none without it) and their total size. */
  uploads: { files: number; bytes: number };
  milliseconds: number;
}

const SITE = 'https://harbour-gazette.example';
const AUTHORS = 40;
const TAGS = 500;

const FUNCTION_WORDS =
  'the of and to a in that is was he for it with as his on be at by i this had not are but from or have an they which one you were her all she there would their we him been has when who will more no if out so said what up its about into than them can only other new some could time these two may then do first any my now such like our over man me even most made after also did many before must through back years where much your way well down should because each just those people how too little state good very make world still own see men work long get here between both life being under never day same another know while last might us great old year off come since against go came right used take three'.split(
    ' ',
  );
const NEWS_WORDS =
  'government council minister harbour police court election budget school hospital report market prices workers union strike funding housing plan board mayor residents police officers committee inquiry investigation scheme ferry fishing tourism weather storm flood road bridge railway station transport energy prices inflation interest rates business company jobs sales season festival club match team coach league players goal final cup museum theatre library church village town county region coast island community charity volunteers health patients doctors nurses teachers pupils students university research climate water supply planning permission development homes rents landlords tenants farmers crops harvest rainfall summer winter autumn spring morning evening yesterday tomorrow officials spokesperson statement announcement decision vote members opposition party leader campaign support critics concerns safety crash fire rescue coastguard lifeboat vessel cargo port quay tide'.split(
    ' ',
  );
const FIRST_NAMES = 'Mara Ned Ada Tom Ruth Sam Ines Leo Nia Omar Priya Jonas Elif Kai Rosa Hugo Lena Felix Anya Theo'.split(' ');
const LAST_NAMES = 'Quinn Pike Marsh Hale Okafor Reyes Lindqvist Novak Byrne Costa Murphy Achebe Varga Duarte Kowalski Ferreira Nakamura Osei'.split(' ');

export async function generateWxr(file: string, options: WxrGenerateOptions): Promise<WxrGenerateResult> {
  const started = performance.now();
  const seed = options.seed ?? 20260101;
  const random = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  // Zipf-ish: function words dominate, news words next, invented words for the long tail.
  const invented = Array.from({ length: 3000 }, (_, i) => inventWord(i));
  const word = () => {
    const r = random();
    if (r < 0.45) return pick(FUNCTION_WORDS);
    if (r < 0.85) return NEWS_WORDS[Math.floor(random() * random() * NEWS_WORDS.length)]!;
    return invented[Math.floor(random() * random() * invented.length)]!;
  };
  const words = (n: number) => Array.from({ length: n }, word).join(' ');
  const sentence = () => {
    const text = words(int(8, 24));
    return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
  };

  const out = fs.createWriteStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };

  await write(`<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
\t<title>The Harbour Gazette</title>
\t<link>${SITE}</link>
\t<description>News from the harbour &amp; the hills</description>
\t<pubDate>Thu, 01 Jan 2026 00:00:00 +0000</pubDate>
\t<language>en-GB</language>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_site_url>${SITE}</wp:base_site_url>
\t<wp:base_blog_url>${SITE}</wp:base_blog_url>
`);

  const logins: string[] = [];
  for (let id = 1; id <= AUTHORS; id++) {
    const first = FIRST_NAMES[id % FIRST_NAMES.length]!;
    const last = LAST_NAMES[(id * 7) % LAST_NAMES.length]!;
    const login = `${first}.${last}.${id}`.toLowerCase();
    logins.push(login);
    await write(
      `\t<wp:author><wp:author_id>${id}</wp:author_id><wp:author_login>${cdata(login)}</wp:author_login><wp:author_email>${cdata(`${login}@harbour-gazette.example`)}</wp:author_email><wp:author_display_name>${cdata(`${first} ${last}`)}</wp:author_display_name><wp:author_first_name>${cdata(first)}</wp:author_first_name><wp:author_last_name>${cdata(last)}</wp:author_last_name></wp:author>\n`,
    );
  }

  // Categories: term ids 100–149; 10 top-level, 30 children of those, 10 grandchildren.
  const categories: { id: number; nicename: string; name: string }[] = [];
  for (let i = 0; i < 50; i++) {
    const name = `${NEWS_WORDS[(i * 5) % NEWS_WORDS.length]!} ${i}`.replace(/^./, (c) => c.toUpperCase());
    const nicename = slugify(name);
    const parent = i < 10 ? '' : i < 40 ? categories[i % 10]!.nicename : categories[10 + (i % 30)]!.nicename;
    categories.push({ id: 100 + i, nicename, name });
    await write(
      `\t<wp:category>\n\t\t<wp:term_id>${100 + i}</wp:term_id>\n\t\t<wp:category_nicename>${cdata(nicename)}</wp:category_nicename>\n\t\t<wp:category_parent>${cdata(parent)}</wp:category_parent>\n\t\t<wp:cat_name>${cdata(name)}</wp:cat_name>\n${i % 3 === 0 ? `\t\t<wp:category_description>${cdata(sentence())}</wp:category_description>\n` : ''}\t</wp:category>\n`,
    );
  }
  const tags: { id: number; slug: string; name: string }[] = [];
  for (let i = 0; i < TAGS; i++) {
    const name = i < NEWS_WORDS.length ? NEWS_WORDS[i]! : `${invented[i]!} ${NEWS_WORDS[i % NEWS_WORDS.length]!}`;
    const slug = `${slugify(name)}-${i}`;
    tags.push({ id: 1000 + i, slug, name });
    await write(`\t<wp:tag><wp:term_id>${1000 + i}</wp:term_id><wp:tag_slug>${cdata(slug)}</wp:tag_slug><wp:tag_name>${cdata(name)}</wp:tag_name></wp:tag>\n`);
  }
  await write('\t<generator>https://wordpress.org/?v=6.5.3</generator>\n');

  // Comments per post: a skewed spread (the square of a uniform draw favours the first posts), exactly M in all.
  const perPost = new Uint32Array(options.posts);
  for (let i = 0; i < options.comments; i++) perPost[Math.floor(random() * random() * options.posts)]!++;
  // Shuffle so the busy posts are spread through the archive rather than all at the start.
  for (let i = perPost.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [perPost[i], perPost[j]] = [perPost[j]!, perPost[i]!];
  }

  const start = Date.UTC(2016, 0, 1);
  const span = Date.UTC(2026, 0, 1) - start;
  let nextId = 10;
  let commentId = 1;
  let attachments = 0;
  let lastAttachment: { id: number; url: string } | null = null;
  // Images are encoded by sharp off the main thread; a few at a time keeps its threads busy while the XML is written.
  const uploads = { files: 0, bytes: 0 };
  const pendingImages: Promise<void>[] = [];
  const madeDirs = new Set<string>();
  const writeImage = async (id: number, fileName: string) => {
    const target = path.join(options.uploadsDir!, ...fileName.split('/'));
    const dir = path.dirname(target);
    if (!madeDirs.has(dir)) {
      await fs.promises.mkdir(dir, { recursive: true });
      madeDirs.add(dir);
    }
    const jpeg = await attachmentImage(seed, id);
    await fs.promises.writeFile(target, jpeg);
    uploads.files++;
    uploads.bytes += jpeg.length;
  };

  for (let n = 0; n < options.posts; n++) {
    const at = new Date(start + Math.floor((n / options.posts) * span) + int(0, 3_600_000));
    // One image attachment per ten posts, written just before the post it belongs to.
    if (n % 10 === 0) {
      const id = nextId++;
      const year = at.getUTCFullYear();
      const month = String(at.getUTCMonth() + 1).padStart(2, '0');
      const fileName = `${year}/${month}/photo-${id}.jpg`;
      const url = `${SITE}/wp-content/uploads/${fileName}`;
      lastAttachment = { id, url };
      attachments++;
      await write(attachmentItem(id, id + 1, url, fileName, at, pick(logins), sentence()));
      if (options.uploadsDir) {
        const image = writeImage(id, fileName);
        // Awaited below (in order); this keeps a later one's failure from going unhandled meanwhile.
        image.catch(() => undefined);
        pendingImages.push(image);
        if (pendingImages.length >= 4) await pendingImages.shift();
      }
    }
    const id = nextId++;
    const title = sentence().slice(0, -1);
    const slug = `${slugify(title).slice(0, 60)}-${id}`;
    const r = random();
    const status = r < 0.9 ? 'publish' : r < 0.94 ? 'draft' : r < 0.96 ? 'pending' : r < 0.98 ? 'private' : 'future';
    const password = random() < 0.005 ? 'harbour' : '';
    const sticky = random() < 0.002 ? 1 : 0;
    const block = random() < 0.8;
    const body = content(block, int(400, 1500), lastAttachment);
    const itemCategories = Array.from({ length: int(1, 2) }, () => pick(categories));
    const itemTags = Array.from({ length: int(0, 5) }, () => tags[Math.floor(random() * random() * tags.length)]!);
    const dateGmt = wpDate(at);
    const local = wpDate(new Date(at.getTime() + 3_600_000));
    let xml = `\t<item>
\t\t<title>${cdata(title)}</title>
\t\t<link>${SITE}/${at.getUTCFullYear()}/${String(at.getUTCMonth() + 1).padStart(2, '0')}/${slug}/</link>
\t\t<pubDate>${at.toUTCString().replace('GMT', '+0000')}</pubDate>
\t\t<dc:creator>${cdata(pick(logins))}</dc:creator>
\t\t<guid isPermaLink="false">${SITE}/?p=${id}</guid>
\t\t<description></description>
\t\t<content:encoded>${cdata(body)}</content:encoded>
\t\t<excerpt:encoded>${cdata(random() < 0.5 ? words(int(20, 40)) : '')}</excerpt:encoded>
\t\t<wp:post_id>${id}</wp:post_id>
\t\t<wp:post_date>${cdata(local)}</wp:post_date>
\t\t<wp:post_date_gmt>${cdata(status === 'draft' || status === 'pending' ? '0000-00-00 00:00:00' : dateGmt)}</wp:post_date_gmt>
\t\t<wp:post_modified>${cdata(local)}</wp:post_modified>
\t\t<wp:post_modified_gmt>${cdata(dateGmt)}</wp:post_modified_gmt>
\t\t<wp:comment_status>${cdata(random() < 0.9 ? 'open' : 'closed')}</wp:comment_status>
\t\t<wp:ping_status>${cdata('open')}</wp:ping_status>
\t\t<wp:post_name>${cdata(status === 'draft' ? '' : slug)}</wp:post_name>
\t\t<wp:status>${cdata(status)}</wp:status>
\t\t<wp:post_parent>0</wp:post_parent>
\t\t<wp:menu_order>0</wp:menu_order>
\t\t<wp:post_type>${cdata('post')}</wp:post_type>
\t\t<wp:post_password>${cdata(password)}</wp:post_password>
\t\t<wp:is_sticky>${sticky}</wp:is_sticky>
`;
    for (const category of new Set(itemCategories))
      xml += `\t\t<category domain="category" nicename="${category.nicename}">${cdata(category.name)}</category>\n`;
    for (const tag of new Set(itemTags)) xml += `\t\t<category domain="post_tag" nicename="${tag.slug}">${cdata(tag.name)}</category>\n`;
    xml += `\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>${cdata('_edit_last')}</wp:meta_key>\n\t\t\t<wp:meta_value>${cdata(String(int(1, AUTHORS)))}</wp:meta_value>\n\t\t</wp:postmeta>\n`;
    if (lastAttachment && n % 10 === 0) {
      xml += `\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>${cdata('_thumbnail_id')}</wp:meta_key>\n\t\t\t<wp:meta_value>${cdata(String(lastAttachment.id))}</wp:meta_value>\n\t\t</wp:postmeta>\n`;
    }
    if (random() < 0.3) {
      xml += `\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>${cdata('_yoast_wpseo_metadesc')}</wp:meta_key>\n\t\t\t<wp:meta_value>${cdata(sentence())}</wp:meta_value>\n\t\t</wp:postmeta>\n`;
    }
    const ids: number[] = [];
    for (let c = 0; c < perPost[n]!; c++) {
      const cid = commentId++;
      // One in five replies to an earlier comment on the same post.
      const parent = ids.length && random() < 0.2 ? ids[Math.floor(random() * ids.length)]! : 0;
      ids.push(cid);
      const s = random();
      const approved = s < 0.85 ? '1' : s < 0.95 ? '0' : s < 0.99 ? 'spam' : 'trash';
      const t = random();
      const type = t < 0.985 ? 'comment' : t < 0.995 ? 'pingback' : 'trackback';
      const first = pick(FIRST_NAMES);
      const last = pick(LAST_NAMES);
      const when = wpDate(new Date(at.getTime() + (c + 1) * int(60_000, 7_200_000)));
      const text = Array.from({ length: int(1, 3) }, () => Array.from({ length: int(1, 4) }, sentence).join(' ')).join('\n\n');
      xml += `\t\t<wp:comment>
\t\t\t<wp:comment_id>${cid}</wp:comment_id>
\t\t\t<wp:comment_author>${cdata(type === 'comment' ? `${first} ${last}` : `A blog about ${word()}`)}</wp:comment_author>
\t\t\t<wp:comment_author_email>${cdata(type === 'comment' ? `${first}.${last}${cid % 97}@mail.example`.toLowerCase() : '')}</wp:comment_author_email>
\t\t\t<wp:comment_author_url>${random() < 0.2 || type !== 'comment' ? `https://blog${cid % 500}.example/` : ''}</wp:comment_author_url>
\t\t\t<wp:comment_author_IP>${cdata(`192.0.2.${cid % 250}`)}</wp:comment_author_IP>
\t\t\t<wp:comment_date>${cdata(when)}</wp:comment_date>
\t\t\t<wp:comment_date_gmt>${cdata(when)}</wp:comment_date_gmt>
\t\t\t<wp:comment_content>${cdata(text)}</wp:comment_content>
\t\t\t<wp:comment_approved>${cdata(approved)}</wp:comment_approved>
\t\t\t<wp:comment_type>${cdata(type)}</wp:comment_type>
\t\t\t<wp:comment_parent>${parent}</wp:comment_parent>
\t\t\t<wp:comment_user_id>0</wp:comment_user_id>
\t\t</wp:comment>
`;
    }
    xml += '\t</item>\n';
    await write(xml);
  }
  await write('</channel>\n</rss>\n');
  out.end();
  await once(out, 'finish');
  await Promise.all(pendingImages);
  return { bytes, posts: options.posts, attachments, comments: options.comments, uploads, milliseconds: performance.now() - started };

  function content(block: boolean, wordCount: number, image: { id: number; url: string } | null): string {
    const parts: string[] = [];
    let written = 0;
    let paragraph = 0;
    while (written < wordCount) {
      paragraph++;
      if (paragraph % 6 === 0) {
        const heading = words(int(3, 7));
        parts.push(block ? `<!-- wp:heading -->\n<h2 class="wp-block-heading">${heading}</h2>\n<!-- /wp:heading -->` : `<h2>${heading}</h2>`);
        continue;
      }
      if (image && paragraph === 3) {
        const caption = sentence();
        parts.push(
          block
            ? `<!-- wp:image {"id":${image.id},"sizeSlug":"large"} -->\n<figure class="wp-block-image size-large"><img src="${image.url.replace('.jpg', '-1024x683.jpg')}" alt="${words(4)}" class="wp-image-${image.id}"/><figcaption class="wp-element-caption">${caption}</figcaption></figure>\n<!-- /wp:image -->`
            : `[caption id="attachment_${image.id}" align="aligncenter" width="1024"]<img class="size-large wp-image-${image.id}" src="${image.url.replace('.jpg', '-1024x683.jpg')}" alt="${words(4)}" width="1024" height="683" /> ${caption}[/caption]`,
        );
        continue;
      }
      const sentences: string[] = [];
      for (let s = int(2, 5); s > 0; s--) sentences.push(sentence());
      let text = sentences.join(' ');
      written += text.split(' ').length;
      if (random() < 0.25) text = text.replace(/ (\w+) (\w+)\./, ` <a href="https://www.example.org/${word()}">$1 $2</a>.`);
      if (random() < 0.15) text = text.replace(/ (\w+) /, ' <strong>$1</strong> ');
      parts.push(block ? `<!-- wp:paragraph -->\n<p>${text}</p>\n<!-- /wp:paragraph -->` : text);
    }
    return parts.join('\n\n');
  }
}

function attachmentItem(id: number, parent: number, url: string, fileName: string, at: Date, creator: string, caption: string): string {
  const date = wpDate(at);
  return `\t<item>
\t\t<title>${cdata(`photo-${id}`)}</title>
\t\t<link>${SITE}/?attachment_id=${id}</link>
\t\t<pubDate>${at.toUTCString().replace('GMT', '+0000')}</pubDate>
\t\t<dc:creator>${cdata(creator)}</dc:creator>
\t\t<guid isPermaLink="false">${url}</guid>
\t\t<description></description>
\t\t<content:encoded>${cdata('')}</content:encoded>
\t\t<excerpt:encoded>${cdata(caption)}</excerpt:encoded>
\t\t<wp:post_id>${id}</wp:post_id>
\t\t<wp:post_date>${cdata(date)}</wp:post_date>
\t\t<wp:post_date_gmt>${cdata(date)}</wp:post_date_gmt>
\t\t<wp:comment_status>${cdata('closed')}</wp:comment_status>
\t\t<wp:ping_status>${cdata('closed')}</wp:ping_status>
\t\t<wp:post_name>${cdata(`photo-${id}`)}</wp:post_name>
\t\t<wp:status>${cdata('inherit')}</wp:status>
\t\t<wp:post_parent>${parent}</wp:post_parent>
\t\t<wp:menu_order>0</wp:menu_order>
\t\t<wp:post_type>${cdata('attachment')}</wp:post_type>
\t\t<wp:post_password>${cdata('')}</wp:post_password>
\t\t<wp:is_sticky>0</wp:is_sticky>
\t\t<wp:attachment_url>${cdata(url)}</wp:attachment_url>
\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>${cdata('_wp_attached_file')}</wp:meta_key>\n\t\t\t<wp:meta_value>${cdata(fileName)}</wp:meta_value>\n\t\t</wp:postmeta>
\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>${cdata('_wp_attachment_image_alt')}</wp:meta_key>\n\t\t\t<wp:meta_value>${cdata(caption.slice(0, 40))}</wp:meta_value>\n\t\t</wp:postmeta>
\t</item>
`;
}

/**
 * One attachment's file: a 16×10 grid of noise around a colour, both from a PRNG seeded with the run's seed and the
 * attachment's id, scaled up to 320×200 (so smooth, and small as a JPEG: about 4 KB) and encoded at quality 75.
 */
async function attachmentImage(seed: number, id: number): Promise<Buffer> {
  const random = seededRandom((seed ^ Math.imul(id, 0x9e3779b1)) >>> 0);
  const [width, height] = [16, 10];
  const base = [random() * 255, random() * 255, random() * 255];
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i++) raw[i] = Math.max(0, Math.min(255, Math.round(base[i % 3]! + (random() - 0.5) * 90)));
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .resize(320, 200, { kernel: 'cubic' })
    .jpeg({ quality: 75 })
    .toBuffer();
}

function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function wpDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** A pronounceable made-up word, the same for the same index. */
function inventWord(index: number): string {
  const consonants = 'bdfghklmnprstvz';
  const vowels = 'aeiou';
  let n = index * 7919 + 13;
  let out = '';
  for (let i = 0; i < 3 + (index % 3); i++) {
    out += consonants[n % consonants.length]! + vowels[Math.floor(n / 15) % vowels.length]!;
    n = Math.floor(n / 7) + i * 31;
  }
  return out;
}
