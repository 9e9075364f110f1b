import type { ComponentChildren } from 'preact';
import { formatDisplayDate } from '../../news/shared/date-format.js';
import { headTags } from '../seo/head.js';
import type { PageMeta, SiteChrome } from './chrome.js';
import { SearchForm } from './components/SearchForm.js';
import { sectionPath, staticPagePath } from '../../news/shared/paths.js';

export function Layout(props: {
  chrome: SiteChrome;
  meta: PageMeta;
  children: ComponentChildren;
  scripts?: string[];
  /** Above the masthead, across the page: what this page is when it is not what readers see (a preview). */
  banner?: ComponentChildren;
}) {
  const { chrome } = props;
  // Title, description, canonical URL, robots, feeds, Open Graph and JSON-LD: built as data by seo/head.ts.
  const head = headTags(chrome, props.meta);
  const year = new Date(chrome.now).getUTCFullYear();
  return (
    <html lang={chrome.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{head.title}</title>
        <meta name="description" content={head.description} />
        <link rel="canonical" href={head.canonical} />
        {head.robots ? <meta name="robots" content={head.robots} /> : null}
        <meta name="color-scheme" content="light dark" />
        <link rel="stylesheet" href={chrome.assets.css} />
        <link rel="icon" href={chrome.assets.icon} type="image/svg+xml" />
        {head.feeds.map((feed) => (
          <link key={feed.href} rel="alternate" type={feed.type} title={feed.title} href={feed.href} />
        ))}
        {head.meta.map((tag, i) => (
          <meta key={i} {...tag} />
        ))}
        {head.jsonLd.map((json, i) => (
          // Data, not script: escaped for HTML by jsonLdText, and never executed (so the CSP has nothing to block).
          <script key={i} type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }} />
        ))}
        {(props.scripts ?? []).map((src) => (
          <script key={src} src={src} defer />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        {props.banner ?? null}
        <header class="masthead">
          <div class="masthead-inner">
            <p class="masthead-date">{formatDisplayDate(chrome.now, chrome)}</p>
            <a class={chrome.logo ? 'site-title site-logo' : 'site-title'} href="/">
              {chrome.logo ? (
                <img
                  src={chrome.logo.url}
                  srcset={chrome.logo.srcset ? `${chrome.logo.srcset}, ${chrome.logo.url} ${chrome.logo.width}w` : undefined}
                  sizes={chrome.logo.srcset ? '(max-width: 40rem) 80vw, 30rem' : undefined}
                  width={chrome.logo.width}
                  height={chrome.logo.height}
                  alt={chrome.siteTitle}
                />
              ) : (
                chrome.siteTitle
              )}
            </a>
            <p class="tagline">{chrome.tagline}</p>
          </div>
          <nav class="site-nav" aria-label="Sections">
            <ul>
              <li>
                <a href="/">Home</a>
              </li>
              {chrome.sections.map((section) => (
                <li key={section.slug}>
                  <a href={sectionPath(section.slug)}>{section.name}</a>
                </li>
              ))}
              <li class="nav-search">
                <a href="/search">Search</a>
              </li>
            </ul>
          </nav>
        </header>
        <main id="main" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="footer-inner">
            <nav aria-label="Site">
              <h2 class="footer-heading">Sections</h2>
              <ul>
                {chrome.sections.map((section) => (
                  <li key={section.slug}>
                    <a href={sectionPath(section.slug)}>{section.name}</a>
                    {section.children.length ? (
                      <ul>
                        {section.children.map((child) => (
                          <li key={child.slug}>
                            <a href={sectionPath(child.slug)}>{child.name}</a>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ul>
            </nav>
            <nav aria-label="About this site">
              <h2 class="footer-heading">About</h2>
              <ul>
                {chrome.pages.map((page) => (
                  <li key={page.slug}>
                    <a href={staticPagePath(page.slug)}>{page.title}</a>
                  </li>
                ))}
              </ul>
            </nav>
            <div>
              <h2 class="footer-heading">Search</h2>
              <SearchForm query="" idPrefix="footer" />
            </div>
          </div>
          <p class="copyright">
            © {year} {chrome.siteTitle}. Published with Dateline.
          </p>
        </footer>
      </body>
    </html>
  );
}
