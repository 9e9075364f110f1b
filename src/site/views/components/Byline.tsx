import type { AuthorRef } from '../../../news/articles/article.types.js';
import { authorPath } from '../../../news/shared/paths.js';

/** "By A", "By A and B", "By A, B and C", each name linking to the author's page. */
export function Byline(props: { authors: AuthorRef[]; link?: boolean }) {
  const { authors } = props;
  if (!authors.length) return null;
  return (
    <span class="byline">
      By{' '}
      {authors.map((author, index) => (
        <>
          {index > 0 ? (index === authors.length - 1 ? ' and ' : ', ') : null}
          {props.link === false ? (
            <span>{author.displayName}</span>
          ) : (
            <a href={authorPath(author.slug)} rel="author">
              {author.displayName}
            </a>
          )}
        </>
      ))}
    </span>
  );
}
