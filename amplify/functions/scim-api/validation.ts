import type * as z from 'zod/mini';

/** The first problem zod found, as `field: message` (the value itself is never echoed). */
export function firstIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The body is not valid';
  const field = issue.path.map(String).join('.');
  return field ? `${field}: ${issue.message}` : issue.message;
}
