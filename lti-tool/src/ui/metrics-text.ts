import type { MetricCell, MetricKey } from '@margins/shared';
import { currentLang, formatNumber, t, type MessageKey } from './i18n/index.js';

/** A metric's name in the UI language (the English table matches the shared METRICS labels; a test checks it). */
export function metricLabel(key: MetricKey): string {
  return t(`metric.${key}` as MessageKey);
}

/** What a metric means, in the UI language. */
export function metricHelp(key: MetricKey): string {
  return t(`metric.${key}.help` as MessageKey);
}

/** A share as a percentage in the UI language ("55%", "55 %"). */
export function formatShare(value: number): string {
  return new Intl.NumberFormat(currentLang(), { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

/** "2026-03" as "Mar 2026" / "mar 2026"; anything else as it is. */
export function formatMonth(period: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  return new Intl.DateTimeFormat(currentLang(), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)),
  );
}

/** A cell as text: a share with what it counts, a count, or why it is not shown. */
export function cellText(c: MetricCell, format: 'count' | 'share' | 'index'): string {
  if (c.status === 'suppressed') return c.reason === 'small-group' ? t('lm.fewer') : t('lm.hiddenCell');
  if (c.status === 'not-applicable') return t('lm.notApplicable');
  if (format === 'count')
    return c.denominator
      ? t('lm.of', { value: formatNumber(c.value), total: formatNumber(c.denominator) })
      : formatNumber(c.value);
  if (format === 'index')
    return new Intl.NumberFormat(currentLang(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(c.value);
  const pct = formatShare(c.value);
  return c.numerator !== null && c.denominator !== null
    ? `${pct} (${t('lm.of', { value: formatNumber(c.numerator), total: formatNumber(c.denominator) })})`
    : pct;
}
