import type { WebhookFieldErrors } from '../../news/webhooks/webhook.service.js';
import { WEBHOOK_EVENT_DESCRIPTIONS, WEBHOOK_EVENTS } from '../../news/webhooks/webhook.types.js';
import type { NewsroomChrome } from './chrome.js';
import { NewsroomLayout } from './NewsroomLayout.js';

export interface WebhookFormValues {
  url: string;
  description: string;
  events: readonly string[];
  active: boolean;
}

/** Adding an endpoint (no id) or changing one. On a failed save it comes back with what was typed and the messages. */
export function WebhookFormPage(props: { chrome: NewsroomChrome; endpointId: number | null; values: WebhookFormValues; errors?: WebhookFieldErrors }) {
  const { values, endpointId } = props;
  const errors = props.errors ?? {};
  const hasErrors = Object.values(errors).some(Boolean);
  const title = endpointId === null ? 'Add a webhook endpoint' : 'Edit webhook endpoint';
  const describedBy = (...ids: (string | false)[]) => ids.filter(Boolean).join(' ') || undefined;
  return (
    <NewsroomLayout chrome={props.chrome} title={title}>
      <p>
        <a href={endpointId === null ? '/newsroom/webhooks' : `/newsroom/webhooks/${endpointId}`}>
          ← Back to {endpointId === null ? 'webhooks' : 'the endpoint'}
        </a>
      </p>
      <h1>{title}</h1>
      {hasErrors ? (
        <p class="nr-notice nr-notice-error" role="alert">
          The endpoint was not saved. Check the fields marked below.
        </p>
      ) : null}
      <form class="nr-form nr-form-wide" method="post" action={endpointId === null ? '/newsroom/webhooks' : `/newsroom/webhooks/${endpointId}`}>
        <input type="hidden" name="_csrf" value={props.chrome.csrfToken} />
        <div class="nr-field">
          <label for="webhook-url">URL</label>
          <input
            id="webhook-url"
            name="url"
            type="url"
            value={values.url}
            required
            maxLength={2000}
            autocomplete="off"
            spellcheck={false}
            aria-invalid={errors.url ? 'true' : undefined}
            aria-describedby={describedBy('webhook-url-hint', Boolean(errors.url) && 'webhook-url-error')}
          />
          <p class="nr-hint" id="webhook-url-hint">
            Where to POST the events: an https:// (or http://) address, without a user name or password. Redirects are not followed.
          </p>
          {errors.url ? (
            <p class="nr-field-error" id="webhook-url-error">
              {errors.url}
            </p>
          ) : null}
        </div>
        <div class="nr-field">
          <label for="webhook-description">Description (optional)</label>
          <input
            id="webhook-description"
            name="description"
            type="text"
            value={values.description}
            maxLength={200}
            autocomplete="off"
            aria-invalid={errors.description ? 'true' : undefined}
            aria-describedby={describedBy('webhook-description-hint', Boolean(errors.description) && 'webhook-description-error')}
          />
          <p class="nr-hint" id="webhook-description-hint">
            What it is for, e.g. “CDN cache purge”.
          </p>
          {errors.description ? (
            <p class="nr-field-error" id="webhook-description-error">
              {errors.description}
            </p>
          ) : null}
        </div>
        <fieldset class="nr-field nr-checks" aria-describedby={errors.events ? 'webhook-events-error' : undefined}>
          <legend>Events to send</legend>
          {WEBHOOK_EVENTS.map((event) => (
            <div key={event} class="nr-check">
              <input
                type="checkbox"
                id={`webhook-event-${event.replace('.', '-')}`}
                name="events"
                value={event}
                checked={values.events.includes(event)}
                aria-invalid={errors.events ? 'true' : undefined}
              />
              <label for={`webhook-event-${event.replace('.', '-')}`}>
                <code>{event}</code>: {WEBHOOK_EVENT_DESCRIPTIONS[event]}
              </label>
            </div>
          ))}
          {errors.events ? (
            <p class="nr-field-error" id="webhook-events-error">
              {errors.events}
            </p>
          ) : null}
        </fieldset>
        <div class="nr-check">
          <input type="checkbox" id="webhook-active" name="active" value="on" checked={values.active} aria-describedby="webhook-active-hint" />
          <label for="webhook-active">Active</label>
          <p class="nr-hint" id="webhook-active-hint">
            When it is off, no events are sent and deliveries waiting for a retry are given up.
          </p>
        </div>
        <div>
          <button type="submit">{endpointId === null ? 'Add endpoint' : 'Save changes'}</button>
        </div>
      </form>
    </NewsroomLayout>
  );
}
