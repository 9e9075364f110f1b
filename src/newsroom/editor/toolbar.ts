/// <reference lib="dom" />
import type { Editor } from '@tiptap/core';

export interface ToolbarButton {
  id: string;
  label: string;
  text: string;
  /** Shown in the tooltip, e.g. "Ctrl+B". */
  shortcut?: string;
  run(editor: Editor): void;
  /** A toggle: aria-pressed follows it. */
  isActive?(editor: Editor): boolean;
  isEnabled?(editor: Editor): boolean;
}

/**
 * A toolbar of real buttons (role=toolbar, roving tabindex: Tab reaches it once, arrows, Home and End move along it).
 * Toggles carry aria-pressed; refresh() brings their state in line with the selection.
 */
export function createToolbar(editor: Editor, groups: ToolbarButton[][], label: string) {
  const bar = document.createElement('div');
  bar.className = 'rte-toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', label);
  const buttons: { def: ToolbarButton; el: HTMLButtonElement }[] = [];
  for (const group of groups) {
    const wrap = document.createElement('span');
    wrap.className = 'rte-group';
    for (const def of group) {
      const el = document.createElement('button');
      el.type = 'button';
      el.className = `rte-button rte-${def.id}`;
      el.dataset.command = def.id;
      el.textContent = def.text;
      el.setAttribute('aria-label', def.label);
      el.title = def.shortcut ? `${def.label} (${def.shortcut})` : def.label;
      if (def.isActive) el.setAttribute('aria-pressed', 'false');
      el.tabIndex = buttons.length === 0 ? 0 : -1;
      // Keep the editor's selection when a button is clicked with the mouse.
      el.addEventListener('mousedown', (event) => event.preventDefault());
      el.addEventListener('click', () => {
        if (el.getAttribute('aria-disabled') === 'true') return;
        def.run(editor);
        refresh();
      });
      wrap.append(el);
      buttons.push({ def, el });
    }
    bar.append(wrap);
  }

  bar.addEventListener('keydown', (event) => {
    const index = buttons.findIndex((b) => b.el === document.activeElement);
    if (index < 0) return;
    let next = index;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = (index + 1) % buttons.length;
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = (index - 1 + buttons.length) % buttons.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = buttons.length - 1;
    else if (event.key === 'Enter' || event.key === ' ') {
      // Press on keydown and swallow the key, so that it never reaches the text once the command has focused it.
      event.preventDefault();
      buttons[index]?.el.click();
      return;
    } else return;
    event.preventDefault();
    focusButton(next);
  });

  function focusButton(index: number) {
    buttons.forEach((b, i) => (b.el.tabIndex = i === index ? 0 : -1));
    buttons[index]?.el.focus();
  }

  let scheduled = false;
  function refresh() {
    for (const { def, el } of buttons) {
      if (def.isActive) el.setAttribute('aria-pressed', String(def.isActive(editor)));
      // aria-disabled, not disabled: a disabled button could not take focus in the roving toolbar.
      if (def.isEnabled) el.setAttribute('aria-disabled', String(!def.isEnabled(editor)));
    }
  }
  /** At most once a frame, however many transactions come in. */
  function scheduleRefresh() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      refresh();
    });
  }
  return { element: bar, refresh, scheduleRefresh };
}
