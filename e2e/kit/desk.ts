import type { BrowserContext, Page } from 'playwright-core';
import type { RunningServer } from './server.ts';

/**
 * Sets up an account for a journey through the real HTTP API, the way an admin and an integration
 * would: the printed setup link makes the admin, invitations make agents, an API token is the
 * integration that brings customer messages in.
 */

type Json = Record<string, unknown>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} answered ${status}: ${JSON.stringify(body)}`);
  }
}

/** One caller of the API: a signed-in person (cookie + CSRF token) or an integration (Bearer token). */
export class ApiCaller {
  constructor(
    readonly baseUrl: string,
    private readonly auth: { cookie: string; csrfToken: string } | { bearer: string },
  ) {}

  get sessionCookie(): string | undefined {
    return 'cookie' in this.auth ? this.auth.cookie : undefined;
  }

  async request<T = Json>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if ('bearer' in this.auth) headers.authorization = `Bearer ${this.auth.bearer}`;
    else {
      headers.cookie = this.auth.cookie;
      if (method !== 'GET') headers['x-csrf-token'] = this.auth.csrfToken;
    }
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload: unknown = response.status === 204 ? undefined : await response.json().catch(() => undefined);
    if (!response.ok) throw new ApiError(response.status, payload, `${method} ${path}`);
    return payload as T;
  }

  get = <T = Json>(path: string) => this.request<T>('GET', path);
  post = <T = Json>(path: string, body: unknown = {}) => this.request<T>('POST', path, body);
  put = <T = Json>(path: string, body: unknown) => this.request<T>('PUT', path, body);
  patch = <T = Json>(path: string, body: unknown) => this.request<T>('PATCH', path, body);
}

function tokenOf(link: string): string {
  const token = new URL(link).hash.replace(/^#token=/, '');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

async function acceptInvitation(
  baseUrl: string,
  body: { token: string; name: string; email?: string; password: string },
): Promise<{ caller: ApiCaller; userId: string }> {
  const response = await fetch(`${baseUrl}/api/v1/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const payload = (await response.json()) as { user: { id: string }; csrfToken: string };
  if (!response.ok) throw new ApiError(response.status, payload, 'POST /invitations/accept');
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { caller: new ApiCaller(baseUrl, { cookie, csrfToken: payload.csrfToken }), userId: payload.user.id };
}

export interface Person {
  id: string;
  name: string;
  email: string;
  password: string;
  api: ApiCaller;
}

export interface Desk {
  admin: Person;
  agents: Person[];
  /** The integration: an API token of the admin, used as customers' messages arrive. */
  integration: ApiCaller;
  teamId: string;
  inboxId: string;
}

/** Someone the admin invites; an agent unless said otherwise. */
export interface Invitee {
  name: string;
  email: string;
  role?: 'agent' | 'advocate';
}

export async function setUpDesk(server: RunningServer, agents: Invitee[]): Promise<Desk> {
  if (!server.setupLink) throw new Error(`no setup link printed:\n${server.output()}`);
  const password = 'a long journey password';
  const adminSession = await acceptInvitation(server.url, {
    token: tokenOf(server.setupLink),
    name: 'Ana Admin',
    email: 'ana@example.test',
    password,
  });
  const admin: Person = {
    id: adminSession.userId,
    name: 'Ana Admin',
    email: 'ana@example.test',
    password,
    api: adminSession.caller,
  };
  const { token } = await admin.api.post<{ token: string }>('/api-tokens', { name: 'Journey integration' });
  const integration = new ApiCaller(server.url, { bearer: token });

  const people: Person[] = [];
  for (const agent of agents) {
    const { link } = await admin.api.post<{ link: string }>('/invitations', {
      email: agent.email,
      role: agent.role ?? 'agent',
    });
    const session = await acceptInvitation(server.url, { token: tokenOf(link), name: agent.name, password });
    people.push({ id: session.userId, name: agent.name, email: agent.email, password, api: session.caller });
  }

  const { teams } = await admin.api.get<{ teams: { id: string; name: string }[] }>('/teams');
  const { inboxes } = await admin.api.get<{ inboxes: { id: string; name: string }[] }>('/inboxes');
  const team = teams.find((item) => item.name === 'Support');
  const inbox = inboxes.find((item) => item.name === 'Support');
  if (!team || !inbox) throw new Error('the first start should create a Support team and inbox');
  const workers = people.filter((_person, index) => (agents[index]?.role ?? 'agent') === 'agent');
  await admin.api.put(`/teams/${team.id}/members`, {
    members: workers.map((person) => ({ userId: person.id, isLead: false })),
  });
  return { admin, agents: people, integration, teamId: team.id, inboxId: inbox.id };
}

/** A customer writes in, through the integration, as an email would arrive. */
export async function customerWrites(
  desk: Desk,
  input: { email: string; name: string; subject: string; body: string },
): Promise<{ id: string; number: number }> {
  const { conversation } = await desk.integration.post<{ conversation: { id: string; number: number } }>(
    '/conversations',
    {
      inboxId: desk.inboxId,
      customer: { identity: { kind: 'email', value: input.email }, name: input.name },
      subject: input.subject,
      channel: 'email',
      message: { body: input.body },
    },
  );
  return conversation;
}

/** Signs a person in through the sign-in page, as they would every morning. */
export async function signIn(context: BrowserContext, baseUrl: string, person: Person): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 });
  return page;
}

/** Collects console errors of a page, leaving out expected 401s from before sign-in. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().includes('401')) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
