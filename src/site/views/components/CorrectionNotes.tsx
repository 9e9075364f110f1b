import type { Correction } from '../../../news/corrections/correction.service.js';
import type { SiteChrome } from '../chrome.js';
import { Time } from './Time.js';

/** An article's corrections, oldest first, at its foot. Plain text: preact escapes it; blank lines make paragraphs. */
export function CorrectionNotes(props: { corrections: Pick<Correction, 'id' | 'body' | 'createdAt'>[]; chrome: SiteChrome }) {
  if (!props.corrections.length) return null;
  return (
    <section class="story-corrections" aria-labelledby="corrections-heading">
      <h2 id="corrections-heading" class="footer-label">
        Corrections
      </h2>
      <ol>
        {props.corrections.map((correction) => (
          <li key={correction.id} id={`correction-${correction.id}`}>
            <p class="correction-date">
              <Time iso={correction.createdAt} chrome={props.chrome} withTime />
            </p>
            {correction.body.split('\n\n').map((paragraph) => (
              <p>{paragraph}</p>
            ))}
          </li>
        ))}
      </ol>
      <p>
        <a href="/corrections/">All corrections</a>
      </p>
    </section>
  );
}
