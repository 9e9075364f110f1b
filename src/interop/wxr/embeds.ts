/**
 * Embeds: which addresses WordPress would have turned into an embedded player or card, and what Dateline has for
 * them — figure.embed, a link card with no third-party script or iframe (see src/newsroom/editor/nodes.ts, EmbedCard):
 * `<figure class="embed"><p><a href="URL">URL</a></p><figcaption>host</figcaption></figure>`.
 */
import { encodeHtml } from './html-tree.js';

/**
 * The oEmbed providers WordPress embeds from a bare URL (class-wp-oembed.php's list, written here as host and path
 * patterns), with those it used to support (Instagram, Facebook, until 5.5.2) since old posts were written for them,
 * and X's new host.
 */
const PROVIDERS: readonly RegExp[] = [
  /^https?:\/\/((m|www)\.)?youtube\.com\/(watch|playlist|shorts\/|live\/)/i,
  /^https?:\/\/youtu\.be\//i,
  /^https?:\/\/(.+\.)?vimeo\.com\//i,
  /^https?:\/\/(www\.)?dailymotion\.com\//i,
  /^https?:\/\/dai\.ly\//i,
  /^https?:\/\/(www\.)?flickr\.com\//i,
  /^https?:\/\/flic\.kr\//i,
  /^https?:\/\/(.+\.)?smugmug\.com\//i,
  /^https?:\/\/(www\.)?scribd\.com\/(doc|document)\//i,
  /^https?:\/\/wordpress\.tv\//i,
  /^https?:\/\/(.+\.)?(crowdsignal\.net|polldaddy\.com|survey\.fm)\//i,
  /^https?:\/\/poll\.fm\//i,
  /^https?:\/\/(www\.|mobile\.)?(twitter|x)\.com\/\w{1,15}(\/status(es)?\/|\/likes$|\/lists\/|\/timelines\/|$)/i,
  /^https?:\/\/(www\.)?(twitter|x)\.com\/i\/moments\//i,
  /^https?:\/\/(www\.)?soundcloud\.com\//i,
  /^https?:\/\/(.+?\.)?slideshare\.net\//i,
  /^https?:\/\/(open|play)\.spotify\.com\//i,
  /^https?:\/\/(.+\.)?imgur\.com\//i,
  /^https?:\/\/(www\.)?issuu\.com\/.+\/docs\/.+/i,
  /^https?:\/\/(www\.)?mixcloud\.com\//i,
  /^https?:\/\/(www\.|embed\.)?ted\.com\/talks\//i,
  /^https?:\/\/(www\.)?(animoto|video214)\.com\/play\//i,
  /^https?:\/\/(.+)\.tumblr\.com\//i,
  /^https?:\/\/(www\.)?kickstarter\.com\/projects\//i,
  /^https?:\/\/kck\.st\//i,
  /^https?:\/\/cloudup\.com\//i,
  /^https?:\/\/(www\.)?reverbnation\.com\//i,
  /^https?:\/\/videopress\.com\/v\//i,
  /^https?:\/\/(www\.)?reddit\.com\/r\/[^/]+\/comments\//i,
  /^https?:\/\/(www\.)?speakerdeck\.com\//i,
  /^https?:\/\/(www\.)?screencast\.com\//i,
  /^https?:\/\/([a-z0-9-]+\.)?amazon\.(com|com\.mx|com\.br|ca|co\.uk|de|fr|it|es|in|nl|ru|co\.jp|com\.au|cn)\//i,
  /^https?:\/\/(www\.)?(a\.co|amzn\.to|amzn\.eu|amzn\.in|amzn\.asia|z\.cn)\//i,
  /^https?:\/\/(www\.)?tiktok\.com\/.*\/video\//i,
  /^https?:\/\/([a-z]{2}|www)\.pinterest\.com(\.(au|mx))?\//i,
  /^https?:\/\/(www\.)?wolframcloud\.com\/obj\/.+/i,
  /^https?:\/\/pca\.st\/.+/i,
  /^https?:\/\/(www\.)?bsky\.app\/profile\/[^/]+\/post\//i,
  /^https?:\/\/(www\.)?(instagram\.com|instagr\.am)\/(p|tv|reel)\//i,
  /^https?:\/\/(www\.)?facebook\.com\//i,
];

/** True when WordPress (now or when the post was written) would embed this URL standing alone on its line. */
export function isOembedUrl(url: string): boolean {
  return PROVIDERS.some((pattern) => pattern.test(url));
}

/** Audio and video files WordPress plays from a bare URL (wp_embed_handler_audio / _video). */
const MEDIA_FILE = /\.(mp3|m4a|ogg|oga|wav|wma|flac|mp4|m4v|webm|ogv|wmv|flv|mov)(\?|#|$)/i;

export function isMediaFileUrl(url: string): boolean {
  return MEDIA_FILE.test(url);
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}

/** Dateline's embed card for a URL, as its editor writes it. */
export function embedFigureHtml(url: string): string {
  const href = encodeHtml(url);
  return `<figure class="embed"><p><a href="${href}">${href}</a></p><figcaption>${encodeHtml(hostOf(url))}</figcaption></figure>`;
}

/** The page an embedded player's iframe shows (YouTube, Vimeo, Dailymotion, Spotify, SoundCloud), or null. */
export function pageUrlOfPlayer(src: string): string | null {
  let url: URL;
  try {
    url = new URL(src.startsWith('//') ? `https:${src}` : src);
  } catch {
    return null;
  }
  const host = url.hostname.replace(/^www\./, '');
  const path = url.pathname;
  let m: RegExpExecArray | null;
  if ((host === 'youtube.com' || host === 'youtube-nocookie.com') && (m = /^\/embed\/([\w-]{6,})/.exec(path))) {
    return `https://www.youtube.com/watch?v=${m[1]}`;
  }
  if (host === 'player.vimeo.com' && (m = /^\/video\/(\d+)/.exec(path))) return `https://vimeo.com/${m[1]}`;
  if (host === 'dailymotion.com' && (m = /^\/embed\/video\/(\w+)/.exec(path))) return `https://www.dailymotion.com/video/${m[1]}`;
  if (host === 'open.spotify.com' && (m = /^\/embed\/(.+)$/.exec(path))) return `https://open.spotify.com/${m[1]}`;
  if (host === 'w.soundcloud.com' && path.startsWith('/player')) {
    const inner = url.searchParams.get('url');
    return inner && /^https?:\/\//.test(inner) ? inner : null;
  }
  return null;
}
