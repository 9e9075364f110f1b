/// <reference lib="dom" />
import { presenceText } from '../articles/presence-text.js';

/**
 * Presence for an article's edit page: every PRESENCE_INTERVAL_MS while the page is visible, say it is still open
 * (POST data-presence-url) and show who else has the article open; when the page is left, say so with a beacon, so
 * others stop seeing this person at once instead of up to a minute later. The server forgets anyone not heard from
 * for a minute (EditorialService.othersEditing).
 */
const PRESENCE_INTERVAL_MS = 20_000;

export function showPresence(notice: HTMLElement, others: string[]): void {
  notice.textContent = presenceText(others);
  notice.hidden = others.length === 0;
}

export function startPresence(form: HTMLFormElement, notice: HTMLElement): void {
  const url = notice.dataset.presenceUrl;
  if (!url) return;
  const csrf = () => form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';

  async function beat() {
    if (document.visibilityState !== 'visible') return;
    try {
      const response = await fetch(url!, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf() },
        body: '{}',
      });
      const data = (await response.json().catch(() => ({}))) as { othersEditing?: string[] };
      if (response.ok && Array.isArray(data.othersEditing)) showPresence(notice, data.othersEditing);
    } catch {
      // Offline for a moment: the notice stays as it was.
    }
  }

  setInterval(() => void beat(), PRESENCE_INTERVAL_MS);
  document.addEventListener('visibilitychange', () => void beat());
  // Autosave answers carry the same list.
  form.addEventListener('dateline:autosaved', (event) => {
    const others = (event as CustomEvent<{ othersEditing?: string[] }>).detail?.othersEditing;
    if (Array.isArray(others)) showPresence(notice, others);
  });
  // A form post (save, publish…) leaves the page too, but comes straight back to it: only a real leave is told.
  // (Registered after the editor's own submit handler, which may hold a submit back until an autosave is done.)
  let submitting = false;
  form.addEventListener('submit', (event) => {
    submitting = !event.defaultPrevented;
  });
  window.addEventListener('pagehide', () => {
    if (submitting) return;
    navigator.sendBeacon(`${url}/leave`, new URLSearchParams({ _csrf: csrf() }));
  });
}
