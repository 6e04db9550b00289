/** An RFC 9457 problem: every error the API returns has this shape, as application/problem+json. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  /** Field-level reasons: where, and why. */
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
}

export class HttpProblem extends Error {
  readonly problem: Problem;
  constructor(status: number, title: string, detail?: string, errors?: Problem['errors']) {
    super(detail ?? title);
    this.problem = {
      type: `https://silkline.dev/problems/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      title,
      status,
      ...(detail ? { detail } : {}),
      ...(errors && errors.length > 0 ? { errors } : {}),
    };
  }
}

export const notFound = (what: string) =>
  new HttpProblem(404, 'Not found', `no ${what} with that id`);
export const unauthorized = () =>
  new HttpProblem(401, 'Unauthorized', 'send an API key as "Authorization: Bearer <key>"');
export const forbidden = (detail: string) => new HttpProblem(403, 'Forbidden', detail);

export function problemResponse(p: Problem): Response {
  return new Response(JSON.stringify(p), {
    status: p.status,
    headers: { 'content-type': 'application/problem+json' },
  });
}
