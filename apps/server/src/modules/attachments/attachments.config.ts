import { z } from 'zod';
import { defineConfigSlice } from '../../platform/config.ts';

export const attachmentsConfig = defineConfigSlice({
  maxMegabytes: {
    env: 'RAPPORT_ATTACHMENT_MAX_MB',
    schema: z.coerce.number().int().min(1, 'must be at least 1 MB').max(1024, 'must be at most 1024 MB'),
    default: '25',
    doc: 'Largest file, in megabytes, that agents and customers can attach to a message.',
  },
});
