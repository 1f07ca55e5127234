/**
 * One error vocabulary for the extension and the tool (STYLE: "one error path").
 * Each code has an HTTP status and a default sentence a teacher or admin can act on;
 * the tool's error middleware and the extension's message handlers both speak it.
 */
export const ERROR_CODES = {
  validation_failed: { status: 400, message: 'Some of the information sent was not valid.' },
  invalid_url: { status: 400, message: 'That address is not a web page Margins can annotate.' },
  invalid_annotation: { status: 400, message: 'That file is not a valid Web Annotation.' },
  unauthenticated: { status: 401, message: 'Please sign in again.' },
  token_expired: { status: 401, message: 'Your session has expired. Please sign in again.' },
  token_revoked: {
    status: 401,
    message: 'This browser was disconnected from your district. Connect it again to keep sharing.',
  },
  launch_invalid: { status: 401, message: 'The launch from your learning platform could not be verified.' },
  launch_malformed: {
    status: 400,
    message: 'The launch message from your learning platform is incomplete or of a kind Margins does not support.',
  },
  launch_storage_unavailable: {
    status: 401,
    message:
      'Your browser blocked the cookie Margins needs to finish signing you in, and your learning platform offered no other way. Allow cookies for this site, or open Margins in a new tab from your course.',
  },
  deployment_unknown: {
    status: 403,
    message:
      'This installation of Margins is not registered for your learning platform. Ask your district admin to add it.',
  },
  forbidden: { status: 403, message: 'You do not have permission to do that.' },
  install_code_invalid: {
    status: 403,
    message: 'The install code is missing, expired or already used. Ask your district admin for a new one.',
  },
  pairing_code_invalid: {
    status: 400,
    message: 'That connection code is wrong, expired or already used. Ask for a new code in your learning platform.',
  },
  not_found: { status: 404, message: 'That item was not found. It may have been deleted.' },
  conflict: { status: 409, message: 'Someone changed this at the same time. Review both versions before saving.' },
  already_exists: { status: 409, message: 'That already exists.' },
  resync_required: {
    status: 410,
    message:
      'This browser was away longer than the district keeps its list of changes. Margins downloads everything again; your own changes that were not shared yet are kept and sent.',
  },
  payload_too_large: { status: 413, message: 'That request is too large.' },
  quota_exceeded: {
    status: 507,
    message:
      "Your district's storage for Margins is full. Your change is kept in this browser and will be shared when there is room.",
  },
  rate_limited: { status: 429, message: 'Too many requests. Please wait a moment and try again.' },
  offline: {
    status: 503,
    message: 'You are offline. Your changes are kept and will be shared when you are back online.',
  },
  unavailable: { status: 503, message: 'The service is unavailable right now. Please try again shortly.' },
  storage_failed: {
    status: 500,
    message: 'Your browser could not save the data. Nothing was lost from the form; try again.',
  },
  internal: { status: 500, message: 'Something went wrong on our side. Please try again.' },
} as const satisfies Record<string, { status: number; message: string }>;

/** A code from {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** One field-level problem, as shown next to a form control or listed in an error page. */
export interface FieldIssue {
  /** Dotted path to the field, e.g. `audience.gradeBands.0`; empty for the whole value. */
  path: string;
  message: string;
}

/** The serialisable shape of an error: what crosses HTTP and extension messages. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
  /** Set by the tool so a support request can be matched to the log line. */
  requestId?: string;
}

/** The one error class both products throw for expected failures. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues: FieldIssue[] | undefined;

  constructor(code: ErrorCode, message?: string, issues?: FieldIssue[]) {
    super(message ?? ERROR_CODES[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.issues = issues;
  }

  /** The payload sent to clients; never includes a stack or internal detail. */
  toPayload(requestId?: string): ErrorPayload {
    return {
      code: this.code,
      message: this.message,
      ...(this.issues?.length ? { issues: this.issues } : {}),
      ...(requestId ? { requestId } : {}),
    };
  }

  /** Rebuilds an AppError from a payload received over HTTP or a message port. */
  static fromPayload(payload: ErrorPayload): AppError {
    const code = isErrorCode(payload.code) ? payload.code : 'internal';
    return new AppError(code, payload.message, payload.issues);
  }
}

/** True when `value` names one of the shared error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** Turns anything thrown into an AppError; unknown errors become `internal` without leaking their text. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('internal');
}
