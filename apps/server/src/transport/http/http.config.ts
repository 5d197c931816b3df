import { z } from 'zod';
import { defineConfigSlice, portSchema } from '../../platform/config.ts';

export const httpConfig = defineConfigSlice({
  port: { env: 'PORT', schema: portSchema, default: '3000', doc: 'TCP port the web app and API listen on.' },
  host: {
    env: 'RAPPORT_HOST',
    schema: z.string().min(1),
    default: '0.0.0.0',
    doc: 'Address to listen on; 127.0.0.1 keeps Rapport reachable only from this machine.',
  },
  publicUrl: {
    env: 'RAPPORT_PUBLIC_URL',
    schema: z
      .url({ message: 'must be a full URL such as https://support.example.test' })
      .refine((url) => /^https?:\/\//.test(url), 'must start with http:// or https://')
      .optional(),
    doc: 'The address people use to reach Rapport, used in links it sends (setup, invitations). Defaults to http://localhost:PORT.',
    public: true,
  },
  trustProxy: {
    env: 'RAPPORT_TRUST_PROXY',
    schema: z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true'),
    default: 'false',
    doc: 'Set to true behind a reverse proxy so client IPs and https are read from X-Forwarded-* headers.',
  },
  logLevel: {
    env: 'RAPPORT_LOG_LEVEL',
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
    doc: 'How much Rapport logs: fatal, error, warn, info, debug, trace or silent.',
  },
});
