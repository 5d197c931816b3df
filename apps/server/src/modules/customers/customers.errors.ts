import { appError } from '../../platform/app-error.ts';

export const customerErrors = {
  notFound: () => appError('not_found', 'customer.not_found', 'There is no customer with this id in your account.'),
  invalidIdentity: (kind: string, problem: string) =>
    appError('invalid', 'customer.invalid_identity', `The ${kind} ${problem}.`, {
      fields: { identities: `${kind} ${problem}` },
    }),
  identityTaken: (kind: string, value: string) =>
    appError(
      'conflict',
      'customer.identity_taken',
      `Another customer already has the ${kind} ${value}. Merge the two customers instead.`,
    ),
  mergeIntoSelf: () => appError('invalid', 'customer.merge_into_self', 'A customer cannot be merged into itself.'),
};
