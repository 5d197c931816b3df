import type { MetricUnit, MetricValue } from '@rapport/contracts';

/** "40 min", "17 h 0 min", "5 d 2 h": durations a person reads at a glance. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

export function formatMetric(unit: MetricUnit, value: number | null): string {
  if (value === null) return '—';
  switch (unit) {
    case 'duration':
      return formatDuration(value);
    case 'percent':
      return `${Math.round(value * 1000) / 10}%`;
    case 'ratio':
      return value.toFixed(2);
    case 'score':
      return value.toFixed(1);
    case 'count':
      return value.toLocaleString('en');
  }
}

/** Money in minor units: "EUR 15.00". */
export function formatMoney(amountMinor: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(amountMinor / 100);
  } catch {
    return `${currency} ${(amountMinor / 100).toFixed(2)}`;
  }
}

/** A share (0–1) as a percentage for tables and CSV, one decimal. */
export const percentCell = (share: number | null | undefined) =>
  share === null || share === undefined ? null : Math.round(share * 1000) / 10;

export function formatValue(unit: MetricUnit, metric: MetricValue): string {
  return formatMetric(unit, metric.value);
}

/** One CSV document: quoted where needed, CRLF line ends (RFC 4180), so spreadsheets open it as is. */
export function toCsv(columns: string[], rows: (string | number | null)[][]): string {
  const cell = (value: string | number | null) => {
    const text = value === null ? '' : String(value);
    // A leading = + - @ would be a formula in a spreadsheet; quote it with a leading apostrophe.
    const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  return [columns, ...rows].map((row) => row.map(cell).join(',')).join('\r\n');
}

export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
