import type { ComponentChildren } from 'preact';
import type { NewsroomChrome } from './chrome.js';

/** The staff side's frame: its own header and navigation, never indexed, styled by site.css plus newsroom.css. */
export function NewsroomLayout(props: {
  chrome: NewsroomChrome;
  title: string;
  children: ComponentChildren;
  scripts?: string[];
  moduleScripts?: string[];
  styles?: string[];
  /** Reload the page every this many seconds (a job's page while it runs; works without JavaScript). */
  refreshSeconds?: number;
}) {
  const { chrome } = props;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <meta name="color-scheme" content="light dark" />
        {props.refreshSeconds ? <meta http-equiv="refresh" content={String(props.refreshSeconds)} /> : null}
        <title>{`${props.title} – Newsroom`}</title>
        <link rel="stylesheet" href={chrome.siteCss} />
        <link rel="stylesheet" href={chrome.newsroomCss} />
        {(props.styles ?? []).map((href) => (
          <link key={href} rel="stylesheet" href={href} />
        ))}
        <link rel="icon" href={chrome.icon} type="image/svg+xml" />
        {(props.scripts ?? []).map((src) => (
          <script key={src} src={src} defer />
        ))}
        {(props.moduleScripts ?? []).map((src) => (
          <script key={src} type="module" src={src} />
        ))}
      </head>
      <body class="newsroom">
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="nr-header">
          <div class="nr-header-inner">
            <a class="nr-brand" href={chrome.staff ? '/newsroom/' : '/newsroom/login'}>
              Newsroom
            </a>
            {chrome.staff ? (
              <nav class="nr-nav" aria-label="Newsroom">
                <ul>
                  {chrome.nav.map((link) => (
                    <li key={link.href}>
                      <a href={link.href} aria-current={link.href === chrome.path ? 'page' : undefined}>
                        {link.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
            {chrome.staff ? (
              <form class="nr-account" method="post" action="/newsroom/logout">
                <span>
                  {chrome.staff.displayName} ({chrome.staff.roleLabel})
                </span>
                <input type="hidden" name="_csrf" value={chrome.csrfToken} />
                <button type="submit" class="nr-button-quiet">
                  Sign out
                </button>
              </form>
            ) : (
              <p class="nr-account">
                <a href="/">Back to the site</a>
              </p>
            )}
          </div>
        </header>
        <main id="main" tabIndex={-1}>
          <div class="nr-page">{props.children}</div>
        </main>
      </body>
    </html>
  );
}
