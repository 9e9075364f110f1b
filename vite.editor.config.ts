import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The newsroom's article editor (src/newsroom/editor/main.ts) as one ES module plus one stylesheet in
 * build/newsroom/ (gitignored). src/newsroom/assets.ts serves them under content-hashed names.
 * Built by `npm run build:editor`; `prepare`, `prestart` and `pretest` run src/newsroom/editor/ensure-built.ts.
 */
export default defineConfig({
  configFile: false,
  publicDir: false,
  logLevel: 'warn',
  // Library mode leaves process.env.NODE_ENV alone; the bundle runs in a browser.
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: fileURLToPath(new URL('./build/newsroom', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    minify: true,
    cssCodeSplit: false,
    // Library mode keeps whitespace in ES output; this file is served as is, so minify it fully.
    rolldownOptions: { output: { minify: true } },
    lib: {
      entry: fileURLToPath(new URL('./src/newsroom/editor/main.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'editor.js',
      cssFileName: 'editor',
    },
  },
});
