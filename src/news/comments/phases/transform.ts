import { commentTextToHtml, normalizeCommentText, normalizeLine } from '../comment-text.js';
import type { Phase } from '../pipeline.types.js';

/** Stage 2: transforms. They shape the text and never decide a status. */

export const normalize: Phase = {
  name: 'normalize',
  run(draft) {
    return {
      draft: {
        ...draft,
        body: normalizeCommentText(draft.body),
        name: normalizeLine(draft.name),
        email: normalizeLine(draft.email).toLowerCase(),
        url: normalizeLine(draft.url),
      },
    };
  },
};

export const linkUrls: Phase = {
  name: 'link-urls',
  run(draft) {
    return { draft: { ...draft, bodyHtml: commentTextToHtml(draft.body) } };
  },
};
