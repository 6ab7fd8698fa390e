/**
 * The one table of error codes the platform returns. The HTTP status and the CLI exit code
 * are derived from it, and `docs/errors.md` documents every entry (a unit test keeps the two
 * in step).
 */
export const ErrorCode = {
  ECIF_VALIDATION: { status: 400, exit: 2, message: 'Invalid input' },
  ECIF_UNKNOWN_SOURCE_SYSTEM: { status: 400, exit: 2, message: 'Unknown source system' },
  ECIF_FIELD_UPDATE_FORBIDDEN: {
    status: 403,
    exit: 3,
    message: 'This source system may not change the field',
  },
  ECIF_CUSTOMER_NOT_FOUND: { status: 404, exit: 4, message: 'Customer not found' },
  ECIF_ITEM_NOT_FOUND: { status: 404, exit: 4, message: 'Item not found' },
  ECIF_ROUTE_NOT_FOUND: { status: 404, exit: 4, message: 'No such route' },
  ECIF_VERSION_CONFLICT: {
    status: 409,
    exit: 3,
    message: 'The customer changed since the version you read',
  },
  ECIF_CUSTOMER_INACTIVE: { status: 409, exit: 3, message: 'The customer is deactivated' },
  ECIF_CUSTOMER_MERGED: { status: 409, exit: 3, message: 'The customer was merged into another' },
  ECIF_SOURCE_REF_CONFLICT: {
    status: 409,
    exit: 3,
    message: 'The source reference belongs to another customer',
  },
  ECIF_PRECONDITION_REQUIRED: {
    status: 428,
    exit: 3,
    message: 'A version (If-Match header or body.version) is required for this change',
  },
  ECIF_INGEST_BAD_FILE: {
    status: 422,
    exit: 3,
    message: 'Batch file rejected: control totals, companion file or format',
  },
  ECIF_INGEST_MASS_UNLINK: {
    status: 409,
    exit: 3,
    message:
      'The full snapshot would unlink more source records than allowed; nothing was unlinked',
  },
  ECIF_JOB_NOT_FOUND: { status: 404, exit: 4, message: 'Batch job not found' },
  ECIF_JOB_NOT_RERUNNABLE: {
    status: 409,
    exit: 3,
    message: 'Only a failed batch job can be re-run',
  },
  ECIF_JOB_RUNNING: { status: 409, exit: 3, message: 'This file is being loaded right now' },
  ECIF_SCHEDULE_NOT_FOUND: { status: 404, exit: 4, message: 'Load schedule not found' },
  ECIF_PAYLOAD_TOO_LARGE: { status: 413, exit: 2, message: 'Request body too large' },
  ECIF_UNSUPPORTED_MEDIA_TYPE: { status: 415, exit: 2, message: 'Unsupported content type' },
  ECIF_INTERNAL: { status: 500, exit: 1, message: 'Internal error' },
} as const satisfies Record<string, { status: number; exit: number; message: string }>;

export type ErrorCode = keyof typeof ErrorCode;

/** Expected failures carry a code from the table; anything else is a bug and becomes ECIF_INTERNAL. */
export class EcifError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message?: string,
    details?: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message ?? ErrorCode[code].message, options);
    this.name = 'EcifError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return ErrorCode[this.code].status;
  }
}

export function isEcifError(error: unknown): error is EcifError {
  return error instanceof EcifError;
}
