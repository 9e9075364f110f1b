import type { MediaItem } from '../../news/media/media.types.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';

export interface UploadFormValues {
  alt: string;
  caption: string;
  credit: string;
}

/** The media library: an upload form, a search box and a grid of images, newest first. */
export function MediaLibraryPage(props: {
  chrome: NewsroomChrome;
  items: MediaItem[];
  q: string;
  maxSizeLabel: string;
  notice: string | null;
  uploadError?: string;
  values?: UploadFormValues;
}) {
  const values = props.values ?? { alt: '', caption: '', credit: '' };
  return (
    <NewsroomLayout chrome={props.chrome} title="Media">
      <h1>Media</h1>
      {props.notice ? (
        <p class="nr-notice nr-notice-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <section aria-labelledby="upload-heading">
        <h2 id="upload-heading">Upload an image</h2>
        {props.uploadError ? (
          <p class="nr-notice nr-notice-error" role="alert" id="file-error">
            {props.uploadError}
          </p>
        ) : null}
        <form method="post" action="/newsroom/media" enctype="multipart/form-data" class="nr-media-upload">
          <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
          <div class="nr-field">
            <label for="media-file">Image file</label>
            <input
              id="media-file"
              name="file"
              type="file"
              accept="image/jpeg,image/png,image/webp,image/gif"
              required
              aria-describedby={props.uploadError ? 'file-hint file-error' : 'file-hint'}
              aria-invalid={props.uploadError ? 'true' : undefined}
            />
            <p class="nr-hint" id="file-hint">
              JPEG, PNG, WebP or GIF, up to {props.maxSizeLabel}. Smaller WebP copies are made for readers’ screens.
            </p>
          </div>
          <TextFields values={values} idPrefix="upload" />
          <p>
            <button type="submit">Upload</button>
          </p>
        </form>
      </section>
      <section aria-labelledby="library-heading">
        <h2 id="library-heading">Library</h2>
        <form method="get" action="/newsroom/media" role="search" class="nr-media-search">
          <label for="media-q">Search alt text, captions, credits and file names</label>
          <input id="media-q" name="q" type="search" value={props.q} maxLength={200} />
          <button type="submit">Search</button>
        </form>
        {props.items.length ? (
          <ul class="nr-media-grid">
            {props.items.map((item) => (
              <li key={item.id}>
                <a href={`/newsroom/media/${item.id}`}>
                  <img
                    src={item.variants[0]?.url ?? item.url}
                    alt={item.alt || `${item.originalFilename} (no alt text yet)`}
                    width={item.width}
                    height={item.height}
                    loading="lazy"
                    decoding="async"
                  />
                  <span class="nr-media-name">{item.originalFilename || `Image ${item.id}`}</span>
                </a>
                <span class="nr-meta">
                  {item.width} × {item.height}
                  {item.alt ? null : ' · needs alt text'}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{props.q ? `No images match “${props.q}”.` : 'No images yet.'}</p>
        )}
      </section>
    </NewsroomLayout>
  );
}

/** Alt text, caption and credit inputs, shared by the upload form and an item's page. */
export function TextFields(props: { values: UploadFormValues; idPrefix: string; errors?: Record<string, string> }) {
  const field = (name: 'alt' | 'caption' | 'credit', label: string, hint: string, maxLength: number) => {
    const id = `${props.idPrefix}-${name}`;
    const error = props.errors?.[name];
    return (
      <div class="nr-field">
        <label for={id}>{label}</label>
        <input
          id={id}
          name={name}
          type="text"
          value={props.values[name]}
          maxLength={maxLength}
          aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
          aria-invalid={error ? 'true' : undefined}
        />
        <p class="nr-hint" id={`${id}-hint`}>
          {hint}
        </p>
        {error ? (
          <p class="nr-field-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </div>
    );
  };
  return (
    <>
      {field('alt', 'Alt text', 'What the image shows, for readers who cannot see it.', 500)}
      {field('caption', 'Caption', 'Shown under the image.', 1000)}
      {field('credit', 'Credit', 'Photographer or agency, e.g. “Jane Doe/Reuters”.', 200)}
    </>
  );
}
