import { z } from 'zod';
import { defineConfigSlice } from '../../platform/config.ts';

export const surveysConfig = defineConfigSlice({
  secret: {
    env: 'RAPPORT_SURVEY_SECRET',
    schema: z.string().min(32, 'must be at least 32 characters').optional(),
    doc: 'Signs the links in customer surveys. Unset, Rapport generates one and keeps it in the database; set it to rotate (old links stop working).',
    secret: true,
  },
  validDays: {
    env: 'RAPPORT_SURVEY_VALID_DAYS',
    schema: z.coerce.number().int().min(1, 'must be at least 1 day').max(90, 'must be at most 90 days'),
    default: '14',
    doc: 'How many days a survey link can be answered after it was sent.',
  },
});
