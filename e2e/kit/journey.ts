import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser.ts';
import { type Desk, type Invitee, type Person, setUpDesk, signIn, watchConsole } from './desk.ts';
import { type RunningServer, startServer } from './server.ts';

/**
 * What a block of browser journeys runs against. Call these inside `describe.runIf(browserAvailable())`,
 * so a missing browser is skipped or failed there; the fields are filled before the block's tests run.
 */
export interface Journey {
  server: RunningServer;
  browser: Browser;
}

export interface SignInOptions extends BrowserContextOptions {
  /** Runs on the fresh context before the sign-in page opens (routes, timeouts). */
  beforeSignIn?(context: BrowserContext): Promise<unknown> | unknown;
}

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  /** Console errors of the page from just after sign-in on. */
  consoleErrors: string[];
}

export interface DeskJourney extends Journey {
  desk: Desk;
  /** Signs a person in on a browser context of their own, a desktop screen unless the options say otherwise. */
  signIn(person: Person, options?: SignInOptions): Promise<SignedIn>;
}

/** A fresh Rapport and Chromium for the block, stopped after it. */
export function withRapport(): Journey {
  const journey = {} as Journey;
  beforeAll(async () => {
    journey.server = await startServer();
    journey.browser = await launchBrowser();
  });
  afterAll(async () => {
    await journey.browser?.close();
    await journey.server?.stop();
  });
  return journey;
}

/** A fresh Rapport and Chromium with a desk: the admin, these invitees, the Support team and inbox. */
export function withDesk(invitees: Invitee[]): DeskJourney {
  const journey = withRapport() as DeskJourney;
  beforeAll(async () => {
    journey.desk = await setUpDesk(journey.server, invitees);
  });
  journey.signIn = async (person, { beforeSignIn, ...contextOptions } = {}) => {
    const context = await journey.browser.newContext({ viewport: { width: 1280, height: 720 }, ...contextOptions });
    await beforeSignIn?.(context);
    const page = await signIn(context, journey.server.url, person);
    return { context, page, consoleErrors: watchConsole(page) };
  };
  return journey;
}
