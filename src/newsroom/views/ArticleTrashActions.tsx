/** Restore, or go to the confirmation that deletes for good: the trash list's row and the trashed article's page. */
export function ArticleTrashActions(props: { id: number; title: string; csrfToken: string }) {
  return (
    <div class="nr-row-actions">
      <form method="post" action={`/newsroom/articles/${props.id}/restore-from-trash`}>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <button type="submit" aria-label={`Restore “${props.title}”`}>
          Restore
        </button>
      </form>
      <a href={`/newsroom/articles/${props.id}/delete`} aria-label={`Delete “${props.title}” permanently`}>
        Delete permanently…
      </a>
    </div>
  );
}
