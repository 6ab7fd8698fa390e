import { EcifError, ErrorCode, type Issue } from '@ecif/core';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; details?: Record<string, unknown> };
}

function send(
  reply: FastifyReply,
  request: FastifyRequest,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
) {
  const body: ErrorBody = {
    error: { code, message, requestId: String(request.id), ...(details ? { details } : {}) },
  };
  return reply.status(ErrorCode[code].status).send(body);
}

/**
 * What of an unexpected error goes to the log: a database error's `detail` and `where` can
 * quote the failing row (ID numbers, names), so only its code and the constraint are kept.
 */
export function loggableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & {
    code?: unknown;
    constraint?: unknown;
    table?: unknown;
    column?: unknown;
  };
  return {
    type: e.name,
    message: e.message,
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.constraint === 'string' ? { constraint: e.constraint } : {}),
    ...(typeof e.table === 'string' ? { table: e.table } : {}),
    ...(typeof e.column === 'string' ? { column: e.column } : {}),
    stack: e.stack,
  };
}

/** Turns one schema-validation failure into issues that name the field (`attributes.idNo`). */
function validationIssues(
  error: FastifyError & { validation: unknown[] },
  context: string | undefined,
): Issue[] {
  const prefix = context === 'body' || context === undefined ? '' : `${context}.`;
  return error.validation.map((v) => {
    const item = v as {
      instancePath?: string;
      message?: string;
      params?: { keys?: string[]; code?: string };
    };
    const path = (item.instancePath ?? '').split('/').filter(Boolean).join('.');
    const keys = item.params?.keys;
    const field = keys?.length ? [path, keys.join(',')].filter(Boolean).join('.') : path;
    return {
      field: `${prefix}${field}` || context || 'body',
      code: keys?.length ? 'FIELD_UNKNOWN' : 'SCHEMA',
      message: keys?.length ? 'is not an accepted field' : (item.message ?? 'is invalid'),
      severity: 'error',
    };
  });
}

const FASTIFY_CLIENT_ERRORS: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'ECIF_PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'ECIF_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'ECIF_VALIDATION',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'ECIF_VALIDATION',
  FST_ERR_CTP_INVALID_JSON_BODY: 'ECIF_VALIDATION',
};

/**
 * The one boundary where errors become responses: expected errors keep their code and details;
 * anything unexpected is logged with its stack and answered with a generic ECIF_INTERNAL, so
 * no SQL, stack trace or schema detail ever reaches a client.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof EcifError) {
      if (error.status >= 500) request.log.error({ error: loggableError(error) }, 'request.failed');
      return send(reply, request, error.code, error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = validationIssues(error, error.validationContext);
      return send(
        reply,
        request,
        'ECIF_VALIDATION',
        `Invalid ${error.validationContext ?? 'input'}: ${issues.map((i) => i.field).join(', ')}`,
        { issues },
      );
    }
    const mapped = error.code ? FASTIFY_CLIENT_ERRORS[error.code] : undefined;
    if (mapped) {
      const field = 'body';
      return send(reply, request, mapped, ErrorCode[mapped].message, {
        issues: [
          {
            field,
            code: error.code,
            message:
              error.code === 'FST_ERR_CTP_INVALID_JSON_BODY'
                ? 'is not valid JSON'
                : ErrorCode[mapped].message,
            severity: 'error',
          },
        ],
      });
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.info({ code: error.code }, 'request.rejected');
      return send(reply, request, 'ECIF_VALIDATION', 'The request could not be understood', {
        issues: [
          {
            field: 'request',
            code: error.code ?? 'BAD_REQUEST',
            message: 'is malformed',
            severity: 'error',
          },
        ],
      });
    }
    request.log.error({ error: loggableError(error) }, 'request.failed');
    return send(reply, request, 'ECIF_INTERNAL', ErrorCode.ECIF_INTERNAL.message);
  });
  app.setNotFoundHandler((request, reply) =>
    send(
      reply,
      request,
      'ECIF_ROUTE_NOT_FOUND',
      `No route ${request.method} ${request.url.split('?')[0] ?? ''}`,
    ),
  );
}
