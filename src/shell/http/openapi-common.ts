import { z } from '@hono/zod-openapi';

/** Schemas every route file shares, so the OpenAPI document has one Problem, one Money, one page shape. */

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

const problemContent = { 'application/problem+json': { schema: Problem } };

type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422;

/** Problem responses for a route, each with the route's own description. */
export function problemResponses<S extends ProblemStatus>(descriptions: Record<S, string>) {
  return Object.fromEntries(
    Object.entries(descriptions).map(([status, description]) => [
      status,
      { description: description as string, content: problemContent },
    ]),
  ) as Record<S, { description: string; content: typeof problemContent }>;
}

export const COMMON_ERRORS = problemResponses({
  400: 'Invalid request: each field and why',
  401: 'No valid API key',
  403: 'The key may not do this',
  404: 'Not found (or not yours)',
});

export const Money = z
  .object({ amount: z.number().int().describe('integer minor units'), currency: z.string() })
  .openapi('Money');

export const Page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable() });

/** A path id of one type prefix (`ord_…`, `shp_…`): anything else is a 400, not a lookup. */
export const idParam = (prefix: string) =>
  z.object({
    id: z
      .string()
      .regex(new RegExp(`^${prefix}_[0-9a-z]{26}$`))
      .openapi({ param: { name: 'id', in: 'path' } }),
  });

export const listQuery = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: z.string().optional(),
});
