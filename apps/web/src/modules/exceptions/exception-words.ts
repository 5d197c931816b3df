import type { ExceptionStatus } from '@rapport/contracts';

export const exceptionStatusLabels: Record<ExceptionStatus, string> = {
  granted: 'Granted',
  pending_approval: 'Waiting for approval',
  approved: 'Approved, to deliver',
  rejected: 'Not approved',
  delivered: 'Delivered',
};

export const exceptionStatusColors: Record<ExceptionStatus, string> = {
  granted: 'teal',
  pending_approval: 'yellow',
  approved: 'teal',
  rejected: 'red',
  delivered: 'green',
};

/** "12.50" in a currency's major units → integer minor units, or undefined when it is not a number. */
export function toMinor(text: string, currency: string): number | undefined {
  const normalised = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(normalised)) return undefined;
  let digits = 2;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    // An unknown code: the server says so.
  }
  return Math.round(Number(normalised) * 10 ** digits);
}
