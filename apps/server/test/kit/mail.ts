import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { JobQueue } from '../../src/jobs/queue.ts';
import { businessHoursQuotes } from '../../src/modules/channels/business-hours-quotes.ts';
import { deliveriesJobs, deliveriesListener } from '../../src/modules/channels/deliveries.service.ts';
import { type EmailIngestDeps, ingestEmail, routeRecipient } from '../../src/modules/channels/email/email.service.ts';
import { emailDriver } from '../../src/modules/channels/email/email-sender.service.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { createLogger, type Logger } from '../../src/platform/logger.ts';
import type { Database } from '../../src/storage/database.ts';
import { createSmtpListener } from '../../src/transport/smtp/smtp-listener.ts';
import type { TestApp } from './app.ts';

/**
 * The email channel of a test app, as main.ts wires it: Rapport's SMTP listener on a free loopback
 * port, ingestion, and the outbox (delivery listener + deliver job) on the given queue.
 */
export async function startMailChannel(
  context: { db: Kysely<Database> },
  app: TestApp,
  options: { jobs?: JobQueue; clock?: Clock; logger?: Logger; maxBytes?: number; senderLimitPerHour?: number } = {},
) {
  const jobs = options.jobs ?? app.machinery.jobs;
  const clock = options.clock ?? app.machinery.clock;
  const logger = options.logger ?? createLogger('silent');
  const ingestDeps: EmailIngestDeps = {
    db: context.db,
    clock,
    logger,
    blobs: app.machinery.blobs,
    events: app.machinery.events,
    jobs,
    maxAttachmentBytes: 2 * 1024 * 1024,
    senderLimitPerHour: options.senderLimitPerHour ?? 30,
    quotes: businessHoursQuotes({ db: context.db }),
  };
  jobs.register(
    deliveriesJobs({
      db: context.db,
      clock,
      logger,
      jobs,
      events: app.machinery.events,
      blobs: app.machinery.blobs,
      drivers: { email: emailDriver({ db: context.db, clock, blobs: app.machinery.blobs }) },
    }),
  );
  app.machinery.dispatcher.addListener(deliveriesListener({ db: context.db, clock, jobs }));
  const smtp = createSmtpListener({
    logger,
    maxBytes: options.maxBytes ?? 1024 * 1024,
    route: (address) => routeRecipient(context.db, address),
    ingest: (mail) => ingestEmail(ingestDeps, mail),
  });
  const { port } = await smtp.listen(0, '127.0.0.1');
  return { port, smtp, ingestDeps, jobs, close: () => smtp.close() };
}

/** A mail server on loopback that keeps what it receives: the customer's side of the conversation. */
export async function startMailCatcher(options: { port?: number } = {}) {
  const received: { parsed: ParsedMail; raw: Buffer; to: string[] }[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            received.push({ parsed, raw, to: session.envelope.rcptTo.map((r) => r.address) });
            for (const wake of waiters.splice(0)) wake();
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Sends a message the way a customer's mail server would, over real SMTP on loopback. */
export async function sendMail(port: number, mail: SendMailOptions) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail(mail);
  } finally {
    transport.close();
  }
}

/** A port nothing listens on (opened then closed), to play a mail server that is down. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
