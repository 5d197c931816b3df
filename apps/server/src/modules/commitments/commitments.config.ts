import { z } from 'zod';
import { defineConfigSlice } from '../../platform/config.ts';

export const commitmentsConfig = defineConfigSlice({
  reminderMinutes: {
    env: 'RAPPORT_COMMITMENT_REMINDERS',
    schema: z
      .string()
      .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'must be minutes before the due time, separated by commas, e.g. 120,15')
      .transform((text) =>
        [
          ...new Set(
            text
              .split(',')
              .map((part) => Number(part.trim()))
              .filter((n) => n > 0),
          ),
        ].sort((a, b) => b - a),
      ),
    default: '120,15',
    doc: 'When the owner of a promise is reminded, in minutes before it falls due (comma-separated).',
  },
});
