// The one fetch client: cookie session, CSRF header on writes, problem+json errors as ApiError.
import type { Problem, SessionInfo } from '@linli/contracts';

export type FieldIssue = { path: string; message: string };

/** A refused or failed request, carrying the server's problem details. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  readonly fields: FieldIssue[];

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code;
    this.title = problem.title;
    this.detail = problem.detail;
    this.fields = problem.fields ?? [];
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request (other than the login and the session probe) answers 401. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

interface RequestOptions {
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not redirect to the login page on 401 (login itself, the session probe). */
  quiet401?: boolean;
  /** Sent as Idempotency-Key so a retried or double-clicked create is applied once. */
  idempotencyKey?: string;
}

/**
 * A fresh idempotency key. getRandomValues works on plain-http intranet deployments too,
 * where crypto.randomUUID is unavailable.
 */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  let res: Response;
  try {
    res = await fetch(withQuery(path, opts.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError({ type: 'about:blank', title: 'Network Error', status: 0, code: 'network.unreachable' });
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const data: unknown = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    const problem = isProblem(data)
      ? data
      : { type: 'about:blank', title: res.statusText || 'Error', status: res.status, code: `http.${res.status}` };
    if (res.status === 401 && !opts.quiet401) {
      csrfToken = null;
      onUnauthorized?.();
    }
    throw new ApiError(problem);
  }
  return data as T;
}

function isProblem(v: unknown): v is Problem {
  return typeof v === 'object' && v !== null && 'status' in v && 'code' in v;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown, opts?: { idempotencyKey?: string }) => request<T>('POST', path, { body: body ?? {}, idempotencyKey: opts?.idempotencyKey }),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, { body }),
  delete: <T>(path: string) => request<T>('DELETE', path),

  /** Log in; keeps the CSRF token for later writes. */
  async login(username: string, password: string): Promise<SessionInfo> {
    const info = await request<SessionInfo>('POST', '/api/auth/login', { body: { username, password }, quiet401: true });
    csrfToken = info.csrfToken;
    return info;
  },
  /** The current session, or null when nobody is logged in. */
  async me(): Promise<SessionInfo | null> {
    try {
      const info = await request<SessionInfo>('GET', '/api/auth/me', { quiet401: true });
      csrfToken = info.csrfToken;
      return info;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  async logout(): Promise<void> {
    try {
      await request('POST', '/api/auth/logout', { body: {}, quiet401: true });
    } finally {
      csrfToken = null;
    }
  },
};

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
