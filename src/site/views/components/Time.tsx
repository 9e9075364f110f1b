import { formatDisplayDate } from '../../../news/shared/date-format.js';
import type { SiteChrome } from '../chrome.js';

export function Time(props: { iso: string; chrome: SiteChrome; withTime?: boolean }) {
  const { iso, chrome } = props;
  // The text follows the dateFormat setting; the datetime attribute stays ISO for machines.
  return <time datetime={iso}>{formatDisplayDate(iso, chrome, props.withTime)}</time>;
}
