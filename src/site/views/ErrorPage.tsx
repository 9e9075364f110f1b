/**
 * The page for failures. It depends on nothing that could itself have failed (no database, no settings), and it
 * never shows error details: those go to the log under the request id shown here.
 */
export function ErrorPage(props: { status: number; title: string; message: string; requestId: string; cssUrl: string | null }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{props.title}</title>
        {props.cssUrl ? <link rel="stylesheet" href={props.cssUrl} /> : null}
      </head>
      <body>
        <main id="main" class="error-page">
          <p class="archive-label">Error {props.status}</p>
          <h1>{props.title}</h1>
          <p>{props.message}</p>
          <p>
            <a href="/">Go to the front page</a>
          </p>
          <p class="error-ref">Reference: {props.requestId}</p>
        </main>
      </body>
    </html>
  );
}
