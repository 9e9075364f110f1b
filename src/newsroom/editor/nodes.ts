/// <reference lib="dom" />
import { mergeAttributes, Node } from '@tiptap/core';
import Blockquote from '@tiptap/extension-blockquote';

/**
 * The body's own block nodes, each rendering exactly the HTML the server's allowlist keeps
 * (src/news/articles/body-sanitizer.ts): blockquote.pullquote, figure.image (img + figcaption), figure.embed.
 */

export const PullQuote = Blockquote.extend({
  name: 'pullQuote',
  priority: 110,
  parseHTML() {
    return [{ tag: 'blockquote.pullquote' }, { tag: 'aside.pullquote' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['blockquote', mergeAttributes(HTMLAttributes, { class: 'pullquote' }), 0];
  },
  addKeyboardShortcuts() {
    return {};
  },
  addInputRules() {
    return [];
  },
});

export interface ImageFigureAttrs {
  src: string;
  alt: string;
  width: number | null;
  height: number | null;
  srcset: string | null;
  caption: string;
  credit: string;
}

/** An image from the media library with its caption and credit: `<figure class="image"><img …><figcaption>`. */
export const ImageFigure = Node.create({
  name: 'imageFigure',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return {
      src: { default: '' },
      alt: { default: '' },
      width: { default: null },
      height: { default: null },
      srcset: { default: null },
      caption: { default: '' },
      credit: { default: '' },
    };
  },
  parseHTML() {
    return [
      {
        tag: 'figure.image',
        getAttrs: (element) => {
          const img = element.querySelector('img');
          if (!img) return false;
          const caption = element.querySelector('figcaption');
          const credit = caption?.querySelector('small')?.textContent?.trim() ?? '';
          let captionText = '';
          caption?.childNodes.forEach((child) => {
            if (!(child instanceof HTMLElement && child.tagName === 'SMALL')) captionText += child.textContent ?? '';
          });
          const number = (name: string) => (img.getAttribute(name) ? Number(img.getAttribute(name)) || null : null);
          return {
            src: img.getAttribute('src') ?? '',
            alt: img.getAttribute('alt') ?? '',
            width: number('width'),
            height: number('height'),
            srcset: img.getAttribute('srcset'),
            caption: captionText.trim(),
            credit,
          };
        },
      },
    ];
  },
  renderHTML({ node }) {
    const a = node.attrs as ImageFigureAttrs;
    const img: Record<string, string> = { src: a.src, alt: a.alt };
    if (a.width) img.width = String(a.width);
    if (a.height) img.height = String(a.height);
    if (a.srcset) {
      img.srcset = a.srcset;
      img.sizes = '(min-width: 48rem) 44rem, 100vw';
    }
    const caption: (string | unknown[])[] = [];
    if (a.caption) caption.push(a.caption);
    if (a.credit) caption.push(...(a.caption ? [' '] : []), ['small', {}, a.credit]);
    return caption.length > 0 ? ['figure', { class: 'image' }, ['img', img], ['figcaption', {}, ...caption]] : ['figure', { class: 'image' }, ['img', img]];
  },
});

/** An embed by URL as a plain link card — no third-party script or iframe: `<figure class="embed"><a>…`. */
export const EmbedCard = Node.create({
  name: 'embedCard',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,
  addAttributes() {
    return { url: { default: '' }, host: { default: '' } };
  },
  parseHTML() {
    return [
      {
        tag: 'figure.embed',
        getAttrs: (element) => {
          const link = element.querySelector('a[href]');
          if (!link) return false;
          const url = link.getAttribute('href') ?? '';
          return { url, host: element.querySelector('figcaption')?.textContent?.trim() || hostOf(url) };
        },
      },
    ];
  },
  renderHTML({ node }) {
    const url = String(node.attrs.url);
    return ['figure', { class: 'embed' }, ['p', {}, ['a', { href: url }, url]], ['figcaption', {}, String(node.attrs.host) || hostOf(url)]];
  },
});

/** Only http(s) and mailto links: the server's allowlist drops anything else anyway. */
export function safeUrl(raw: string, schemes: readonly string[] = ['http:', 'https:', 'mailto:']): string | null {
  const text = raw.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`);
  } catch {
    return null;
  }
  return schemes.includes(url.protocol) ? url.href : null;
}

export function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return '';
  }
}
