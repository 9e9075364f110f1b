import type { SectionListItem } from '../../news/taxonomy/taxonomy.service.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { Notice } from './Notice.js';
import { ColumnHeads } from './ColumnHeads.js';
import { sectionPath } from '../../news/shared/paths.js';

export const COMMENT_POLICY_LABELS = { open: 'Open', premoderated: 'Premoderated', closed: 'Closed' } as const;

const articles = (n: number) => (n === 1 ? '1 article' : `${n.toLocaleString('en')} articles`);

/** Moves a section one place among its siblings: a plain form, so it works without JavaScript. */
function MoveButton(props: { id: number; name: string; direction: 'up' | 'down'; csrfToken: string }) {
  return (
    <form method="post" action={`/newsroom/sections/${props.id}/move`} class="nr-inline">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      <input type="hidden" name="direction" value={props.direction} />
      <button type="submit" class="nr-button-quiet" aria-label={`Move ${props.name} ${props.direction}`}>
        {props.direction === 'up' ? '↑ Up' : '↓ Down'}
      </button>
    </form>
  );
}

/** Every section as an indented tree in the site's order, with its address, comment policy and article count. */
export function SectionsPage(props: { chrome: NewsroomChrome; sections: SectionListItem[]; notice: string | null }) {
  const { csrfToken } = props.chrome;
  return (
    <NewsroomLayout chrome={props.chrome} title="Sections">
      <h1>Sections</h1>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      <p>
        <a class="nr-button" href="/newsroom/sections/new">
          New section
        </a>
      </p>
      {props.sections.length ? (
        <table class="nr-table nr-sections">
          <caption>In the order the site shows them; subsections are indented under their section.</caption>
          <ColumnHeads names={['Section', 'Address', 'Comments', 'Articles', 'Order']} />
          <tbody>
            {props.sections.map((section) => (
              <tr key={section.id} id={`section-${section.id}`}>
                <th scope="row" class={`nr-depth-${Math.min(section.depth, 5)}`}>
                  {section.depth > 0 ? <span aria-hidden="true">{'– '.repeat(section.depth)}</span> : null}
                  <a href={`/newsroom/sections/${section.id}/edit`}>{section.name}</a>
                </th>
                <td>
                  <a href={sectionPath(section.slug)}>/section/{section.slug}/</a>
                </td>
                <td>{COMMENT_POLICY_LABELS[section.commentPolicy]}</td>
                <td>{articles(section.articleCount)}</td>
                <td class="nr-order">
                  {section.firstAmongSiblings ? null : <MoveButton id={section.id} name={section.name} direction="up" csrfToken={csrfToken} />}
                  {section.lastAmongSiblings ? null : <MoveButton id={section.id} name={section.name} direction="down" csrfToken={csrfToken} />}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>There are no sections yet.</p>
      )}
    </NewsroomLayout>
  );
}
