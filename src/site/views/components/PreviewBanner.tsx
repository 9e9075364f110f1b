import type { ArticleStatus } from '../../../news/vocabulary.js';

/** What the article page shows staff in a preview: where to go back to (the newsroom's edit page). */
export interface PreviewMode {
  backHref: string;
}

/** The strip across the top of a preview, styled by `.preview-banner` in site.css (no inline style: the CSP refuses it). */
export function PreviewBanner(props: { preview: PreviewMode; status: ArticleStatus }) {
  return (
    <p class="preview-banner" role="note">
      Preview ({props.status}) – not what readers see until it is published. <a href={props.preview.backHref}>Back to editing</a>
    </p>
  );
}
