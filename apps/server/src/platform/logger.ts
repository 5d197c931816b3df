import { type Logger, type LoggerOptions, pino } from 'pino';

/**
 * Paths pino blanks out wherever they appear in a log line. Secrets reach logs through request
 * headers, bodies logged on error, and objects passed to log calls; all are covered here.
 */
export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'password',
  'token',
  'secret',
  'passwordHash',
  'authorization',
  'cookie',
  '*.password',
  '*.token',
  '*.secret',
  '*.passwordHash',
  '*.authorization',
  '*.cookie',
  '*.csrfToken',
  'body.password',
  'body.token',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: {
      req(request: { method?: string; url?: string; id?: string; ip?: string }) {
        return { id: request.id, method: request.method, url: redactUrl(request.url ?? ''), ip: request.ip };
      },
    },
  };
}

/** Query-string secrets (a token pasted into a link) never reach the log. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:token|secret|password|key)=)[^&#]*/gi, '$1[redacted]');
}

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  if (destination) return pino(loggerOptions(level), destination);
  // Buffered, asynchronous writes to stdout: a synchronous write per log line costs more than
  // the request it describes. pino flushes the buffer when the process exits.
  return pino(loggerOptions(level), pino.destination({ dest: 1, sync: false, minLength: 4096 }));
}

export type { Logger };
