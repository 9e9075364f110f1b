import type { CommentDraft } from '../pipeline.types.js';

/**
 * Matches a moderator's list (one entry per line) against a comment. An entry with @ matches the email (exactly, or
 * a whole domain as "@example.com"); an IP or IP prefix ("203.0.113.") matches the address; anything else matches
 * whole words in the text, name or website, ignoring case. Returns the entry that matched.
 */
export function matchList(list: string, draft: CommentDraft, ip: string): string | null {
  const text = `${draft.body}\n${draft.name}\n${draft.url}`.toLowerCase();
  for (const raw of list.split('\n')) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry.includes('@')) {
      if (entry.startsWith('@') ? draft.email.endsWith(entry) : draft.email === entry) return raw.trim();
    } else if (/^[0-9.]+$|^[0-9a-f:]+:[0-9a-f:]*$/.test(entry)) {
      if (ip.toLowerCase().startsWith(entry)) return raw.trim();
    } else if (new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(entry)}($|[^\\p{L}\\p{N}])`, 'u').test(text)) {
      return raw.trim();
    }
  }
  return null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
