export * from './analytics.ts';
export * from './api.ts';
export * from './business-hours.ts';
export * from './channels.ts';
export * from './coach.ts';
export * from './conversations.ts';
export * from './errors.ts';
export * from './follow-through.ts';
export * from './live.ts';
export * from './roles.ts';
export * from './saved-replies.ts';
export * from './search.ts';
export * from './webhooks.ts';
export * from './widget.ts';

import { z } from 'zod';

// One wording for a missing field everywhere (API answers and forms), instead of zod's type jargon.
z.config({
  customError: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined),
});
