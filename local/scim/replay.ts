/**
 * Replays Entra-style provisioning cycles (a JSON fixture, tests/fixtures/scim/) against a SCIM
 * endpoint: each request in order, with `{{name}}` placeholders filled from values captured
 * from earlier answers, each answer's status checked. Used by `npm run scim` and the tests.
 */

/** One request of a cycle. */
export interface ScimFixtureRequest {
  /** What the step does, for the report. */
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Below the base URL, e.g. `Users?filter=userName eq "alice@contoso.com"`. */
  readonly path: string;
  readonly body?: unknown;
  readonly expectStatus: number;
  /** Values to keep for later steps: placeholder name → dot path in the answer (`Resources.0.id`). */
  readonly capture?: Readonly<Record<string, string>>;
}

/** One provisioning cycle (Entra's initial cycle, or an incremental one). */
export interface ScimCycle {
  readonly name: string;
  readonly requests: readonly ScimFixtureRequest[];
}

/** A fixture file. */
export interface ScimFixture {
  readonly description: string;
  readonly cycles: readonly ScimCycle[];
}

/** What one request got. */
export interface ScimStepResult {
  readonly cycle: string;
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly expectStatus: number;
  readonly body: unknown;
}

/** Sends one request to the endpoint; `path` is below the base URL. */
export type ScimSend = (
  method: string,
  path: string,
  body: unknown,
) => Promise<{ status: number; body: unknown }>;

/** Replaces `{{name}}` in every string of `value` (an unknown name is an error). */
function fill(value: unknown, variables: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string')
    return value.replace(/\{\{(\w+)\}\}/g, (_all, name: string) => {
      const found = variables.get(name);
      if (found === undefined) throw new Error(`No captured value {{${name}}}`);
      return found;
    });
  if (Array.isArray(value)) return value.map((item) => fill(item, variables));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fill(item, variables)]),
    );
  return value;
}

/** The value at a dot path (`Resources.0.id`), as a string; undefined when absent. */
function at(body: unknown, path: string): string | undefined {
  let value: unknown = body;
  for (const part of path.split('.'))
    value =
      typeof value === 'object' && value !== null
        ? (value as Record<string, unknown>)[part]
        : undefined;
  return value === undefined || value === null ? undefined : String(value);
}

/**
 * Replays every cycle in order. Stops at the first unexpected status (the result lists the
 * steps run, the last one failed) unless `keepGoing`.
 */
export async function replayScimFixture(
  fixture: ScimFixture,
  send: ScimSend,
  options: { readonly variables?: Map<string, string>; readonly keepGoing?: boolean } = {},
): Promise<{ readonly steps: readonly ScimStepResult[]; readonly failed: number }> {
  const variables = options.variables ?? new Map<string, string>();
  const steps: ScimStepResult[] = [];
  let failed = 0;
  for (const cycle of fixture.cycles) {
    for (const request of cycle.requests) {
      const path = fill(request.path, variables) as string;
      const answer = await send(request.method, path, fill(request.body, variables));
      steps.push({
        cycle: cycle.name,
        name: request.name,
        method: request.method,
        path,
        status: answer.status,
        expectStatus: request.expectStatus,
        body: answer.body,
      });
      if (answer.status !== request.expectStatus) {
        failed++;
        if (!options.keepGoing) return { steps, failed };
        continue;
      }
      for (const [name, field] of Object.entries(request.capture ?? {})) {
        const value = at(answer.body, field);
        if (value === undefined) throw new Error(`${request.name}: the answer has no ${field}`);
        variables.set(name, value);
      }
    }
  }
  return { steps, failed };
}

/** Retries of a throttled (429) request, as Entra retries them, each after a longer wait. */
const THROTTLE_RETRIES = 5;
const THROTTLE_WAIT_MS = 250;

/**
 * A sender over HTTP: `baseUrl` is the Tenant URL (`.../scim/v2`), `secret` the bearer secret.
 * A 429 from the gateway's throttle is retried, as Entra's provisioning service does.
 */
export function httpScimSender(baseUrl: string, secret: string): ScimSend {
  const base = baseUrl.replace(/\/+$/, '');
  return async (method, path, body) => {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${base}/${encodePath(path)}`, {
        method,
        headers: {
          authorization: `Bearer ${secret}`,
          ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (response.status === 429 && attempt < THROTTLE_RETRIES) {
        await new Promise((resolve) => setTimeout(resolve, THROTTLE_WAIT_MS * (attempt + 1)));
        continue;
      }
      return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
    }
  };
}

/** `Users?filter=userName eq "a@b"` with the query values percent-encoded (spaces as %20). */
function encodePath(path: string): string {
  const [resource = '', query] = path.replace(/^\/+/, '').split(/\?(.*)/s, 2);
  if (!query) return resource;
  const pairs = query.split('&').map((pair) => {
    const [name = '', value = ''] = pair.split(/=(.*)/s, 2);
    return `${encodeURIComponent(name)}=${encodeURIComponent(value)}`;
  });
  return `${resource}?${pairs.join('&')}`;
}
