import type { DayCount } from '../../news/stats/dashboard.service.js';
import { ColumnHeads } from './ColumnHeads.js';

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { top: 12, right: 12, bottom: 28, left: 36 };

/** A round number at or above `max` for the axis (1, 2, 5, 10, 20, 50, ...). */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

function dayLabel(day: string): string {
  const [, month, date] = day.split('-');
  return `${Number(date)}/${Number(month)}`;
}

/**
 * Articles published (bars) and comments received (a line) per day, as inline SVG: no script, one image with a title
 * and description for assistive technology, and the same numbers in a visually hidden table.
 */
export function ActivityChart(props: { days: DayCount[]; id: string }) {
  const { days, id } = props;
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const max = niceMax(Math.max(0, ...days.map((d) => Math.max(d.articles, d.comments))));
  const slot = days.length ? innerW / days.length : innerW;
  const y = (value: number) => PAD.top + innerH - (value / max) * innerH;
  const totalArticles = days.reduce((sum, d) => sum + d.articles, 0);
  const totalComments = days.reduce((sum, d) => sum + d.comments, 0);
  const first = days[0]?.day ?? '';
  const last = days.at(-1)?.day ?? '';
  const line = days.map((d, i) => `${(PAD.left + slot * i + slot / 2).toFixed(1)},${y(d.comments).toFixed(1)}`).join(' ');
  return (
    <figure class="nr-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" role="img" aria-labelledby={`${id}-title ${id}-desc`} xmlns="http://www.w3.org/2000/svg">
        <title id={`${id}-title`}>Articles published and comments per day, last {days.length} days</title>
        <desc id={`${id}-desc`}>
          From {first} to {last}: {totalArticles} articles published and {totalComments} comments. Bars show articles, the line shows comments. The numbers for
          each day are in the table that follows.
        </desc>
        <line x1={PAD.left} y1={y(0)} x2={WIDTH - PAD.right} y2={y(0)} class="nr-chart-axis" />
        <line x1={PAD.left} y1={y(max)} x2={WIDTH - PAD.right} y2={y(max)} class="nr-chart-grid" />
        <text x={PAD.left - 6} y={y(max) + 4} text-anchor="end" class="nr-chart-label">
          {max}
        </text>
        <text x={PAD.left - 6} y={y(0) + 4} text-anchor="end" class="nr-chart-label">
          0
        </text>
        {days.map((d, i) => (
          <rect
            x={(PAD.left + slot * i + slot * 0.15).toFixed(1)}
            y={y(d.articles).toFixed(1)}
            width={(slot * 0.7).toFixed(1)}
            height={(y(0) - y(d.articles)).toFixed(1)}
            class="nr-chart-bar"
          />
        ))}
        {days.length ? <polyline points={line} class="nr-chart-line" fill="none" /> : null}
        {days.map((d, i) =>
          i % 7 === (days.length - 1) % 7 ? (
            <text x={(PAD.left + slot * i + slot / 2).toFixed(1)} y={HEIGHT - 8} text-anchor="middle" class="nr-chart-label">
              {dayLabel(d.day)}
            </text>
          ) : null,
        )}
      </svg>
      <table class="visually-hidden">
        <caption>Articles published and comments per day</caption>
        <ColumnHeads names={['Day', 'Articles published', 'Comments']} />
        <tbody>
          {days.map((d) => (
            <tr>
              <th scope="row">{d.day}</th>
              <td>{d.articles}</td>
              <td>{d.comments}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption>
        <span class="nr-chart-key nr-chart-key-bar" aria-hidden="true"></span> Articles published ({totalArticles}){' '}
        <span class="nr-chart-key nr-chart-key-line" aria-hidden="true"></span> Comments ({totalComments})
      </figcaption>
    </figure>
  );
}
