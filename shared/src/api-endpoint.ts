import { z } from 'zod';
import { IdSchema } from './adaptation.js';
import { ERROR_CODES, type ErrorCode } from './errors.js';

/**
 * How the REST contract is written (every api-*.ts declares its endpoints with `endpoint`), and the error
 * body, cursor and person reference the resources share: kept apart from the resources so each contract file imports only this.
 */

/** Every error response body. */
export const ErrorResponseSchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});

/** A person as the coach workspace names them (a Margins user id, never an LMS `sub`). */
export const PersonRefSchema = z.object({ userId: z.string(), name: z.string() });
/** A person reference. */
export type PersonRef = z.infer<typeof PersonRefSchema>;

/** Opaque pagination / sync cursor chosen by the server. */
export const CursorSchema = z
  .string()
  .max(200, 'The cursor is not valid.')
  .regex(/^[A-Za-z0-9_-]*$/, 'The cursor is not valid.');

/** Who may call an endpoint: an LMS session (launch), a paired extension token, either, or anyone. */
export type EndpointAuth = 'launch' | 'extension' | 'launch-or-extension' | 'public';

/** An endpoint of the contract. */
export interface Endpoint<
  Params extends z.ZodType,
  Query extends z.ZodType,
  Body extends z.ZodType,
  Response extends z.ZodType,
  Auth extends EndpointAuth = EndpointAuth,
> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /**
   * Who may call it. The tool's route table (lti-tool/src/routes/table.ts) enforces it: the guard of
   * each route is this value, so the contract and the server cannot disagree.
   */
  auth: Auth;
  params: Params;
  query: Query;
  body: Body;
  response: Response;
}

const none = z.object({}).strict();
/** The `:id` path parameter most endpoints take. */
export const idParams = z.object({ id: IdSchema });
/** Declares one endpoint of the contract (the other API files of the tool use it too). */
export function endpoint<
  P extends z.ZodType = typeof none,
  Q extends z.ZodType = typeof none,
  B extends z.ZodType = typeof none,
  R extends z.ZodType = z.ZodType,
  A extends EndpointAuth = EndpointAuth,
>(e: {
  method: Endpoint<P, Q, B, R>['method'];
  path: string;
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  response: R;
}): Endpoint<P, Q, B, R, A> {
  return { params: none as unknown as P, query: none as unknown as Q, body: none as unknown as B, ...e };
}

/** Fills `:name` segments of an endpoint path; values are URI-encoded. */
export function buildPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Missing path parameter ${name} for ${path}`);
    return encodeURIComponent(value);
  });
}
