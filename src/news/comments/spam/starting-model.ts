/** The shipped starting model (built by build-model.ts), read once and cached. */
import { readFileSync } from 'node:fs';
import { parseModel, type SpamModel } from './model.js';

let cached: SpamModel | undefined;

/**
 * The starting model. Cached and shared: callers that `learn` on it change it
 * for everyone in this process; parse a copy (`parseModel(stringifyModel(m))`)
 * if that is not wanted.
 */
export function loadStartingModel(): SpamModel {
  cached ??= parseModel(readFileSync(new URL('./starting-model.json', import.meta.url), 'utf8'));
  return cached;
}
