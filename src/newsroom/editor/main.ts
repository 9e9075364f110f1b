/// <reference lib="dom" />
/**
 * The newsroom's article editor: TipTap on the edit form's `textarea[data-rich-editor]` in #article-form.
 * The textarea stays the source of truth for the form: it is hidden and kept in step with the editor (debounced
 * while typing, and always on submit), so a plain form POST sends the body's HTML. Without this bundle the
 * textarea works on its own.
 */
import { Editor, type JSONContent } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';
import StarterKit from '@tiptap/starter-kit';
import { slugify } from '../../news/shared/slug.js';
import { findLocalCopy, startAutosave } from './autosave.js';
import { startPresence } from './presence.js';
import { chooseImage } from './media-dialog.js';
import { EmbedCard, hostOf, ImageFigure, PullQuote, safeUrl } from './nodes.js';
import { countWords, statsText } from './stats.js';
import { createToolbar, type ToolbarButton } from './toolbar.js';
import './editor.css';

declare global {
  interface Window {
    /** The mounted editor, for the browser test and the keystroke benchmark. */
    datelineEditor?: Editor;
  }
}

const SYNC_DELAY_MS = 400;
const STATS_DELAY_MS = 250;

export function mountArticleEditor(form: HTMLFormElement, textarea: HTMLTextAreaElement): Editor {
  const label = form.querySelector(`label[for="${textarea.id}"]`)?.textContent?.trim() || 'Body';

  const wrapper = document.createElement('div');
  wrapper.className = 'rte';
  const surface = document.createElement('div');
  surface.className = 'rte-surface';
  const statusBar = document.createElement('div');
  statusBar.className = 'rte-statusbar';
  const stats = document.createElement('p');
  stats.className = 'rte-stats';
  stats.setAttribute('role', 'status');
  stats.setAttribute('aria-live', 'polite');
  const saveStatus = document.createElement('p');
  saveStatus.className = 'rte-save-status';
  saveStatus.setAttribute('role', 'status');
  saveStatus.setAttribute('aria-live', 'polite');
  statusBar.append(stats, saveStatus);

  const editor = new Editor({
    element: surface,
    // TipTap would add a <style> element, which the site's CSP (style-src 'self') refuses: editor.css has its rules.
    injectCSS: false,
    content: textarea.value,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        codeBlock: false,
        code: false,
        horizontalRule: false,
        strike: false,
        underline: false,
        link: {
          openOnClick: false,
          autolink: true,
          defaultProtocol: 'https',
          protocols: ['mailto'],
          HTMLAttributes: { target: null, rel: null, class: null },
          isAllowedUri: (url) => safeUrl(url) !== null,
        },
      }),
      PullQuote,
      ImageFigure,
      EmbedCard,
    ],
    editorProps: {
      attributes: {
        class: 'rte-content article-body',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
        spellcheck: 'true',
      },
    },
  });

  // An empty doc is '', and the empty paragraph left after a figure at the end is dropped (the server drops it too).
  const html = () => (editor.isEmpty ? '' : editor.getHTML().replace(/(?:<p><\/p>)+$/, ''));

  // --- the toolbar -------------------------------------------------------------------------------------------
  const groups: ToolbarButton[][] = [
    [
      { id: 'paragraph', label: 'Paragraph', text: '¶', run: (e) => e.chain().focus().setParagraph().run(), isActive: (e) => e.isActive('paragraph') },
      {
        id: 'h2',
        label: 'Heading 2',
        text: 'H2',
        run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
        isActive: (e) => e.isActive('heading', { level: 2 }),
      },
      {
        id: 'h3',
        label: 'Heading 3',
        text: 'H3',
        run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
        isActive: (e) => e.isActive('heading', { level: 3 }),
      },
    ],
    [
      { id: 'bold', label: 'Bold', text: 'B', shortcut: 'Ctrl+B', run: (e) => e.chain().focus().toggleBold().run(), isActive: (e) => e.isActive('bold') },
      {
        id: 'italic',
        label: 'Italic',
        text: 'I',
        shortcut: 'Ctrl+I',
        run: (e) => e.chain().focus().toggleItalic().run(),
        isActive: (e) => e.isActive('italic'),
      },
      { id: 'link', label: 'Link', text: 'Link', shortcut: 'Ctrl+K', run: (e) => editLink(e), isActive: (e) => e.isActive('link') },
    ],
    [
      {
        id: 'bullet-list',
        label: 'Bulleted list',
        text: '• List',
        run: (e) => e.chain().focus().toggleBulletList().run(),
        isActive: (e) => e.isActive('bulletList'),
      },
      {
        id: 'ordered-list',
        label: 'Numbered list',
        text: '1. List',
        run: (e) => e.chain().focus().toggleOrderedList().run(),
        isActive: (e) => e.isActive('orderedList'),
      },
      {
        id: 'blockquote',
        label: 'Block quote',
        text: '“ Quote',
        run: (e) => e.chain().focus().toggleBlockquote().run(),
        isActive: (e) => e.isActive('blockquote'),
      },
      {
        id: 'pullquote',
        label: 'Pull quote',
        text: 'Pull quote',
        run: (e) => e.chain().focus().toggleWrap('pullQuote').run(),
        isActive: (e) => e.isActive('pullQuote'),
      },
    ],
    [
      { id: 'image', label: 'Image from the media library', text: 'Image', run: (e) => void insertImage(e) },
      { id: 'embed', label: 'Embed a link card', text: 'Embed', run: (e) => insertEmbed(e) },
    ],
    [
      { id: 'undo', label: 'Undo', text: '↶', shortcut: 'Ctrl+Z', run: (e) => e.chain().focus().undo().run(), isEnabled: (e) => e.can().undo() },
      { id: 'redo', label: 'Redo', text: '↷', shortcut: 'Ctrl+Shift+Z', run: (e) => e.chain().focus().redo().run(), isEnabled: (e) => e.can().redo() },
    ],
  ];
  const toolbar = createToolbar(editor, groups, `${label} formatting`);

  function editLink(e: Editor) {
    const current = e.getAttributes('link').href as string | undefined;
    const answer = window.prompt('Link address (http://, https:// or mailto:). Leave empty to remove the link.', current ?? 'https://');
    if (answer === null) return void e.commands.focus();
    if (answer.trim() === '' || answer.trim() === 'https://') return void e.chain().focus().extendMarkRange('link').unsetLink().run();
    const href = safeUrl(answer);
    if (!href) {
      window.alert('Links must start with http://, https:// or mailto:');
      return void e.commands.focus();
    }
    if (e.state.selection.empty && !e.isActive('link')) {
      e.chain()
        .focus()
        .insertContent({ type: 'text', text: answer.trim(), marks: [{ type: 'link', attrs: { href } }] })
        .run();
    } else {
      e.chain().focus().extendMarkRange('link').setLink({ href }).run();
    }
  }

  async function insertImage(e: Editor) {
    const attrs = await chooseImage();
    if (attrs) insertBlock(e, { type: 'imageFigure', attrs });
    else e.commands.focus();
  }

  function insertEmbed(e: Editor) {
    const answer = window.prompt('Address of the page to embed as a link card (http:// or https://)', 'https://');
    if (answer === null || answer.trim() === '' || answer.trim() === 'https://') return void e.commands.focus();
    const url = safeUrl(answer, ['http:', 'https:']);
    if (!url) {
      window.alert('Embeds must be http:// or https:// addresses');
      return void e.commands.focus();
    }
    insertBlock(e, { type: 'embedCard', attrs: { url, host: hostOf(url) } });
  }

  /** Inserts a figure and puts the cursor in the text block after it (adding an empty paragraph at the end). */
  function insertBlock(e: Editor, node: JSONContent) {
    // Focus first: focusing afterwards lets the browser's old DOM selection win over the one set here.
    e.view.focus();
    e.chain()
      .insertContent(node)
      .command(({ tr }) => {
        // After insertContent the cursor is just after the new node, or the node itself is selected.
        let pos = tr.selection.to;
        const after = tr.doc.resolve(pos).nodeAfter;
        if (!after || !after.isTextblock) {
          tr.insert(pos, e.schema.nodes.paragraph!.create());
        }
        pos += 1;
        tr.setSelection(TextSelection.near(tr.doc.resolve(Math.min(pos, tr.doc.content.size)), 1));
        tr.scrollIntoView();
        return true;
      })
      .run();
  }

  // Ctrl+K for a link; Alt+F10 moves to the toolbar (the usual shortcut for an editor's toolbar).
  surface.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      editLink(editor);
    } else if (event.altKey && event.key === 'F10') {
      event.preventDefault();
      toolbar.element.querySelector<HTMLButtonElement>('button[tabindex="0"]')?.focus();
    }
  });

  // --- keeping the textarea, the counts and autosave in step ----------------------------------------------------
  let syncTimer: ReturnType<typeof setTimeout> | undefined;
  let statsTimer: ReturnType<typeof setTimeout> | undefined;
  const sync = () => {
    clearTimeout(syncTimer);
    textarea.value = html();
  };
  const updateStats = () => {
    stats.textContent = statsText(countWords(editor.state.doc.textBetween(0, editor.state.doc.content.size, ' ', ' ')));
  };
  const autosave = startAutosave({ form, status: saveStatus, getBody: () => (sync(), textarea.value) });

  editor.on('update', () => {
    clearTimeout(syncTimer);
    syncTimer = setTimeout(sync, SYNC_DELAY_MS);
    clearTimeout(statsTimer);
    statsTimer = setTimeout(updateStats, STATS_DELAY_MS);
    autosave.changed();
  });
  editor.on('transaction', () => toolbar.scheduleRefresh());
  form.addEventListener('input', (event) => {
    if (event.target !== textarea && !surface.contains(event.target as Node)) autosave.changed();
  });
  // Every button of the form saves it (then publishes, schedules, ...). A submit while an autosave is on its way
  // waits for it, so the post carries the version that autosave produced; otherwise the server would take the
  // writer's own autosave for someone else's save and refuse the post. No autosave starts once the form is sent.
  let sending = false;
  form.addEventListener('submit', (event) => {
    sync();
    if (sending) return;
    autosave.stop();
    if (!autosave.isSaving()) return;
    event.preventDefault();
    const submitter = event.submitter instanceof HTMLButtonElement ? event.submitter : null;
    void autosave.settled().then(() => {
      sending = true;
      form.requestSubmit(submitter);
    });
  });
  form.addEventListener('formdata', sync);
  const presence = document.querySelector<HTMLElement>('.nr-presence[data-presence-url]');
  if (presence) startPresence(form, presence);

  // --- the slug follows the headline until someone edits it ---------------------------------------------------
  const title = form.querySelector<HTMLInputElement>('#title');
  const slug = form.querySelector<HTMLInputElement>('#slug');
  if (title && slug && slug.value.trim() === '') {
    let touched = false;
    slug.addEventListener('input', () => (touched = true));
    title.addEventListener('input', () => {
      if (!touched) slug.value = slugify(title.value);
    });
  }

  // --- an unsaved copy from an earlier visit -------------------------------------------------------------------
  const copy = findLocalCopy(form, textarea.value);
  if (copy && typeof copy.fields.body === 'string') {
    const notice = document.createElement('p');
    notice.className = 'rte-restore';
    notice.textContent = `This browser has unsaved text from ${new Date(copy.savedAt).toLocaleString('en-GB')}. `;
    const restore = document.createElement('button');
    restore.type = 'button';
    restore.textContent = 'Restore it';
    restore.addEventListener('click', () => {
      editor.commands.setContent(copy.fields.body as string, { emitUpdate: true });
      if (title && typeof copy.fields.title === 'string') title.value = copy.fields.title;
      notice.remove();
    });
    notice.append(restore);
    wrapper.append(notice);
  }

  textarea.hidden = true;
  textarea.required = false;
  wrapper.append(toolbar.element, surface, statusBar);
  textarea.after(wrapper);
  updateStats();
  toolbar.refresh();
  textarea.dataset.richEditorReady = 'true';
  window.datelineEditor = editor;
  return editor;
}

function start() {
  const form = document.querySelector<HTMLFormElement>('form#article-form');
  const textarea = form?.querySelector<HTMLTextAreaElement>('textarea[data-rich-editor]');
  if (form && textarea) mountArticleEditor(form, textarea);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
