import type { MetricCell } from '@margins/shared';
import { formatNumber } from '../i18n/index.js';
import { formatShare } from '../metrics-text.js';

/** One line of a {@link LineChart}: a label, a dash pattern and marker so it never relies on colour alone. */
export interface Series {
  key: string;
  label: string;
  /** Values 0..1 per point; null where the value is hidden or not applicable (the line breaks). */
  values: (number | null)[];
}

/** Colour (a class: styles.css --chart-N), dash and marker per series position (distinguishable in greyscale and by shape). */
const STYLES = [
  { series: 'series-1', dash: '', marker: 'circle' },
  { series: 'series-2', dash: '6 3', marker: 'square' },
  { series: 'series-3', dash: '2 3', marker: 'triangle' },
  { series: 'series-4', dash: '10 3 2 3', marker: 'diamond' },
] as const;

/** A point's marker, in its series' colour (currentColor). */
function Marker({ shape, x, y }: { shape: (typeof STYLES)[number]['marker']; x: number; y: number }) {
  if (shape === 'circle') return <circle cx={x} cy={y} r={4} fill="currentColor" />;
  if (shape === 'square') return <rect x={x - 4} y={y - 4} width={8} height={8} fill="currentColor" />;
  if (shape === 'triangle')
    return <path d={`M${x} ${y - 5} L${x + 5} ${y + 4} L${x - 5} ${y + 4} Z`} fill="currentColor" />;
  return <path d={`M${x} ${y - 5} L${x + 5} ${y} L${x} ${y + 5} L${x - 5} ${y} Z`} fill="currentColor" />;
}

/** A cell's value for a chart (shown cells only). */
export function chartValue(c: MetricCell): number | null {
  return c.status === 'shown' ? c.value : null;
}

/** Props of {@link LineChart}. */
export type LineChartProps = {
  id: string;
  title: string;
  description: string;
  months: string[];
  series: Series[];
  tableId: string;
};

/**
 * Shares (0-100%) per month as an inline SVG: a title and description for screen readers, a legend
 * with each line's dash and marker, and `aria-describedby` pointing at the data table below it.
 */
export function LineChart({ id, title, description, months, series, tableId }: LineChartProps) {
  const w = 640;
  const h = 260;
  const left = 44;
  const right = 16;
  const top = 12;
  const bottom = 36;
  const x = (i: number) =>
    left + (months.length <= 1 ? (w - left - right) / 2 : (i * (w - left - right)) / (months.length - 1));
  const y = (v: number) => top + (1 - v) * (h - top - bottom);
  const every = Math.max(1, Math.ceil(months.length / 8));
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${w} ${h}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        aria-describedby={tableId}
        focusable="false"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t}>
            <line x1={left} x2={w - right} y1={y(t)} y2={y(t)} class="grid" stroke-width={1} />
            <text x={left - 6} y={y(t) + 4} text-anchor="end" font-size="11" fill="currentColor">
              {formatShare(t)}
            </text>
          </g>
        ))}
        {months.map((m, i) =>
          i % every === 0 || i === months.length - 1 ? (
            <text key={m} x={x(i)} y={h - 14} text-anchor="middle" font-size="11" fill="currentColor">
              {m}
            </text>
          ) : null,
        )}
        {series.map((s, si) => {
          const st = STYLES[si % STYLES.length]!;
          const segments: string[] = [];
          let current = '';
          s.values.forEach((v, i) => {
            if (v === null) {
              if (current) segments.push(current);
              current = '';
            } else current += `${current ? 'L' : 'M'}${x(i).toFixed(1)} ${y(v).toFixed(1)} `;
          });
          if (current) segments.push(current);
          return (
            <g key={s.key} class={st.series}>
              {segments.map((d) => (
                <path
                  key={d}
                  d={d}
                  fill="none"
                  stroke="currentColor"
                  stroke-width={2}
                  stroke-dasharray={st.dash || undefined}
                />
              ))}
              {s.values.map((v, i) => (v === null ? null : <Marker key={i} shape={st.marker} x={x(i)} y={y(v)} />))}
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="legend">
          {series.map((s, si) => {
            const st = STYLES[si % STYLES.length]!;
            return (
              <li key={s.key}>
                <svg width="34" height="12" class={st.series} aria-hidden="true" focusable="false">
                  <line
                    x1="1"
                    x2="33"
                    y1="6"
                    y2="6"
                    stroke="currentColor"
                    stroke-width="2"
                    stroke-dasharray={st.dash || undefined}
                  />
                  <Marker shape={st.marker} x={17} y={6} />
                </svg>{' '}
                {s.label}
              </li>
            );
          })}
        </ul>
      </figcaption>
    </figure>
  );
}

/** Props of {@link BarChart}. */
export type BarChartProps = {
  id: string;
  title: string;
  description: string;
  bars: { label: string; value: number }[];
  tableId: string;
};

/** Horizontal bars with the value written at the end of each (so the numbers never depend on length or colour). */
export function BarChart({ id, title, description, bars, tableId }: BarChartProps) {
  const w = 640;
  const row = 24;
  const left = 190;
  const h = bars.length * row + 8;
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${w} ${h}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        aria-describedby={tableId}
        focusable="false"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {bars.map((b, i) => {
          const len = ((w - left - 70) * b.value) / max;
          return (
            <g key={b.label}>
              <text x={left - 8} y={i * row + 18} text-anchor="end" font-size="12" fill="currentColor">
                {b.label}
              </text>
              <rect
                x={left}
                y={i * row + 6}
                width={Math.max(len, 1)}
                height={16}
                class="series-1"
                fill="currentColor"
              />
              <text x={left + len + 6} y={i * row + 18} font-size="12" fill="currentColor">
                {formatNumber(b.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
