import type { MediaItem } from '../../news/media/media.types.js';
import type { NewsroomChrome } from './chrome.js';
import { TextFields, type UploadFormValues } from './MediaLibraryPage.js';
import { NewsroomLayout } from './NewsroomLayout.js';

/** One image: preview, facts, the alt/caption/credit form, where it is used, and delete. */
export function MediaItemPage(props: {
  chrome: NewsroomChrome;
  item: MediaItem;
  usedBy: { id: number; title: string }[];
  /** The site's logo (Settings): it cannot be deleted, and the page says so before anyone tries. */
  isLogo: boolean;
  mayManage: boolean;
  notice: string | null;
  error?: string;
  values?: UploadFormValues;
  errors?: Record<string, string>;
}) {
  const { item } = props;
  const name = item.originalFilename || `Image ${item.id}`;
  return (
    <NewsroomLayout chrome={props.chrome} title={name}>
      <p>
        <a href="/newsroom/media">← Media library</a>
      </p>
      <h1>{name}</h1>
      {props.notice ? (
        <p class="nr-notice nr-notice-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.error ? (
        <p class="nr-notice nr-notice-error" role="alert">
          {props.error}
        </p>
      ) : null}
      <figure class="nr-media-preview">
        <img src={item.url} srcset={item.srcset || undefined} sizes="(min-width: 48em) 40rem, 100vw" alt={item.alt} width={item.width} height={item.height} />
      </figure>
      <dl class="nr-signals">
        <dt>Size</dt>
        <dd>
          {item.width} × {item.height} pixels, {Math.max(1, Math.round(item.bytes / 1024))} KB ({item.contentType})
        </dd>
        <dt>Address</dt>
        <dd>
          <code>{item.url}</code>
        </dd>
        <dt>Copies for screens</dt>
        <dd>{item.variants.map((v) => `${v.width} px`).join(', ') || 'none'} (WebP)</dd>
        <dt>Uploaded</dt>
        <dd>
          <time dateTime={item.createdAt}>{item.createdAt.slice(0, 16).replace('T', ' ')}</time> UTC{item.uploaderName ? ` by ${item.uploaderName}` : ''}
        </dd>
        <dt>Featured image of</dt>
        <dd>{props.usedBy.length ? props.usedBy.map((a) => a.title).join('; ') : 'no articles'}</dd>
        {props.isLogo ? (
          <>
            <dt>Site logo</dt>
            <dd>
              Yes: the site’s header, its feeds and the publisher search engines are told about (<a href="/newsroom/settings">Settings</a>)
            </dd>
          </>
        ) : null}
      </dl>
      {props.mayManage ? (
        <>
          <h2>Text</h2>
          <form method="post" action={`/newsroom/media/${item.id}`}>
            <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
            <TextFields values={props.values ?? item} idPrefix="media" errors={props.errors} />
            <p>
              <button type="submit">Save</button>
            </p>
          </form>
          <h2>Delete</h2>
          <form method="post" action={`/newsroom/media/${item.id}/delete`}>
            <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
            <p>
              {props.isLogo
                ? 'This image is the site’s logo, so it cannot be deleted until Settings names another.'
                : props.usedBy.length
                  ? 'This image is a featured image, so it cannot be deleted until those articles use another.'
                  : 'Deleting removes the image and its copies. Articles that show it in their text will lose it.'}
            </p>
            <p>
              <button type="submit" class="nr-button-quiet">
                Delete this image
              </button>
            </p>
          </form>
        </>
      ) : (
        <p>Only an editor or the person who uploaded this image can change or delete it.</p>
      )}
    </NewsroomLayout>
  );
}
