export function SearchForm(props: { query: string; idPrefix: string }) {
  const id = `${props.idPrefix}-search-q`;
  return (
    <form class="search-form" role="search" method="get" action="/search">
      <label for={id}>Search stories</label>
      <div class="search-row">
        <input id={id} type="search" name="q" value={props.query} maxLength={200} autocomplete="off" />
        <button type="submit">Search</button>
      </div>
    </form>
  );
}
