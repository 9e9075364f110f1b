import type { WebhookDelivery, WebhookEndpoint } from '../../news/webhooks/webhook.types.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';
import { DELIVERY_STATUS_LABELS, responseText, utc } from './webhook-format.js';
import { ColumnHeads } from './ColumnHeads.js';

/** One endpoint: its settings, its signing secret, "Send test", the delivery log, and deleting it. */
export function WebhookPage(props: {
  chrome: NewsroomChrome;
  endpoint: WebhookEndpoint;
  deliveries: WebhookDelivery[];
  notice: string | null;
  deleteError?: string;
}) {
  const { endpoint, chrome, deliveries } = props;
  const csrf = <input type="hidden" name="_csrf" value={chrome.csrfToken} />;
  return (
    <NewsroomLayout chrome={chrome} title={`Webhook ${endpoint.url}`}>
      <p>
        <a href="/newsroom/webhooks">← Back to webhooks</a>
      </p>
      <h1 class="nr-url">{endpoint.url}</h1>
      {props.notice ? (
        <p class="nr-notice nr-notice-ok" role="status">
          {props.notice}
        </p>
      ) : null}
      {props.deleteError ? (
        <p class="nr-notice nr-notice-error" role="alert">
          The endpoint was not deleted. {props.deleteError}
        </p>
      ) : null}
      <dl class="nr-signals">
        <dt>Description</dt>
        <dd>{endpoint.description || '(none)'}</dd>
        <dt>Events</dt>
        <dd>{endpoint.events.join(', ')}</dd>
        <dt>Active</dt>
        <dd>{endpoint.active ? 'Yes' : 'No: paused, nothing is sent'}</dd>
        <dt>Added</dt>
        <dd>
          <time dateTime={endpoint.createdAt}>{utc(endpoint.createdAt)}</time> UTC
        </dd>
      </dl>
      <p>
        <a href={`/newsroom/webhooks/${endpoint.id}/edit`}>Edit the URL, description, events or active</a>
      </p>

      <section aria-labelledby="secret-heading">
        <h2 id="secret-heading">Signing secret</h2>
        <p>
          Every delivery carries a <code>Dateline-Signature</code> header: <code>t=</code> the time in Unix seconds and <code>v1=</code> the hex HMAC-SHA256 of{' '}
          <code>{'<t>.<body>'}</code> with this secret as the key. Your receiver should check it (comparing in constant time) and refuse timestamps more than
          five minutes old. The README’s Webhooks section has a short Node.js example.
        </p>
        <p>
          <code class="nr-secret" id="webhook-secret">
            {endpoint.secret}
          </code>
        </p>
        <form method="post" action={`/newsroom/webhooks/${endpoint.id}/secret`} class="nr-inline-form">
          {csrf}
          <button type="submit" class="nr-button-quiet" aria-describedby="rotate-hint">
            Rotate secret
          </button>
          <p class="nr-hint" id="rotate-hint">
            A new secret replaces this one at once. Deliveries fail verification (and are retried) until your receiver has the new one.
          </p>
        </form>
      </section>

      <section aria-labelledby="test-heading">
        <h2 id="test-heading">Send a test</h2>
        <form method="post" action={`/newsroom/webhooks/${endpoint.id}/test`} class="nr-inline-form">
          {csrf}
          <button type="submit" aria-describedby="test-hint">
            Send test
          </button>
          <p class="nr-hint" id="test-hint">
            Sends a signed <code>ping</code> event now, even if the endpoint is paused. Its result appears in the log below.
          </p>
        </form>
      </section>

      <section aria-labelledby="log-heading">
        <h2 id="log-heading">Deliveries</h2>
        {deliveries.length ? (
          <>
            <p class="nr-meta">
              The latest {deliveries.length === 1 ? 'delivery' : `${deliveries.length} deliveries`}, newest first; times in UTC. Reload for news.
            </p>
            <table class="nr-table nr-deliveries">
              <ColumnHeads names={['Time', 'Event', 'Status', 'Attempts', 'Response', 'Duration', 'Error / next attempt']} />
              <tbody>
                {deliveries.map((delivery) => (
                  <tr key={delivery.id} id={`delivery-${delivery.id}`}>
                    <td>
                      <time dateTime={delivery.createdAt}>{utc(delivery.createdAt)}</time>
                    </td>
                    <td>
                      <code>{delivery.event}</code>
                      <div class="nr-meta" title="Dateline-Delivery header and payload id">
                        {delivery.uuid}
                      </div>
                    </td>
                    <td class={`nr-delivery-${delivery.status}`}>{DELIVERY_STATUS_LABELS[delivery.status]}</td>
                    <td>{delivery.attempts}</td>
                    <td>{delivery.attempts ? responseText(delivery) : ''}</td>
                    <td>{delivery.lastDurationMs === null ? '' : `${delivery.lastDurationMs} ms`}</td>
                    <td>
                      {delivery.lastError ?? ''}
                      {delivery.status === 'pending' && delivery.attempts > 0 ? (
                        <div class="nr-meta">
                          Next attempt <time dateTime={delivery.nextAttemptAt}>{utc(delivery.nextAttemptAt)}</time>
                        </div>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : (
          <p>Nothing sent yet. Use “Send test” to try the endpoint.</p>
        )}
      </section>

      <section aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete</h2>
        <form method="post" action={`/newsroom/webhooks/${endpoint.id}/delete`} class="nr-form">
          {csrf}
          <div class="nr-check">
            <input
              type="checkbox"
              id="webhook-delete-confirm"
              name="confirm"
              value="yes"
              required
              aria-invalid={props.deleteError ? 'true' : undefined}
              aria-describedby={props.deleteError ? 'webhook-delete-error' : undefined}
            />
            <label for="webhook-delete-confirm">Yes, delete this endpoint and its delivery log</label>
            {props.deleteError ? (
              <p class="nr-field-error" id="webhook-delete-error">
                {props.deleteError}
              </p>
            ) : null}
          </div>
          <div>
            <button type="submit">Delete endpoint</button>
          </div>
        </form>
      </section>
    </NewsroomLayout>
  );
}
