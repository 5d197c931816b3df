import type { WidgetMessage, WidgetSendResult, WidgetSession } from '@rapport/contracts';

/** A request the server refused, with its error body; a network failure is a plain TypeError. */
export class WidgetApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface WidgetApi {
  session(body: object): Promise<WidgetSession>;
  send(body: { clientId: string; body: string; language: string; timeZone: string }): Promise<WidgetSendResult>;
  messages(after: string | null): Promise<{ messages: WidgetMessage[] }>;
  contact(body: {
    name?: string;
    email?: string;
  }): Promise<{ customer: { name: string | null; email: string | null } }>;
  liveUrl(): string;
}

export function createApi(inboxId: string, visitorId: () => string): WidgetApi {
  const base = `/api/v1/widget/inboxes/${encodeURIComponent(inboxId)}`;
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'x-rapport-visitor': visitorId(),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const payload = (await response.json().catch(() => ({}))) as {
      error?: { code: string; message: string; details?: { retryAfterSeconds?: number } };
    };
    if (!response.ok) {
      throw new WidgetApiError(
        response.status,
        payload.error?.code ?? 'unknown',
        payload.error?.message ?? `HTTP ${response.status}`,
        payload.error?.details?.retryAfterSeconds,
      );
    }
    return payload as T;
  }
  return {
    session: (body) => call('POST', '/session', body),
    send: (body) => call('POST', '/messages', body),
    messages: (after) => call('GET', `/messages${after ? `?after=${encodeURIComponent(after)}` : ''}`),
    contact: (body) => call('PUT', '/contact', body),
    liveUrl: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${base}/live`,
  };
}
