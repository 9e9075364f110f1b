import { formatDate, formatDateTime } from '../../format.js';
import type { SiteChrome } from '../chrome.js';

export function Time(props: { iso: string; chrome: SiteChrome; withTime?: boolean }) {
  const { iso, chrome } = props;
  const text = props.withTime ? formatDateTime(iso, chrome.timeZone, chrome.language) : formatDate(iso, chrome.timeZone, chrome.language);
  return <time datetime={iso}>{text}</time>;
}
