import { z } from 'zod';
import { defineConfigSlice } from '../platform/config.ts';

export const storageConfig = defineConfigSlice({
  databaseUrl: {
    env: 'DATABASE_URL',
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// (leave it unset to use the embedded SQLite database)')
      .optional(),
    doc: 'PostgreSQL connection string. Leave unset to keep everything in a SQLite file inside RAPPORT_DATA_DIR.',
    secret: true,
  },
  dataDir: {
    env: 'RAPPORT_DATA_DIR',
    schema: z.string().min(1, 'must be a folder path'),
    default: './data',
    doc: 'Folder for the SQLite database, attachments and backups.',
  },
});
