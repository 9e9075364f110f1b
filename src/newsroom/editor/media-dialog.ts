/// <reference lib="dom" />
import type { ImageFigureAttrs } from './nodes.js';

export interface MediaItem {
  id: number | string;
  url: string;
  width?: number | null;
  height?: number | null;
  alt?: string | null;
  caption?: string | null;
  credit?: string | null;
  srcset?: string | null;
}

export const MEDIA_URL = '/newsroom/media.json';
export const MEDIA_UNAVAILABLE = 'The media library is not available';

/**
 * A modal <dialog> listing the media library (`GET /newsroom/media.json?q=`), with a search box. Choosing an image
 * resolves with the figure's attributes (caption and credit editable before inserting); Escape or Cancel with null.
 */
export function chooseImage(mediaUrl = MEDIA_URL): Promise<ImageFigureAttrs | null> {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'rte-dialog rte-media';
    dialog.setAttribute('aria-labelledby', 'rte-media-title');
    dialog.innerHTML = `
      <form method="dialog" class="rte-media-form">
        <h2 id="rte-media-title">Insert an image</h2>
        <p><label for="rte-media-q">Search the media library</label>
        <input type="search" id="rte-media-q" name="q" autocomplete="off"></p>
        <p class="rte-media-status" role="status" aria-live="polite"></p>
        <ul class="rte-media-list"></ul>
        <fieldset class="rte-media-details" hidden>
          <legend>Selected image</legend>
          <p><label for="rte-media-alt">Alt text</label><input id="rte-media-alt"></p>
          <p><label for="rte-media-caption">Caption</label><input id="rte-media-caption"></p>
          <p><label for="rte-media-credit">Credit</label><input id="rte-media-credit"></p>
        </fieldset>
        <p class="rte-dialog-actions">
          <button type="button" class="rte-media-insert" disabled>Insert image</button>
          <button type="button" class="rte-media-cancel">Cancel</button>
        </p>
      </form>`;
    document.body.append(dialog);
    const q = dialog.querySelector<HTMLInputElement>('#rte-media-q')!;
    const status = dialog.querySelector<HTMLElement>('.rte-media-status')!;
    const list = dialog.querySelector<HTMLUListElement>('.rte-media-list')!;
    const details = dialog.querySelector<HTMLFieldSetElement>('.rte-media-details')!;
    const alt = dialog.querySelector<HTMLInputElement>('#rte-media-alt')!;
    const caption = dialog.querySelector<HTMLInputElement>('#rte-media-caption')!;
    const credit = dialog.querySelector<HTMLInputElement>('#rte-media-credit')!;
    const insert = dialog.querySelector<HTMLButtonElement>('.rte-media-insert')!;
    let chosen: MediaItem | null = null;
    let result: ImageFigureAttrs | null = null;
    let searchTimer: ReturnType<typeof setTimeout> | undefined;
    let request = 0;

    async function search() {
      const mine = ++request;
      status.textContent = 'Loading…';
      try {
        const response = await fetch(`${mediaUrl}?q=${encodeURIComponent(q.value.trim())}`, {
          headers: { accept: 'application/json' },
          credentials: 'same-origin',
        });
        if (mine !== request) return;
        if (!response.ok) {
          status.textContent = response.status === 404 ? MEDIA_UNAVAILABLE : `${MEDIA_UNAVAILABLE} (error ${response.status})`;
          list.replaceChildren();
          return;
        }
        const items = (await response.json()) as MediaItem[];
        if (mine !== request) return;
        list.replaceChildren(...items.map(renderItem));
        status.textContent = items.length === 0 ? 'No images found' : `${items.length} ${items.length === 1 ? 'image' : 'images'}`;
      } catch {
        if (mine === request) status.textContent = MEDIA_UNAVAILABLE;
      }
    }

    function renderItem(item: MediaItem) {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'rte-media-item';
      button.setAttribute('aria-pressed', 'false');
      const img = document.createElement('img');
      img.src = item.url;
      img.alt = '';
      img.loading = 'lazy';
      const text = document.createElement('span');
      text.textContent = item.caption || item.alt || `Image ${item.id}`;
      button.append(img, text);
      button.addEventListener('click', () => {
        chosen = item;
        list.querySelectorAll('button[aria-pressed]').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
        alt.value = item.alt ?? '';
        caption.value = item.caption ?? '';
        credit.value = item.credit ?? '';
        details.hidden = false;
        insert.disabled = false;
      });
      li.append(button);
      return li;
    }

    q.addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(() => void search(), 250);
    });
    q.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') event.preventDefault();
    });
    insert.addEventListener('click', () => {
      if (!chosen) return;
      result = {
        src: chosen.url,
        alt: alt.value.trim(),
        width: chosen.width ?? null,
        height: chosen.height ?? null,
        srcset: chosen.srcset || null,
        caption: caption.value.trim(),
        credit: credit.value.trim(),
      };
      dialog.close();
    });
    dialog.querySelector('.rte-media-cancel')!.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    dialog.showModal();
    q.focus();
    void search();
  });
}
