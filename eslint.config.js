// ESLint: a few rules that catch real mistakes, with the TypeScript type checker behind them. Formatting is
// Prettier's job (.prettierrc); eslint-config-prettier keeps any formatting rule switched off.
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier/flat';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['build/', 'data/', 'dist/', 'coverage/', 'bench/results/']),
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: {
        // One program for everything tsconfig.json includes (src, test, bench, vitest.config.ts; the editor's browser
        // files bring in the DOM lib with `/// <reference lib="dom" />`). The few files outside it get a default one.
        projectService: {
          allowDefaultProject: [
            'eslint.config.js',
            'vite.editor.config.ts',
            'bin/*.js',
            'src/newsroom/editor/*.mjs',
            'src/interop/wxr/*.mjs',
            'src/site/assets/*.js',
            'src/newsroom/assets/*.js',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // A promise nobody awaits loses its rejection (an unhandled rejection ends the process).
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function where a callback's result is ignored (setInterval, addEventListener) loses it the same way.
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Classic scripts served as they are to browsers, not modules.
    files: ['src/site/assets/*.js', 'src/newsroom/assets/*.js'],
    languageOptions: { sourceType: 'script' },
  },
  prettier,
);
