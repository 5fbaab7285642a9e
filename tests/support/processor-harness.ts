/**
 * Test support: the processor wired to the local model servers with real SDK clients, API
 * Gateway-shaped events, and a streaming-response reader. Not part of the Lambda bundle.
 */
import { Writable } from 'node:stream';

import type { APIGatewayProxyEvent } from 'aws-lambda';
import { afterAll, beforeAll } from 'vitest';

import { createClients } from '../../amplify/functions/ml-processor/clients.ts';
import { loadConfig } from '../../amplify/functions/ml-processor/config.ts';
import type { BudgetLedger } from '../../amplify/functions/ml-processor/invocation.ts';
import { createProcessor, type Processor } from '../../amplify/functions/ml-processor/processor.ts';
import { type Caller, encodeCaller } from '../../amplify/functions/shared/authorizer-context.ts';
import type { CallerRecheck } from '../../amplify/functions/shared/caller-recheck.ts';
import type {
  Reservation,
  UsageAmounts,
  UsageOutcome,
} from '../../amplify/functions/shared/usage-ledger.ts';
import {
  CollectingStream,
  installAwsLambdaGlobal,
  splitPrelude,
} from '../../local/lambda/runtime.ts';
import { type LocalModels, startLocalModels } from '../../local/models/index.ts';
import { ALL_ROUTES } from './all-routes.ts';

/** The `exp` of the fixtures' tokens: an hour from the start of the run. */
const TOKEN_EXP = Math.floor(Date.now() / 1000) + 3600;

export const callers = {
  mlUser: { sub: 'sub-ml-user', username: 'ml.user', email: '', groups: ['MLUsers'], claims: {} },
  finance: {
    sub: 'sub-finance',
    username: 'fin.user',
    email: '',
    groups: ['MLUsers'],
    claims: { department: 'finance' },
  },
  admin: { sub: 'sub-admin', username: 'admin', email: '', groups: ['Administrators'], claims: {} },
  readOnly: { sub: 'sub-reader', username: 'reader', email: '', groups: ['ReadOnly'], claims: {} },
} satisfies Record<string, Caller>;

/** The processor under test and the servers behind it. */
export interface Harness {
  readonly models: LocalModels;
  readonly processor: Processor;
  close(): Promise<void>;
}

/** The deployment name the harness's processor reports in its metrics. */
export const HARNESS_DEPLOYMENT = 'ml-gateway-harness';

/** Starts the local models and a processor using them (short deadline, one attempt). */
async function startHarness(
  env: Record<string, string>,
  ledger?: BudgetLedger,
  recheck?: CallerRecheck,
): Promise<Harness> {
  installAwsLambdaGlobal();
  const models = await startLocalModels();
  const config = loadConfig({
    ...models.env,
    UPSTREAM_TIMEOUT_MS: '500',
    UPSTREAM_MAX_ATTEMPTS: '1',
    MAX_BODY_BYTES: '262144',
    ALLOWED_ORIGINS: 'http://localhost:4200',
    DEPLOYMENT_NAME: HARNESS_DEPLOYMENT,
    ...env,
  });
  const clients = createClients(config);
  return {
    models,
    processor: createProcessor({ config, routes: ALL_ROUTES, clients, ledger, recheck }),
    close: async () => {
      clients.bedrock.destroy();
      clients.sagemaker.destroy();
      clients.s3.destroy();
      await models.close();
    },
  };
}

/**
 * Starts a harness before the test file's tests and closes it after them; its members may be
 * read only inside tests and hooks.
 */
export function useHarness(
  env: Record<string, string> = {},
  ledger?: BudgetLedger,
  recheck?: CallerRecheck,
): Harness {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness(env, ledger, recheck);
  });
  afterAll(() => started?.close());
  const current = () => {
    if (!started) throw new Error('the harness starts in beforeAll: use it inside a test');
    return started;
  };
  return {
    get models() {
      return current().models;
    },
    get processor() {
      return current().processor;
    },
    close: () => current().close(),
  };
}

export interface EventOptions {
  body?: unknown;
  /** A raw body string (bad JSON tests); overrides `body`. */
  rawBody?: string;
  caller?: Caller | null;
  headers?: Record<string, string>;
  pathParameters?: Record<string, string>;
}

/** An API Gateway REST proxy event as the gateway (or local emulator) sends it. */
export function apiEvent(
  method: string,
  resource: string,
  { body, rawBody, caller = callers.mlUser, headers, pathParameters }: EventOptions = {},
): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    resource,
    path: resource.replace('{jobId}', pathParameters?.['jobId'] ?? ''),
    headers: { 'Content-Type': 'application/json', ...headers },
    multiValueHeaders: {},
    body: rawBody ?? (body === undefined ? null : JSON.stringify(body)),
    isBase64Encoded: false,
    pathParameters: pathParameters ?? null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    requestContext: {
      requestId: `req-${Math.random().toString(36).slice(2)}`,
      authorizer: caller ? { ...encodeCaller(caller, TOKEN_EXP) } : null,
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

/** A parsed buffered answer. */
export async function call(processor: Processor, event: APIGatewayProxyEvent) {
  const result = await processor.handle(event);
  return {
    status: result.statusCode,
    headers: result.headers ?? {},
    body: JSON.parse(result.body) as {
      success: boolean;
      data?: Record<string, unknown>;
      error?: { code: string; message: string; field?: string };
      requestId: string;
    },
  };
}

/** A streamed answer: status, headers, and the body (NDJSON lines parsed when it is NDJSON). */
export async function callStream(processor: Processor, event: APIGatewayProxyEvent) {
  const sink = new CollectingStream();
  await processor.stream(event, sink);
  const { prelude, body } = splitPrelude(sink.received);
  const text = body.toString('utf8');
  const ndjson = prelude.headers?.['content-type'] === 'application/x-ndjson';
  return {
    status: prelude.statusCode ?? 200,
    headers: prelude.headers ?? {},
    text,
    lines: ndjson
      ? text
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as Record<string, unknown>)
      : [],
    json: ndjson ? undefined : (JSON.parse(text) as Record<string, unknown>),
  };
}

/** A response stream whose client goes away right after the first delta line arrives. */
export class DisconnectingStream extends Writable {
  received = '';

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.received += chunk.toString('utf8');
    callback();
    if (this.received.includes('"delta"')) this.destroy();
  }
}

/** Captures every line written to stdout and stderr (Powertools writes logs and EMF there). */
export function captureOutput(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const originals = [process.stdout.write, process.stderr.write] as const;
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = ((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    }) as typeof stream.write;
  }
  return {
    lines,
    restore: () => {
      process.stdout.write = originals[0];
      process.stderr.write = originals[1];
    },
  };
}

/** The ApiError a synchronous call throws, as status, code, message and field; fails if none. */
export function refusalOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    const { status, code, message, field } = error as Record<string, unknown>;
    return { status, code, message, field };
  }
  throw new Error('expected a refusal');
}

/**
 * A ledger that admits every call and keeps each hold and its settlement by request id. Its
 * reservations are opaque tokens, so it does not depend on the real ledger's reservation shape.
 */
export class RecordingLedger implements BudgetLedger {
  readonly holds = new Map<string, UsageAmounts>();
  readonly settled = new Map<string, UsageOutcome>();
  readonly #pending = new WeakMap<object, UsageAmounts>();

  async reserve(_caller: Caller, _modelId: string, worstCase: UsageAmounts): Promise<Reservation> {
    const reservation = {};
    this.#pending.set(reservation, worstCase);
    return reservation as Reservation;
  }

  async settle(reservation: Reservation, outcome: UsageOutcome): Promise<void> {
    this.holds.set(outcome.requestId, this.#pending.get(reservation)!);
    this.settled.set(outcome.requestId, outcome);
  }
}
