import type { Attachment, WidgetMessage, WidgetSendResult, WidgetSession } from '@rapport/contracts';

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
  send(body: {
    clientId: string;
    body: string;
    attachmentIds?: string[];
    language: string;
    timeZone: string;
  }): Promise<WidgetSendResult>;
  messages(after: string | null): Promise<{ messages: WidgetMessage[] }>;
  contact(body: {
    name?: string;
    email?: string;
  }): Promise<{ customer: { name: string | null; email: string | null } }>;
  upload(file: File): Promise<{ attachment: Attachment }>;
  /** A file as a blob: links cannot carry the visitor header, so the frame fetches and hands it over. */
  download(url: string): Promise<Blob>;
  liveUrl(): string;
}

export function createApi(inboxId: string, visitorId: () => string): WidgetApi {
  const base = `/api/v1/widget/inboxes/${encodeURIComponent(inboxId)}`;
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const form = body instanceof FormData;
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'x-rapport-visitor': visitorId(),
        ...(body === undefined || form ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
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
    upload(file) {
      const form = new FormData();
      form.append('file', file, file.name);
      return call('POST', '/attachments', form);
    },
    async download(url) {
      const response = await fetch(url, { headers: { 'x-rapport-visitor': visitorId() } });
      if (!response.ok) throw new WidgetApiError(response.status, 'download', `HTTP ${response.status}`);
      return response.blob();
    },
    liveUrl: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${base}/live`,
  };
}
