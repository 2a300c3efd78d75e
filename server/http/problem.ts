import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

export type FieldError = { path: string; message: string };

/** An error the client caused or may see: it maps to one application/problem+json answer. */
export class AppError extends Error {
  readonly status: number;
  readonly title: string;
  readonly extra: Record<string, unknown>;
  constructor(status: number, title: string, detail: string, extra: Record<string, unknown> = {}) {
    super(detail);
    this.status = status;
    this.title = title;
    this.extra = extra;
  }
}

export class BadRequestError extends AppError {
  constructor(detail: string, errors: FieldError[] = []) {
    super(400, 'Bad Request', detail, errors.length ? { errors } : {});
  }
}

/** A single offending field, named as the API contract requires. */
export class FieldValidationError extends BadRequestError {
  constructor(path: string, message: string) {
    super(`${path}: ${message}`, [{ path, message }]);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'Authentication required') {
    super(401, 'Unauthorized', detail);
  }
}

export class ForbiddenError extends AppError {
  constructor(detail = 'You may not do this') {
    super(403, 'Forbidden', detail);
  }
}

// Records the caller may not see answer 404 too: existence is not leaked.
export class NotFoundError extends AppError {
  constructor(what = 'Resource') {
    super(404, 'Not Found', `${what} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super(409, 'Conflict', detail, extra);
  }
}

export class TooManyRequestsError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(detail: string, retryAfterSeconds: number) {
    super(429, 'Too Many Requests', detail);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

// Unique constraints that a user can run into, and the input field each one is about.
const UNIQUE_FIELDS: Record<string, { path: string; message: string }> = {
  users_email_key: { path: 'email', message: 'a user with this e-mail already exists' },
  clients_inn_key: { path: 'inn', message: 'a client with this INN already exists' },
  support_lines_code_key: { path: 'code', message: 'this code is taken' },
  support_groups_code_key: { path: 'code', message: 'this code is taken' },
};

type DbError = { code?: string; constraint?: string };

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
};

function validationErrors(error: FastifyError): FieldError[] {
  return (error.validation ?? []).map((issue) => {
    const params = issue.params;
    const base = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const child =
      typeof params.missingProperty === 'string'
        ? params.missingProperty
        : typeof params.additionalProperty === 'string'
          ? params.additionalProperty
          : '';
    const path = [base, child].filter(Boolean).join('.') || (error.validationContext ?? 'body');
    const message =
      typeof params.additionalProperty === 'string'
        ? 'is not a known field'
        : (issue.message ?? 'is invalid');
    return { path, message };
  });
}

export type Problem = { status: number; title: string; detail: string; [key: string]: unknown };

/** Turns anything thrown by a route into a problem document, and tells whether it was our fault. */
export function toProblem(error: unknown): { problem: Problem; isServerError: boolean; retryAfter?: number } {
  if (error instanceof AppError) {
    const retryAfter = error instanceof TooManyRequestsError ? error.retryAfterSeconds : undefined;
    return {
      problem: { status: error.status, title: error.title, detail: error.message, ...error.extra },
      isServerError: false,
      ...(retryAfter ? { retryAfter } : {}),
    };
  }
  const dbError = error as DbError;
  const field =
    dbError.code === '23505' && dbError.constraint ? UNIQUE_FIELDS[dbError.constraint] : undefined;
  if (field) {
    return {
      problem: { status: 409, title: 'Conflict', detail: `${field.path}: ${field.message}`, errors: [field] },
      isServerError: false,
    };
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const errors = validationErrors(fastifyError);
    const detail = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return { problem: { status: 400, title: 'Bad Request', detail, errors }, isServerError: false };
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return {
      problem: { status, title: STATUS_TITLES[status] ?? 'Bad Request', detail: fastifyError.message },
      isServerError: false,
    };
  }
  return {
    problem: { status: 500, title: 'Internal Server Error', detail: 'Something went wrong on our side' },
    isServerError: true,
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: unknown) {
  const { problem, isServerError, retryAfter } = toProblem(error);
  if (isServerError) {
    request.log.error({ err: error }, 'request failed');
  }
  if (retryAfter) {
    void reply.header('Retry-After', String(retryAfter));
  }
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({ ...problem, instance: request.url, requestId: request.id });
}
