import { searchMinimumLength } from '@rapport/contracts';
import { appError } from '../../platform/app-error.ts';

export const searchErrors = {
  queryTooShort: () =>
    appError(
      'invalid',
      'search.query_too_short',
      `Type at least ${searchMinimumLength} letters or digits to search, or a conversation number such as #1042.`,
      { fields: { q: `needs at least ${searchMinimumLength} letters or digits` } },
    ),
};
