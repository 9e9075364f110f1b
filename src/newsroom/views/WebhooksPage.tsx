import type { WebhookEndpointSummary } from '../../news/webhooks/webhook.types.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { deliveryStatusText, utc } from './webhook-format.js';
import { ColumnHeads } from './ColumnHeads.js';

/** Every webhook endpoint, with how its latest delivery went. */
export function WebhooksPage(props: { chrome: NewsroomChrome; endpoints: WebhookEndpointSummary[]; notice: string | null }) {
  return (
    <NewsroomLayout chrome={props.chrome} title="Webhooks">
      <h1>Webhooks</h1>
      {props.notice ? (
        <p class="nr-notice nr-notice-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      <p>
        Webhooks tell other systems (a cache, a chat room, an archive) when stories are published, changed or taken down and when comments appear. Each event is
        sent as a signed JSON POST, in the background, and retried for about two days if the receiver fails.
      </p>
      <p>
        <a href="/newsroom/webhooks/new">Add an endpoint</a>
      </p>
      {props.endpoints.length ? (
        <table class="nr-table nr-webhooks">
          <caption class="visually-hidden">Webhook endpoints</caption>
          <ColumnHeads names={['URL', 'Events', 'Active', 'Latest delivery']} />
          <tbody>
            {props.endpoints.map((endpoint) => (
              <tr key={endpoint.id}>
                <td>
                  <a href={`/newsroom/webhooks/${endpoint.id}`} class="nr-url">
                    {endpoint.url}
                  </a>
                  {endpoint.description ? <div class="nr-meta">{endpoint.description}</div> : null}
                </td>
                <td>{endpoint.events.join(', ')}</td>
                <td>{endpoint.active ? 'Yes' : 'No (paused)'}</td>
                <td>
                  {endpoint.lastDelivery ? (
                    <>
                      <span class={`nr-delivery-${endpoint.lastDelivery.status}`}>{deliveryStatusText(endpoint.lastDelivery)}</span>
                      <div class="nr-meta">
                        {endpoint.lastDelivery.event} · <time dateTime={endpoint.lastDelivery.updatedAt}>{utc(endpoint.lastDelivery.updatedAt)}</time> UTC
                      </div>
                    </>
                  ) : (
                    'None yet'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No endpoints yet.</p>
      )}
    </NewsroomLayout>
  );
}
