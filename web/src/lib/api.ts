// The one door to the server: same-origin cookie session, the CSRF token on every write, and
// problem+json errors turned into ApiError so forms can show each message next to its field.

export const API_BASE = '/api/v1';

export type FieldIssue = { path: string; message: string };

/** A keyset page, as every list endpoint answers it. */
export type Page<T> = { items: T[]; nextCursor: string | null };

type ApiErrorInit = {
  status: number;
  title: string;
  detail?: string | undefined;
  errors?: FieldIssue[] | undefined;
  retryAfterSeconds?: number | undefined;
  problem?: Record<string, unknown> | undefined;
};

/** An answer that is not 2xx (status 0: the server was not reached). */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldIssue[];
  readonly retryAfterSeconds: number | undefined;
  /** The whole problem document, for the members some answers add (`code`, `current`, `allowed`). */
  readonly problem: Record<string, unknown>;

  constructor(init: ApiErrorInit) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.problem = init.problem ?? {};
  }

  /** A machine-readable reason some answers carry (`version_conflict`, `illegal_transition`). */
  get code(): string | undefined {
    return typeof this.problem.code === 'string' ? this.problem.code : undefined;
  }

  /** The first message for each field, keyed by the field's top-level name (`inn`, `lineIds`). */
  get fieldErrors(): Record<string, string> {
    const byField: Record<string, string> = {};
    for (const issue of this.errors) {
      const field = fieldNameOf(issue.path);
      if (field && !(field in byField)) {
        byField[field] = issue.message;
      }
    }
    return byField;
  }
}

// Validators spell paths differently ("/inn", "body/inn", "body.inn", "lineIds/0"): keep the field name.
const fieldNameOf = (path: string): string | undefined => {
  const segments = path.split(/[/.[\]]/).filter((segment) => segment !== '');
  return segments[0] === 'body' ? segments[1] : segments[0];
};

let csrfToken: string | null = null;
let language = 'ru';
let handleUnauthorized: () => void = () => {};

/** Remembers the CSRF token from the login answer or GET /me; kept in memory only, never in storage. */
export const setCsrfToken = (token: string | null): void => {
  csrfToken = token;
};

/** Sent as Accept-Language, so the server can word its messages in the user's language. */
export const setApiLanguage = (lng: string): void => {
  language = lng;
};

/** Called on a 401 from any call that does not expect one (the session ended). */
export const setUnauthorizedHandler = (handler: () => void): void => {
  handleUnauthorized = handler;
};

type QueryValue = string | number | boolean | null | undefined;
type Query = Record<string, QueryValue | readonly QueryValue[]>;

export type RequestOptions = {
  query?: Query;
  signal?: AbortSignal;
  /** The caller handles 401 itself (login, the session probe) instead of being sent to /login. */
  expectUnauthorized?: boolean;
  /** Extra headers, such as `Idempotency-Key` on a create. */
  headers?: Record<string, string>;
};

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const buildUrl = (path: string, query: Query | undefined): string => {
  const params = new URLSearchParams();
  const isPresent = (value: QueryValue) => value !== undefined && value !== null && value !== '';
  for (const [key, value] of Object.entries(query ?? {})) {
    // An array repeats the parameter (`?status=new&status=evaluated`), as the API reads lists.
    for (const item of Array.isArray(value) ? (value as readonly QueryValue[]) : [value as QueryValue]) {
      if (isPresent(item)) {
        params.append(key, String(item));
      }
    }
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
};

const parseRetryAfter = (header: string | null): number | undefined => {
  if (!header) {
    return undefined;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds)) {
    return seconds;
  }
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round((at - Date.now()) / 1000));
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const toFieldIssues = (value: unknown): FieldIssue[] =>
  Array.isArray(value)
    ? value.filter(isRecord).map((issue) => ({
        path: typeof issue.path === 'string' ? issue.path : '',
        message: typeof issue.message === 'string' ? issue.message : '',
      }))
    : [];

const toApiError = async (response: Response): Promise<ApiError> => {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's HTML page, an empty body): the status alone has to do.
  }
  const problem = isRecord(body) ? body : {};
  return new ApiError({
    status: response.status,
    title:
      typeof problem.title === 'string' ? problem.title : response.statusText || `HTTP ${response.status}`,
    detail: typeof problem.detail === 'string' ? problem.detail : undefined,
    errors: toFieldIssues(problem.errors),
    retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')),
    problem,
  });
};

const request = async <T>(
  method: Method,
  path: string,
  body: unknown,
  options: RequestOptions = {},
): Promise<T> => {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': language,
    ...options.headers,
  };
  // A FormData body (a file upload) sets its own multipart Content-Type with the boundary.
  const isForm = body instanceof FormData;
  if (body !== undefined && !isForm) {
    headers['Content-Type'] = 'application/json';
  }
  // CSRF protection for cookie sessions: every write carries the token the server handed out.
  if (method !== 'GET' && csrfToken) {
    headers['X-CSRF-Token'] = csrfToken;
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body: body === undefined ? null : isForm ? body : JSON.stringify(body),
      credentials: 'same-origin',
      signal: options.signal ?? null,
    });
  } catch (error) {
    if (options.signal?.aborted) {
      throw error;
    }
    throw new ApiError({ status: 0, title: 'Network error' });
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (error.status === 401 && !options.expectUnauthorized) {
      handleUnauthorized();
    }
    throw error;
  }
  if (response.status === 204 || response.headers.get('Content-Length') === '0') {
    return undefined as T;
  }
  return (await response.json()) as T;
};

export const api = {
  get: <T>(path: string, options?: RequestOptions): Promise<T> => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> =>
    request<T>('POST', path, body, options),
  put: <T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> =>
    request<T>('PUT', path, body, options),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> =>
    request<T>('PATCH', path, body, options),
  delete: <T = void>(path: string, options?: RequestOptions): Promise<T> =>
    request<T>('DELETE', path, undefined, options),
  /** POSTs multipart/form-data (files), with the same CSRF token and error handling as JSON calls. */
  upload: <T>(path: string, form: FormData, options?: RequestOptions): Promise<T> =>
    request<T>('POST', path, form, options),
};

/** True for a 4xx answer: retrying the same request will not help. */
export const isClientError = (error: unknown): boolean =>
  error instanceof ApiError && error.status >= 400 && error.status < 500;
