import type { z } from 'zod';

/**
 * One readable line per zod issue, `path: message` (e.g. `MARATHON_URL: Invalid URL`), for error messages and
 * logs at input boundaries. `root` names an issue about the whole input, which has an empty path.
 */
function describeZodIssues(error: z.ZodError, root = '(root)'): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || root}: ${issue.message}`);
}

export { describeZodIssues };
