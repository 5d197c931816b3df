import { appError } from '../../platform/app-error.ts';

export const accountErrors = {
  notFound: () => appError('not_found', 'account.not_found', 'There is no such account.'),
};
