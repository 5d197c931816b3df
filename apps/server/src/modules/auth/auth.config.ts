import { z } from 'zod';
import { defineConfigSlice } from '../../platform/config.ts';

export const authConfig = defineConfigSlice({
  sessionIdleDays: {
    env: 'RAPPORT_SESSION_IDLE_DAYS',
    schema: z.coerce.number().int().min(1, 'must be at least 1 day').max(365, 'must be at most 365 days'),
    default: '14',
    doc: 'A session that is not used for this many days expires and its user signs in again.',
  },
  loginAttemptsPerMinute: {
    env: 'RAPPORT_LOGIN_ATTEMPTS_PER_MINUTE',
    schema: z.coerce.number().int().min(1).max(1000),
    default: '10',
    doc: 'Sign-in attempts allowed per minute for one email (account) from one IP address.',
  },
});
