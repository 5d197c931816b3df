import type { AuthorityLimit, ExceptionType } from '@rapport/contracts';

/** The report groups "Late fee", "late  fee" and "LATE FEE" as one policy. */
export function policyKey(policy: string): string {
  return policy.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Whether an exception is within the recorder's authority. Admins approve exceptions, so without
 * a limit of their own they are within it; anyone else without a limit for the type and currency
 * has none (everything above zero goes to approval).
 */
export function isWithinAuthority(
  limits: readonly AuthorityLimit[],
  input: { role: string; type: ExceptionType; amountMinor: number; currency: string },
): boolean {
  const limit = limits.find(
    (entry) => entry.role === input.role && entry.type === input.type && entry.currency === input.currency,
  );
  if (!limit) return input.role === 'admin' || input.amountMinor === 0;
  return input.amountMinor <= limit.maxAmountMinor;
}
