// One coded application error, and the one place that turns any failure into
// application/problem+json (RFC 9457). Services throw AppError('person.not_found'); the status
// comes from the code's kind, never from matching a message.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';

/** The kinds of failure a service can report, each with its HTTP status. */
const KIND_STATUS = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unsupported: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  insufficient_storage: 507,
} as const;
export type ErrorKind = keyof typeof KIND_STATUS;

export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    readonly detail?: string,
    readonly fields?: FieldIssue[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? code);
    this.status = KIND_STATUS[kind];
  }
}

/** Shorthands, so a service reads `throw notFound('person')`. */
export const notFound = (entity: string, detail?: string) => new AppError(`${entity}.not_found`, 'not_found', detail ?? `${entity} not found`);
export const forbidden = (code: string, detail?: string) => new AppError(code, 'forbidden', detail ?? 'not allowed for your role or area');
export const conflict = (code: string, detail: string) => new AppError(code, 'conflict', detail);
export const invalid = (code: string, detail: string, fields?: FieldIssue[]) => new AppError(code, 'invalid', detail, fields);
export const fieldError = (path: string, message: string, code = 'validation.failed') =>
  new AppError(code, 'invalid', `${path}: ${message}`, [{ path, message }]);

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  414: 'URI Too Long',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  fields?: FieldIssue[];
}

export function problem(status: number, code: string, detail?: string, fields?: FieldIssue[]): ProblemBody {
  return { type: `https://linli.dev/problems/${code}`, title: TITLES[status] ?? 'Error', status, code, ...(detail ? { detail } : {}), ...(fields?.length ? { fields } : {}) };
}

function zodFields(issues: ZodError['issues'], prefix: string): FieldIssue[] {
  return issues.map((i) => ({ path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'), message: i.message }));
}

/** Fastify's own 4xx codes (bad JSON, wrong content type, body too large, ...) with stable codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request.empty_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'request.malformed_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request.too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'request.unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request.invalid_content_length',
  FST_ERR_VALIDATION: 'validation.failed',
  FST_REQ_FILE_TOO_LARGE: 'upload.too_large',
  FST_FILES_LIMIT: 'upload.too_many_files',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'upload.not_multipart',
  FST_ERR_BAD_URL: 'request.bad_url',
  FST_ERR_MAX_PARAM_LENGTH: 'request.parameter_too_long',
};

export function toProblem(err: unknown): { body: ProblemBody; headers?: Record<string, string>; unexpected: boolean } {
  if (err instanceof AppError) return { body: problem(err.status, err.code, err.detail, err.fields), headers: err.headers, unexpected: false };
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext ?? 'body';
    const fields = err.validation.map((v) => ({
      path: [where === 'querystring' ? 'query' : where, ...String(v.instancePath ?? '').split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'invalid',
    }));
    return { body: problem(400, 'validation.failed', fields.map((f) => `${f.path}: ${f.message}`).join('; '), fields), unexpected: false };
  }
  if (err instanceof ZodError) {
    const fields = zodFields(err.issues, '');
    return { body: problem(400, 'validation.failed', fields.map((f) => `${f.path}: ${f.message}`).join('; '), fields), unexpected: false };
  }
  if (isResponseSerializationError(err)) return { body: problem(500, 'internal.error', 'unexpected error'), unexpected: true };
  const fe = err as FastifyError;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = (fe.code && FASTIFY_CODES[fe.code]) ?? (fe.statusCode === 429 ? 'request.rate_limited' : `request.${fe.statusCode}`);
    // Fastify's 4xx messages name the problem without internals (e.g. "Body is not valid JSON").
    return { body: problem(fe.statusCode, code, fe.message), unexpected: false };
  }
  // Bad input that reaches PostgreSQL as a value it rejects is still the caller's fault.
  const pgCode = (err as { code?: string }).code;
  // 22P02 bad text form, 22007/22008 bad dates, 22003 out of range, 22021/22P05 bad characters.
  if (pgCode && ['22P02', '22007', '22008', '22003', '22021', '22P05'].includes(pgCode)) {
    return { body: problem(400, 'validation.failed', 'a value has the wrong form'), unexpected: false };
  }
  return { body: problem(500, 'internal.error', 'unexpected error; it has been logged'), unexpected: true };
}

export function errorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const { body, headers, unexpected } = toProblem(err);
  if (unexpected) request.log.error({ err }, 'unhandled error');
  else request.log.debug({ code: body.code }, 'request refused');
  if (headers) void reply.headers(headers);
  return reply.code(body.status).type('application/problem+json').send(body);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply.code(404).type('application/problem+json').send(problem(404, 'route.not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
}
