import type { ErrorBody } from '@rapport/contracts';

const apiBase = '/api/v1';

/** A failed API call: `code` is what code branches on, `message` is what the person reads. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Per-field messages of a 400 validation error, keyed by field name. */
  readonly fields: Record<string, string>;
  readonly details: unknown;

  constructor(input: { status: number; code: string; message: string; details?: unknown }) {
    super(input.message);
    this.name = 'ApiError';
    this.status = input.status;
    this.code = input.code;
    this.details = input.details;
    this.fields = readFields(input.details);
  }
}

function readFields(details: unknown): Record<string, string> {
  if (!details || typeof details !== 'object' || !('fields' in details)) return {};
  const fields = (details as { fields: unknown }).fields;
  if (!fields || typeof fields !== 'object') return {};
  const result: Record<string, string> = {};
  for (const [name, message] of Object.entries(fields)) {
    if (typeof message === 'string') result[name] = message;
  }
  return result;
}

let csrfToken: string | null = null;

/** Cookie-authenticated writes must echo the token the server gave us with the Me object. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** True for the 401s that mean "this browser has no valid session any more". */
export function isUnauthenticated(error: unknown): error is ApiError {
  return (
    isApiError(error) &&
    error.status === 401 &&
    (error.code === 'auth.unauthenticated' || error.code === 'auth.session_expired')
  );
}

/** The text to show a person for any error thrown by a query or mutation. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) return error.message;
  return 'Something went wrong. Try again, and reload the page if it keeps happening.';
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // A form (file upload) sets its own multipart Content-Type with the boundary.
  const isForm = body instanceof FormData;
  if (body !== undefined && !isForm) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network.unreachable',
      message: 'Rapport could not be reached. Check your connection and try again.',
    });
  }

  if (response.status === 204) return undefined as T;

  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;

  const error = (payload as Partial<ErrorBody> | undefined)?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string') {
    throw new ApiError({ status: response.status, code: error.code, message: error.message, details: error.details });
  }
  // A proxy or a crashed server can answer without our error shape.
  throw new ApiError({
    status: response.status,
    code: `http.${response.status}`,
    message: `Rapport did not answer as expected (HTTP ${response.status}). Try again in a moment.`,
  });
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: (path: string) => request<void>('DELETE', path),
  /** Sends one file as multipart/form-data in a field named "file". */
  upload: <T>(path: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return request<T>('POST', path, form);
  },
};
