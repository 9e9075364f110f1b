import type { ComponentChildren } from 'preact';

/** The message at the top of a page: what was done (a polite status) or what went wrong (an alert). */
export function Notice(props: { kind: 'ok' | 'error'; children: ComponentChildren }) {
  return props.kind === 'ok' ? (
    <p class="nr-notice nr-notice-ok" role="status">
      {props.children}
    </p>
  ) : (
    <p class="nr-notice nr-notice-error" role="alert">
      {props.children}
    </p>
  );
}
