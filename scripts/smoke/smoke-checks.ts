/**
 * The smoke test's requests: every route of the route table called once with a minimal valid
 * request, each answer checked for its status, the JSON envelope and CORS; streaming routes
 * are read to the end and must arrive in more than one chunk.
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { type RouteDefinition, ROUTES } from '../../amplify/contract/routes.ts';

/** How one route fared. */
export interface SmokeResult {
  /** `METHOD /path` as in the route table. */
  readonly route: string;
  /** The HTTP status, or undefined when no answer came. */
  readonly status?: number;
  readonly ms: number;
  readonly outcome: 'pass' | 'fail' | 'skip';
  /** What was checked or what went wrong (never a token or model output). */
  readonly detail: string;
}

/** What a smoke run needs. */
export interface SmokeOptions {
  /** The API stage URL (`custom.mlGateway.apiUrl`), e.g. `https://abc.execute-api.../v1/`. */
  readonly apiUrl: string;
  /** A Cognito access token. */
  readonly token: string;
  /** The caller's groups (from the token): routes outside them must answer 403. */
  readonly groups: readonly string[];
  /** An allowed origin: answers must carry it in `Access-Control-Allow-Origin`. */
  readonly origin?: string;
  /** Per-request time limit. @default 30000 (streams: twice that) */
  readonly timeoutMs?: number;
}

/** Prompt that makes any model write many tokens (so a stream has several chunks). */
const STREAM_PROMPT = 'Count from 1 to 30, one number per line.';
/** Keeps the buffered Bedrock call cheap. */
const SMOKE_MAX_TOKENS = 64;

interface ModelView {
  readonly id: string;
  readonly provider: 'bedrock' | 'sagemaker';
  readonly mode?: 'sync' | 'async' | 'streaming';
  readonly contentType?: string;
  /** Set on an embedding model (served by `POST /openai/v1/embeddings` only). */
  readonly embedding?: unknown;
}

interface Envelope {
  readonly success?: unknown;
  readonly data?: unknown;
  readonly error?: { readonly code?: unknown };
  readonly requestId?: unknown;
}

/** Thrown by a check; its message becomes the result's detail. */
class CheckFailed extends Error {}

const expectThat = (condition: unknown, message: string): void => {
  if (!condition) throw new CheckFailed(message);
};

/** What the smoke run has learned so far (the models list feeds the model calls). */
interface RunState {
  models: readonly ModelView[];
  readonly conversationId: string;
  /** The API key the smoke run made (revoked again at once). */
  keyId?: string;
}

/** A request for one route, and what a passing answer looks like. */
interface SmokeRequest {
  readonly path: string;
  readonly body?: unknown;
  readonly streaming?: boolean;
  /** The status the route answers an allowed caller. @default any 2xx */
  readonly expectStatus?: number;
  /** The `error.code` of that answer when it is an error envelope. */
  readonly expectCode?: string;
  /** Further checks of a passing answer's `data` (of the whole answer when `compatible`). */
  readonly checkData?: (data: unknown, state: RunState) => string;
  /** The route answers an OpenAI- or Anthropic-compatible body, not the envelope. */
  readonly compatible?: boolean;
}

/** Plans a route's request; `allowed` says whether the caller's groups may call it. */
type Planner = (state: RunState, allowed: boolean) => SmokeRequest | { readonly skip: string };

/** The first listed model of a provider (and mode) that chats or runs: no embedding model. */
const firstModel = (state: RunState, provider: string, mode?: string) =>
  state.models.find(
    (model) => model.provider === provider && !model.embedding && (!mode || model.mode === mode),
  );

const sageMakerInput = (model: ModelView) =>
  model.contentType === 'text/csv' ? '1,2,3' : 'This is a smoke test.';

/** One planner per route of the route table, keyed `METHOD /path`. */
const PLANNERS: Readonly<Record<string, Planner>> = {
  'GET /ml/models': () => ({
    path: 'ml/models',
    checkData: (data, state) => {
      const models = (data as { models?: unknown }).models;
      expectThat(Array.isArray(models), 'data.models is not a list');
      state.models = models as ModelView[];
      return `${state.models.length} model(s)`;
    },
  }),
  'POST /ml/bedrock': (state) => {
    const model = firstModel(state, 'bedrock');
    return {
      path: 'ml/bedrock',
      body: {
        modelId: model?.id ?? 'none-listed',
        prompt: 'Answer with one word: ready?',
        parameters: { maxTokens: SMOKE_MAX_TOKENS },
      },
      checkData: (data) => {
        expectThat(model, 'no Bedrock model listed for this user');
        const output = (data as { output?: { content?: unknown } }).output;
        expectThat(typeof output?.content === 'string', 'data.output.content missing');
        return `${model!.id} answered`;
      },
    };
  },
  'POST /ml/bedrock/stream': (state) => {
    const model = firstModel(state, 'bedrock');
    return {
      path: 'ml/bedrock/stream',
      streaming: true,
      body: {
        modelId: model?.id ?? 'none-listed',
        prompt: STREAM_PROMPT,
        parameters: { maxTokens: SMOKE_MAX_TOKENS },
      },
    };
  },
  'POST /ml/sagemaker': (state, allowed) => {
    const model = firstModel(state, 'sagemaker', 'sync') ?? firstModel(state, 'sagemaker', 'async');
    if (!model && allowed && state.models.length > 0)
      return { skip: 'no SageMaker model for this user' };
    return {
      path: 'ml/sagemaker',
      body: {
        modelName: model?.id ?? 'none-listed',
        inputData: model ? sageMakerInput(model) : '',
      },
      checkData: () => `${model!.id} (${model!.mode}) answered`,
    };
  },
  'POST /ml/sagemaker/stream': (state, allowed) => {
    const model = firstModel(state, 'sagemaker', 'streaming');
    if (!model && allowed && state.models.length > 0)
      return { skip: 'no streaming SageMaker model for this user' };
    return {
      path: 'ml/sagemaker/stream',
      streaming: true,
      body: {
        modelName: model?.id ?? 'none-listed',
        inputData: model ? sageMakerInput(model) : '',
      },
    };
  },
  // A job id nobody submitted: the processor must look in S3 and answer 404, not fail.
  'GET /ml/sagemaker/jobs/{jobId}': () => ({
    path: `ml/sagemaker/jobs/${randomUUID()}`,
    expectStatus: 404,
    expectCode: 'JOB_NOT_FOUND',
  }),
  // The compatible endpoints (docs/programmatic-access.md), each in its own answer shape.
  'GET /openai/v1/models': () => ({
    path: 'openai/v1/models',
    compatible: true,
    checkData: (answer) => {
      const data = (answer as { data?: unknown }).data;
      expectThat(Array.isArray(data), 'no model list (`data`)');
      return `${(data as unknown[]).length} model(s)`;
    },
  }),
  'POST /openai/v1/chat/completions': (state) => {
    const model = firstModel(state, 'bedrock');
    return {
      path: 'openai/v1/chat/completions',
      compatible: true,
      body: {
        model: model?.id ?? 'none-listed',
        messages: [{ role: 'user', content: 'Answer with one word: ready?' }],
        max_tokens: SMOKE_MAX_TOKENS,
      },
      checkData: (answer) => {
        const choices = (answer as { choices?: { message?: { content?: unknown } }[] }).choices;
        expectThat(typeof choices?.[0]?.message?.content === 'string', 'no choices[0].message');
        return `${model!.id} answered`;
      },
    };
  },
  'POST /openai/v1/embeddings': (state, allowed) => {
    const model = state.models.find((candidate) => candidate.embedding);
    // A caller outside the route's groups is sent one anyway: the gateway must answer 403.
    if (!model && allowed) return { skip: 'no embedding model listed for this user' };
    return {
      path: 'openai/v1/embeddings',
      compatible: true,
      body: { model: model?.id ?? 'none-listed', input: ['smoke test'], encoding_format: 'float' },
      checkData: (answer) => {
        const data = (answer as { data?: { embedding?: unknown }[] }).data;
        const vector = data?.[0]?.embedding;
        expectThat(Array.isArray(vector) && vector.length > 0, 'no data[0].embedding');
        return `${model!.id}: ${(vector as unknown[]).length} dimensions`;
      },
    };
  },
  'GET /anthropic/v1/models': () => ({
    path: 'anthropic/v1/models',
    compatible: true,
    checkData: (answer) => {
      const data = (answer as { data?: unknown }).data;
      expectThat(Array.isArray(data), 'no model list (`data`)');
      return `${(data as unknown[]).length} model(s)`;
    },
  }),
  'POST /anthropic/v1/messages': (state) => {
    const model = firstModel(state, 'bedrock');
    return {
      path: 'anthropic/v1/messages',
      compatible: true,
      body: {
        model: model?.id ?? 'none-listed',
        max_tokens: SMOKE_MAX_TOKENS,
        messages: [{ role: 'user', content: 'Answer with one word: ready?' }],
      },
      checkData: (answer) => {
        expectThat((answer as { type?: unknown }).type === 'message', 'no message');
        return `${model!.id} answered`;
      },
    };
  },
  'GET /usage/me': () => ({ path: 'usage/me' }),
  'GET /usage/report': () => ({ path: 'usage/report' }),
  // Today's audit metadata (UTC), the smoke test's own calls among it.
  'GET /audit/records': () => ({
    path: `audit/records?day=${new Date().toISOString().slice(0, 10)}`,
  }),
  // A record id of a retention class no settings use: nothing is read (and nothing decrypted);
  // the refused attempt is itself audited.
  'POST /audit/records/{recordId}/content': () => {
    const now = new Date().toISOString();
    const sortKey = `REC#${now}#${now.slice(0, 10)}/r1/s0#0000000001`;
    return {
      path: `audit/records/${Buffer.from(sortKey, 'utf8').toString('base64url')}/content`,
      body: { reason: 'npm run smoke: no such record' },
      expectStatus: 404,
      expectCode: 'AUDIT_RECORD_NOT_FOUND',
    };
  },
  'GET /audit/content-reads': () => ({ path: 'audit/content-reads' }),
  'GET /admin/group-mapping': () => ({ path: 'admin/group-mapping' }),
  // A version no table reaches: refused with 409 before anything is written (the refused
  // save is audited like any other).
  'PUT /admin/group-mapping': () => ({
    path: 'admin/group-mapping',
    body: { version: 2_000_000_000, entries: [] },
    expectStatus: 409,
    expectCode: 'MAPPING_VERSION_CONFLICT',
  }),
  'GET /history/conversations': () => ({ path: 'history/conversations' }),
  // The smoke test's own conversation: saved, read, renamed and deleted again.
  'PUT /history/conversations/{conversationId}': (state) => ({
    path: `history/conversations/${state.conversationId}`,
    body: {
      title: 'npm run smoke',
      modelId: firstModel(state, 'bedrock')?.id ?? 'smoke',
      messages: [{ role: 'user', content: 'smoke test' }],
    },
  }),
  'GET /history/conversations/{conversationId}': (state) => ({
    path: `history/conversations/${state.conversationId}`,
  }),
  'PATCH /history/conversations/{conversationId}': (state) => ({
    path: `history/conversations/${state.conversationId}`,
    body: { title: 'npm run smoke (renamed)' },
  }),
  'DELETE /history/conversations/{conversationId}': (state) => ({
    path: `history/conversations/${state.conversationId}`,
  }),
  // The smoke run's own API key: made (its secret is never printed), then revoked by its owner
  // and, for an administrator, again through the admin route (revoking is idempotent).
  'GET /keys': () => ({ path: 'keys' }),
  'POST /keys': (state) => ({
    path: 'keys',
    body: {
      name: 'npm run smoke',
      models: [firstModel(state, 'bedrock')?.id ?? 'none-listed'],
      expiresInDays: 1,
    },
    checkData: (data, run) => {
      const keyId = (data as { keyId?: unknown }).keyId;
      expectThat(typeof keyId === 'string', 'data.keyId missing');
      run.keyId = keyId as string;
      return `key ${run.keyId} made`;
    },
  }),
  'DELETE /keys/{keyId}': (state, allowed) =>
    allowed && !state.keyId
      ? { skip: 'no key was made' }
      : { path: `keys/${state.keyId ?? 'aaaaaaaaaaaaaaaa'}` },
  'GET /admin/keys': () => ({ path: 'admin/keys' }),
  'DELETE /admin/keys/{keyId}': (state, allowed) =>
    allowed && !state.keyId
      ? { skip: 'no key was made' }
      : { path: `admin/keys/${state.keyId ?? 'aaaaaaaaaaaaaaaa'}` },
};

/** `METHOD /path` of a route. */
export const routeKey = (route: RouteDefinition) => `${route.method} ${route.path}`;

/** Routes of the table without a smoke request (a new route must get one). */
export function routesWithoutSmokeRequest(routes: readonly RouteDefinition[] = ROUTES): string[] {
  return routes.map(routeKey).filter((key) => !(key in PLANNERS));
}

/** The conversation is saved before it is read or renamed, and deleted last; else table order. */
function runOrder(route: RouteDefinition): number {
  if (!route.path.endsWith('{conversationId}') || route.method === 'PUT') return 0;
  return route.method === 'DELETE' ? 2 : 1;
}

/** Calls every route once (in the table's order, save for the conversation) and reports each. */
export async function runSmoke(
  options: SmokeOptions,
  routes: readonly RouteDefinition[] = ROUTES,
): Promise<SmokeResult[]> {
  const state: RunState = {
    models: [],
    conversationId: `smoke-${randomBytes(6).toString('hex')}`,
  };
  const results: SmokeResult[] = [await preflight(options)];
  for (const route of [...routes].sort((a, b) => runOrder(a) - runOrder(b))) {
    const planner = PLANNERS[routeKey(route)];
    if (!planner) {
      results.push({
        route: routeKey(route),
        ms: 0,
        outcome: 'fail',
        detail: 'no smoke request for this route (scripts/smoke/smoke-checks.ts)',
      });
      continue;
    }
    const allowed = route.groups.some((group) => options.groups.includes(group));
    const plan = planner(state, allowed);
    if ('skip' in plan) {
      results.push({ route: routeKey(route), ms: 0, outcome: 'skip', detail: plan.skip });
      continue;
    }
    results.push(await callRoute(options, route, plan, allowed, state));
  }
  return results;
}

/** The CORS preflight a browser sends before its first POST. */
async function preflight(options: SmokeOptions): Promise<SmokeResult> {
  const route = 'OPTIONS /ml/bedrock (CORS preflight)';
  if (!options.origin) return { route, ms: 0, outcome: 'skip', detail: 'no --origin given' };
  const started = performance.now();
  try {
    const response = await fetch(new URL('ml/bedrock', options.apiUrl), {
      method: 'OPTIONS',
      headers: {
        origin: options.origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const ms = elapsed(started);
    const allowOrigin = response.headers.get('access-control-allow-origin');
    const ok = response.status < 300 && allowOrigin === options.origin;
    return {
      route,
      status: response.status,
      ms,
      outcome: ok ? 'pass' : 'fail',
      detail: ok
        ? `origin ${options.origin} allowed`
        : `Access-Control-Allow-Origin is ${allowOrigin ?? 'missing'}, expected ${options.origin}`,
    };
  } catch (error) {
    return { route, ms: elapsed(started), outcome: 'fail', detail: networkError(error) };
  }
}

async function callRoute(
  options: SmokeOptions,
  route: RouteDefinition,
  plan: SmokeRequest,
  allowed: boolean,
  state: RunState,
): Promise<SmokeResult> {
  const started = performance.now();
  const timeoutMs = (options.timeoutMs ?? 30_000) * (plan.streaming ? 2 : 1);
  let response: Response;
  try {
    response = await fetch(new URL(plan.path, options.apiUrl), {
      method: route.method,
      headers: {
        authorization: `Bearer ${options.token}`,
        ...(options.origin ? { origin: options.origin } : {}),
        ...(plan.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: plan.body === undefined ? undefined : JSON.stringify(plan.body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return {
      route: routeKey(route),
      ms: elapsed(started),
      outcome: 'fail',
      detail: networkError(error),
    };
  }
  const base = { route: routeKey(route), status: response.status };
  try {
    const detail =
      !allowed || !plan.streaming || response.status >= 300
        ? await checkJson(response, plan, allowed, options, state)
        : await checkStream(response, options);
    return { ...base, ms: elapsed(started), outcome: 'pass', detail };
  } catch (error) {
    const detail =
      error instanceof CheckFailed ? error.message : `unexpected: ${networkError(error)}`;
    return { ...base, ms: elapsed(started), outcome: 'fail', detail };
  }
}

/** Checks a JSON answer: status, envelope, CORS, and the route's own data checks. */
async function checkJson(
  response: Response,
  plan: SmokeRequest,
  allowed: boolean,
  options: SmokeOptions,
  state: RunState,
): Promise<string> {
  const text = await response.text();
  let body: Envelope;
  try {
    body = JSON.parse(text) as Envelope;
  } catch {
    throw new CheckFailed(`not JSON (${response.headers.get('content-type') ?? 'no type'})`);
  }
  if (plan.compatible && allowed) {
    checkCors(response, options, 'function');
    expectThat(
      response.status >= 200 && response.status < 300,
      `failed: ${response.status} ${JSON.stringify(body.error ?? {}).slice(0, 200)}`,
    );
    return plan.checkData ? plan.checkData(body, state) : 'answer ok';
  }
  const code = typeof body.error?.code === 'string' ? body.error.code : undefined;
  const describe = () => (code ? `${response.status} ${code}` : `${response.status}`);
  expectThat(typeof body.success === 'boolean', 'no envelope: `success` missing');
  checkCors(response, options, allowed ? 'function' : 'gateway or function');
  expectThat(
    response.status !== 401,
    '401 UNAUTHORIZED: the API refused the token (expired, or from another user pool?)',
  );
  if (!allowed) {
    expectThat(
      response.status === 403,
      `expected 403 for a route outside the user's groups, got ${describe()}`,
    );
    expectThat(
      body.success === false && code === 'FORBIDDEN',
      `403 without the FORBIDDEN envelope`,
    );
    return "403 as expected (not in the user's groups)";
  }
  if (plan.expectStatus !== undefined) {
    expectThat(
      response.status === plan.expectStatus && (!plan.expectCode || code === plan.expectCode),
      `expected ${plan.expectStatus} ${plan.expectCode ?? ''}, got ${describe()}`.trim(),
    );
    return `${plan.expectStatus} ${plan.expectCode ?? ''} as expected`.trim();
  }
  expectThat(response.status >= 200 && response.status < 300, `failed: ${describe()}`);
  expectThat(
    body.success === true && 'data' in body,
    'no success envelope (`success: true`, `data`)',
  );
  expectThat(typeof body.requestId === 'string' && body.requestId !== '', 'no requestId');
  return plan.checkData ? plan.checkData(body.data, state) : 'envelope ok';
}

/**
 * Checks CORS: a function's answer echoes the origin; a gateway answer carries the API's
 * primary origin, which need not be this one.
 */
function checkCors(
  response: Response,
  options: SmokeOptions,
  answeredBy: 'function' | 'gateway or function',
): void {
  if (!options.origin) return;
  const allowOrigin = response.headers.get('access-control-allow-origin');
  if (answeredBy === 'gateway or function') {
    expectThat(allowOrigin, 'no Access-Control-Allow-Origin: the browser cannot read this answer');
    return;
  }
  expectThat(
    allowOrigin === options.origin,
    `Access-Control-Allow-Origin is ${allowOrigin ?? 'missing'}, expected ${options.origin}`,
  );
}

/** Reads an NDJSON stream to its end: several chunks, deltas, and a final `done` line. */
async function checkStream(response: Response, options: SmokeOptions): Promise<string> {
  checkCors(response, options, 'function');
  const type = response.headers.get('content-type') ?? '';
  expectThat(
    type.includes('application/x-ndjson'),
    `content-type is ${type || 'missing'}, not NDJSON`,
  );
  expectThat(response.body, 'no body');
  const decoder = new TextDecoder();
  let chunks = 0;
  let text = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    chunks++;
    text += decoder.decode(chunk, { stream: true });
  }
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const events = lines.map((line) => {
    try {
      return JSON.parse(line) as { type?: string; error?: { code?: string } };
    } catch {
      throw new CheckFailed('a line of the stream is not JSON');
    }
  });
  const failed = events.find((event) => event.type === 'error');
  expectThat(!failed, `the stream ended with an error line (${failed?.error?.code ?? 'no code'})`);
  expectThat(events.at(-1)?.type === 'done', 'the stream did not end with a `done` line');
  expectThat(chunks > 1, `the whole stream arrived in one chunk: not streamed`);
  const deltas = events.filter((event) => event.type === 'delta').length;
  return `${chunks} chunks, ${deltas} deltas, done`;
}

const elapsed = (started: number) => Math.round(performance.now() - started);

/** A fetch failure as one readable phrase (the cause's code, e.g. ECONNREFUSED). */
function networkError(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  const cause = (
    error as
      { cause?: { code?: string; message?: string; errors?: { code?: string }[] } } | undefined
  )?.cause;
  // Node's fetch reports a refused connection as a cause, or one per address tried.
  const code = cause?.code ?? cause?.errors?.find((inner) => inner.code)?.code;
  if (code) return `cannot connect (${code})`;
  const message = error instanceof Error ? error.message : String(error);
  return cause?.message ? `${message}: ${cause.message}` : message;
}
