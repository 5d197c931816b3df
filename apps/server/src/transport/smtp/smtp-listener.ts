import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { EmailRoute, IngestOutcome } from '../../modules/channels/email/email.service.ts';
import type { Logger } from '../../platform/logger.ts';

export interface SmtpListenerDeps {
  logger: Logger;
  maxBytes: number;
  /** Where a recipient leads; undefined refuses it at RCPT time. */
  route(address: string): Promise<EmailRoute | undefined>;
  ingest(input: { raw: Buffer; recipients: string[] }): Promise<IngestOutcome>;
}

export interface SmtpListener {
  listen(port: number, host: string): Promise<{ port: number }>;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** An SMTP reply for an ingestion outcome: accepted, refused for good, or "try again later". */
export function replyFor(outcome: IngestOutcome): { code: number; message: string } | undefined {
  if (outcome.outcome !== 'refused') return undefined;
  switch (outcome.code) {
    case 'unknown_recipient':
      return { code: 550, message: '5.1.1 No mailbox here by that name' };
    case 'rate_limited':
      return { code: 451, message: '4.7.1 Too many messages from this sender; try again later' };
    case 'unreadable':
      return { code: 554, message: '5.6.0 The message could not be read' };
    case 'no_sender':
      return { code: 550, message: '5.1.7 The message has no sender address' };
    // Mail from ourselves is dropped quietly: refusing it would send a bounce around the loop.
    case 'loop':
      return undefined;
  }
}

/**
 * Rapport's own mail receiver (an MX or forwarding target). Recipients are checked at RCPT time,
 * the size limit is advertised and enforced, and a message is acknowledged (250) only after it has
 * been stored; a failure answers 451 so the sending server keeps it and tries again.
 */
export function createSmtpListener(deps: SmtpListenerDeps): SmtpListener {
  const server = new SMTPServer({
    name: 'rapport',
    banner: 'Rapport mail receiver',
    size: deps.maxBytes,
    authOptional: true,
    // A receiving MX takes mail without AUTH; TLS is for a proxy or relay in front of it.
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    socketTimeout: 60_000,
    onRcptTo(address, _session, callback) {
      deps
        .route(address.address)
        .then((route) => callback(route ? undefined : smtpError(550, '5.1.1 No mailbox here by that name')))
        .catch((error: Error) => {
          deps.logger.error({ err: error }, 'smtp: recipient lookup failed');
          callback(smtpError(451, '4.3.0 Temporary failure; try again later'));
        });
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= deps.maxBytes) chunks.push(chunk);
      });
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          deps.logger.info({ size }, 'smtp: refused, too large');
          return callback(
            smtpError(552, `5.3.4 Message too big; the limit is ${Math.floor(deps.maxBytes / 1024 / 1024)} MB`),
          );
        }
        const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
        deps
          .ingest({ raw: Buffer.concat(chunks), recipients })
          .then((outcome) => {
            deps.logger.info(
              outcome.outcome === 'refused'
                ? { outcome: outcome.outcome, code: outcome.code, reason: outcome.reason }
                : outcome.outcome === 'stored'
                  ? {
                      outcome: outcome.outcome,
                      conversationId: outcome.conversationId,
                      duplicate: outcome.duplicate,
                      threadedBy: outcome.threadedBy,
                    }
                  : { outcome: outcome.outcome, failedMessageId: outcome.failedMessageId },
              'smtp: message handled',
            );
            const reply = replyFor(outcome);
            callback(reply ? smtpError(reply.code, reply.message) : undefined);
          })
          .catch((error: Error) => {
            deps.logger.error({ err: error }, 'smtp: could not store a message');
            callback(smtpError(451, '4.3.0 Temporary failure; try again later'));
          });
      });
      stream.on('error', (error) => {
        deps.logger.warn({ err: error }, 'smtp: data stream failed');
      });
    },
  });
  server.on('error', (error) => deps.logger.warn({ err: error }, 'smtp: connection error'));
  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.server.once('error', reject);
        server.listen(port, host, () => {
          server.server.off('error', reject);
          resolve({ port: (server.server.address() as AddressInfo).port });
        });
      });
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
