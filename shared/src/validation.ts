import type { z } from 'zod';
import { AppError, type ErrorCode, type FieldIssue } from './errors.js';

type Issue = z.core.$ZodIssue;

/**
 * Picks the union branch that explains a failure best: the one that got past the type check
 * (its issues are deeper than "wrong type here"), else the first. Zod reports every branch.
 */
function bestUnionBranch(branches: Issue[][]): Issue[] {
  const informative = branches.filter(
    (b) => b.length > 0 && !b.every((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  return informative[0] ?? branches[0] ?? [];
}

function flatten(issues: readonly Issue[], prefix: PropertyKey[], out: FieldIssue[]): void {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    const hasCustomMessage = issue.message && issue.message !== 'Invalid input';
    if (issue.code === 'invalid_union' && !hasCustomMessage && issue.errors.length > 0) {
      flatten(bestUnionBranch(issue.errors), path, out);
    } else {
      out.push({ path: path.map(String).join('.'), message: issue.message });
    }
  }
}

/** Flattens zod issues (unions included) into path + sentence pairs that a form or error page can show. */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  const out: FieldIssue[] = [];
  flatten(error.issues, [], out);
  return out;
}

/** One readable sentence listing the first few problems, for logs and plain-text error pages. */
export function describeIssues(issues: FieldIssue[], max = 5): string {
  const shown = issues.slice(0, max).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
  const more = issues.length > max ? ` (and ${issues.length - max} more)` : '';
  return shown.join('; ') + more;
}

/**
 * Parses `data` at a trust boundary (HTTP body, extension message, stored row) and throws an
 * AppError carrying every field issue when it does not fit. `what` names the thing for the message.
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  data: unknown,
  what: string,
  code: ErrorCode = 'validation_failed',
): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issues = toFieldIssues(result.error);
  throw new AppError(code, `${what} is not valid: ${describeIssues(issues, 3)}`, issues);
}
