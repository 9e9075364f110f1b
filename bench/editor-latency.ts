/**
 * `npm run bench:editor`: keystroke latency of the article editor in Chromium (a benchmark, not a test).
 *
 * For each article size (1,000, 5,000 and 10,000 words of generated paragraphs) it opens the editor's harness page
 * (src/newsroom/editor/harness.ts: the built bundle on a form matching the edit page's contract), puts the cursor
 * at the end and then in the middle of the body, and types 200 characters in each place through Chromium's input
 * pipeline (CDP Input.dispatchKeyEvent, as a person typing). Inside the page, each keystroke is timed from its
 * keydown (event.timeStamp, when the browser received the key) to the next animation frame after the editor
 * updated the DOM (performance.now() in a requestAnimationFrame callback queued from the update). Prints p50, p95
 * and max per size and place; target: p95 under 50 ms at 5,000 words. Options: --words 1000,5000 --chars 200.
 */
import { parseArgs } from 'node:util';
import { editorBundleBuilt, startEditorHarness } from '../src/newsroom/editor/harness.js';
import { chromiumAvailable, launchChromium } from '../test/helpers/browser.js';

const { values } = parseArgs({ options: { words: { type: 'string', default: '1000,5000,10000' }, chars: { type: 'string', default: '200' } } });
const sizes = values.words.split(',').map(Number);
const chars = Number(values.chars);
const TARGET_MS = 50;

if (!chromiumAvailable) {
  console.error("No Chromium: install Debian's chromium or set CHROMIUM_PATH.");
  process.exit(1);
}
if (!editorBundleBuilt()) {
  console.error('The editor bundle is not built: npm run build:editor');
  process.exit(1);
}

const TEXT = 'The minister said the plan would be reviewed next year, and that residents would be consulted first. ';

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const browser = await launchChromium();
const rows: { words: number; where: string; n: number; p50: number; p95: number; max: number }[] = [];
try {
  for (const words of sizes) {
    const harness = await startEditorHarness({ words });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(harness.url);
    await page.waitForSelector('textarea[data-rich-editor-ready="true"]', { state: 'attached' });
    // The timer: keydown timestamp -> first animation frame after the editor's DOM changed.
    await page.evaluate(() => {
      const w = window as unknown as { __latencies: number[] };
      w.__latencies = [];
      const content = document.querySelector('.rte-content')!;
      let pending: number | null = null;
      content.addEventListener('keydown', (event) => void (pending = (event as KeyboardEvent).timeStamp), true);
      new MutationObserver(() => {
        if (pending === null) return;
        const start = pending;
        pending = null;
        requestAnimationFrame(() => w.__latencies.push(performance.now() - start));
      }).observe(content, { childList: true, subtree: true, characterData: true });
    });
    const actualWords = await page.evaluate(() => document.querySelector('.rte-stats')?.textContent ?? '');
    for (const where of ['end', 'middle'] as const) {
      await page.evaluate((where) => {
        const editor = window.datelineEditor!;
        const size = editor.state.doc.content.size;
        if (where === 'end') editor.commands.focus('end');
        else {
          // The end of the paragraph nearest the middle of the document.
          let target = 1;
          editor.state.doc.descendants((node, pos) => {
            if (node.isTextblock && pos < size / 2) target = pos + node.nodeSize - 1;
            return !node.isTextblock;
          });
          editor.chain().focus().setTextSelection(target).run();
        }
        (window as unknown as { __latencies: number[] }).__latencies = [];
      }, where);
      await page.waitForTimeout(300);
      for (let i = 0; i < chars; i++) {
        await page.keyboard.type(TEXT[i % TEXT.length]!);
      }
      await page.waitForTimeout(700);
      const latencies = (await page.evaluate(() => (window as unknown as { __latencies: number[] }).__latencies)).sort((a, b) => a - b);
      rows.push({ words, where, n: latencies.length, p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: latencies.at(-1) ?? NaN });
    }
    console.log(`${words} words requested; editor shows "${actualWords}"`);
    await page.close();
    await harness.close();
  }
} finally {
  await browser.close();
}

console.log(`\nKeystroke latency, keydown -> next animation frame after the DOM update (${chars} characters each, Chromium ${browser.version()})`);
console.log('words   where    n    p50 ms  p95 ms  max ms');
for (const r of rows) {
  console.log(
    `${String(r.words).padEnd(7)} ${r.where.padEnd(7)} ${String(r.n).padStart(4)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(7)} ${r.max.toFixed(1).padStart(7)}${r.p95 >= TARGET_MS ? '  over target' : ''}`,
  );
}
