import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';

/** A short page that explains why something cannot be done here, with where to go instead. */
export function MessagePage(props: { chrome: NewsroomChrome; title: string; message: string; links: { href: string; label: string }[] }) {
  return (
    <NewsroomLayout chrome={props.chrome} title={props.title}>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      <ul class="nr-links">
        {props.links.map((link) => (
          <li key={link.href}>
            <a href={link.href}>{link.label}</a>
          </li>
        ))}
      </ul>
    </NewsroomLayout>
  );
}
