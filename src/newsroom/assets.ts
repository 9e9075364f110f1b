import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { type AssetManifest, loadAssets } from '../web/assets.js';

/** The newsroom's own static files, content-hashed like the site's and served under /newsroom/assets/. */
export const NEWSROOM_ASSETS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'assets');
export const NEWSROOM_ASSETS_PREFIX = '/newsroom/assets/';
/** The article editor's bundle (editor.js, editor.css), built by `npm run build:editor` (vite.editor.config.ts). */
export const EDITOR_BUILD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../build/newsroom');

export function loadNewsroomAssets(editorBuildDir = EDITOR_BUILD_DIR): AssetManifest {
  const manifest = loadAssets(NEWSROOM_ASSETS_DIR);
  // The built editor bundle joins the manifest when it exists; without it the edit form is a plain textarea.
  const editor = fs.existsSync(editorBuildDir) ? loadAssets(editorBuildDir) : null;
  const prefixed = (url: string) => NEWSROOM_ASSETS_PREFIX + url.slice('/assets/'.length);
  return {
    // loadAssets names URLs under /assets/; these files are served from the newsroom's own route.
    url: (name) => {
      if (editor && (name === 'editor.js' || name === 'editor.css')) return prefixed(editor.url(name));
      return prefixed(manifest.url(name));
    },
    byHashedName: (hashedName) => manifest.byHashedName(hashedName) ?? editor?.byHashedName(hashedName),
  };
}

let warnedMissingEditor = false;

/**
 * What a page with the rich article editor adds to NewsroomLayout: `<NewsroomLayout {...editorAssets(assets)}>`.
 * When the bundle was not built, nothing: the form works as a plain textarea (and a warning is logged once).
 */
export function editorAssets(assets: AssetManifest): { moduleScripts: string[]; styles: string[] } {
  try {
    return { moduleScripts: [assets.url('editor.js')], styles: [assets.url('editor.css')] };
  } catch {
    if (!warnedMissingEditor) {
      warnedMissingEditor = true;
      console.warn('[dateline] The article editor bundle is missing (npm run build:editor); article bodies are edited as plain HTML.');
    }
    return { moduleScripts: [], styles: [] };
  }
}
