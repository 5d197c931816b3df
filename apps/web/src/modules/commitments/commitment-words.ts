import type { CommitmentStatus } from '@rapport/contracts';

export const commitmentStatusLabels: Record<CommitmentStatus, string> = {
  open: 'Open',
  kept: 'Kept',
  broken: 'Broken',
  renegotiated: 'Renegotiated',
};

export const commitmentStatusColors: Record<CommitmentStatus, string> = {
  open: 'blue',
  kept: 'green',
  broken: 'red',
  renegotiated: 'gray',
};

/** "in 2 h 15 min" / "15 min ago": how near a due time is, for people who plan their next hour. */
export function dueIn(iso: string, now: number): string {
  const minutes = Math.round((Date.parse(iso) - now) / 60_000);
  const abs = Math.abs(minutes);
  const text =
    abs < 60
      ? `${abs} min`
      : abs < 48 * 60
        ? `${Math.floor(abs / 60)} h${abs % 60 ? ` ${abs % 60} min` : ''}`
        : `${Math.round(abs / 1440)} days`;
  return minutes >= 0 ? `in ${text}` : `${text} ago`;
}

/** A value for <input type="datetime-local"> in the browser's time zone. */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
