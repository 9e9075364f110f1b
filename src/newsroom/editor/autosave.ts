/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

/**
 * Autosave for #article-form: every `intervalMs` when something changed, POST the form's fields as JSON (with the
 * editor's HTML as `body` and the article's `version`) to data-autosave-url with the CSRF token in `x-csrf-token`.
 * 200 {version, savedAt} moves the form to the new version; 409 {message} shows "Not saved: …" with a reload link.
 * Until a save succeeds, a copy of the text is kept in localStorage under the article id and version.
 */
export interface AutosaveOptions {
  form: HTMLFormElement;
  status: HTMLElement;
  getBody(): string;
  intervalMs?: number;
}

export function articleIdOf(form: HTMLFormElement): string {
  const match = /\/articles\/([^/]+)/.exec(form.getAttribute('action') ?? '');
  return match?.[1] ?? 'new';
}

export function draftKey(form: HTMLFormElement, version = form.dataset.version ?? '0'): string {
  return `dateline:draft:${articleIdOf(form)}:v${version}`;
}

export function formFields(form: HTMLFormElement, body: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const [name, value] of new FormData(form)) {
    if (name === '_csrf' || typeof value !== 'string') continue;
    const existing = fields[name];
    if (existing === undefined) fields[name] = value;
    else fields[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  fields.body = body;
  fields.version = Number(form.dataset.version ?? fields.version ?? 0);
  return fields;
}

function clock(iso: string | undefined): string {
  const date = iso ? new Date(iso) : new Date();
  const d = Number.isNaN(date.getTime()) ? new Date() : date;
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export function startAutosave(options: AutosaveOptions) {
  const { form, status } = options;
  const url = form.dataset.autosaveUrl;
  let dirty = false;
  let inFlight: Promise<void> | null = null;
  let stopped = false;
  let changeCount = 0;

  function keepLocalCopy() {
    try {
      const fields = formFields(form, options.getBody());
      localStorage.setItem(draftKey(form), JSON.stringify({ savedAt: new Date().toISOString(), fields }));
    } catch {
      // Storage full or disabled: the server copy is all there is.
    }
  }

  function forgetLocalCopy(version: string) {
    try {
      localStorage.removeItem(draftKey(form, version));
    } catch {
      /* ignore */
    }
  }

  function show(message: string, link?: { href: string; text: string }) {
    status.replaceChildren(message);
    if (link) {
      const a = document.createElement('a');
      a.href = link.href;
      a.textContent = link.text;
      status.append(' ', a);
    }
  }

  function save(): Promise<void> {
    if (!url || !dirty || inFlight || stopped) return inFlight ?? Promise.resolve();
    inFlight = send(url).finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  async function send(url: string): Promise<void> {
    const savedChange = changeCount;
    const version = form.dataset.version ?? '0';
    keepLocalCopy();
    const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
    try {
      const response = await fetch(url, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(formFields(form, options.getBody())),
      });
      const data = (await response.json().catch(() => ({}))) as { version?: number; savedAt?: string; message?: string };
      if (response.ok && data.version !== undefined) {
        const next = String(data.version);
        form.dataset.version = next;
        const input = form.querySelector<HTMLInputElement>('input[name="version"]');
        if (input) input.value = next;
        forgetLocalCopy(version);
        if (changeCount === savedChange) dirty = false;
        else keepLocalCopy();
        show(`Saved at ${clock(data.savedAt)}`);
        form.dispatchEvent(new CustomEvent('dateline:autosaved', { detail: data }));
      } else if (response.status === 409) {
        // Someone else saved: stop, keep the local copy, let the writer reload to see their version.
        stopped = true;
        show(`Not saved: ${data.message ?? 'someone else has changed this article'}`, { href: location.href, text: 'Reload the article' });
        form.dispatchEvent(new CustomEvent('dateline:conflict', { detail: data }));
      } else {
        show(`Not saved: ${data.message ?? `the server answered ${response.status}`}. Your text is kept in this browser.`);
      }
    } catch {
      show('Not saved: no connection. Your text is kept in this browser.');
    }
  }

  const timer = setInterval(() => void save(), options.intervalMs ?? 5000);
  let copyTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    /** Something changed: save at the next tick, and keep a local copy soon. */
    changed() {
      dirty = true;
      changeCount++;
      clearTimeout(copyTimer);
      copyTimer = setTimeout(keepLocalCopy, 1000);
    },
    save,
    stop() {
      clearInterval(timer);
      stopped = true;
    },
    /** Resolves once no autosave is on its way (at once when none is). */
    settled: (): Promise<void> => inFlight ?? Promise.resolve(),
    isSaving: () => inFlight !== null,
    /** The form is being submitted normally: the server gets the text; the copy stays until the page changes. */
    isDirty: () => dirty,
  };
}

/** A copy of unsaved text from an earlier visit to this article version, if it differs from what the page has. */
export function findLocalCopy(form: HTMLFormElement, currentBody: string): { savedAt: string; fields: Record<string, unknown> } | null {
  try {
    const raw = localStorage.getItem(draftKey(form));
    if (!raw) return null;
    const copy = JSON.parse(raw) as { savedAt: string; fields: Record<string, unknown> };
    return copy.fields.body !== currentBody ? copy : null;
  } catch {
    return null;
  }
}
