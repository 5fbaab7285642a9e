import '../../contract/zod-messages.ts';

import * as z from 'zod/mini';

import { type CatalogEntry, parseCatalog } from '../../catalog.ts';

/**
 * The processor's settings, read once at init from the function environment.
 *
 * | variable | meaning | default |
 * |---|---|---|
 * | `MAX_BODY_BYTES` | largest request body (from `loadSettings().api.maxBodyBytes` at synth) | 262144 |
 * | `UPSTREAM_TIMEOUT_MS` | time the model has to answer (idle time for streams) before 504 | 25000 |
 * | `UPSTREAM_MAX_ATTEMPTS` | SDK attempts per upstream call (retries throttles and 5xx) | 2 |
 * | `THROTTLE_RETRY_AFTER_SECONDS` | `Retry-After` sent with a 429 | 2 |
 * | `PROMPT_CACHE_MIN_SYSTEM_CHARS` | shortest system prompt given a Converse `cachePoint` (models with `promptCaching`) | 4096 |
 * | `ALLOWED_ORIGINS` | comma-separated CORS origins echoed back (from settings at synth) | none |
 * | `MODEL_CATALOG` | the models to serve, as JSON catalog entries (local mode's own models); unset in AWS | amplify/catalog.ts |
 * | `BEDROCK_ENDPOINT`, `SAGEMAKER_ENDPOINT`, `S3_ENDPOINT` | endpoint overrides (local servers); unset in AWS | unset |
 * | `AWS_REGION` | region of the SDK clients (set by Lambda) | us-east-1 |
 */
export interface ProcessorConfig {
  readonly region: string;
  readonly maxBodyBytes: number;
  readonly upstreamTimeoutMs: number;
  readonly upstreamMaxAttempts: number;
  readonly throttleRetryAfterSeconds: number;
  /** Shortest system prompt (characters) worth a prompt-cache checkpoint. */
  readonly promptCacheMinSystemChars: number;
  readonly allowedOrigins: readonly string[];
  /** The models served, when not the built-in catalog (`MODEL_CATALOG`). */
  readonly catalog?: readonly CatalogEntry[];
  readonly bedrockEndpoint?: string;
  readonly sagemakerEndpoint?: string;
  readonly s3Endpoint?: string;
  /** This deployment's name (the REST API's): the `deployment` dimension of every metric. */
  readonly deploymentName: string;
}

const count = (fallback: number, min: number, max: number) =>
  z._default(z.coerce.number().check(z.int(), z.gte(min), z.lte(max)), fallback);
const endpoint = z.optional(z.url({ protocol: /^https?$/ }));

const environmentSchema = z.object({
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'us-east-1'),
  MAX_BODY_BYTES: count(262_144, 1024, 10 * 1024 * 1024),
  UPSTREAM_TIMEOUT_MS: count(25_000, 10, 900_000),
  UPSTREAM_MAX_ATTEMPTS: count(2, 1, 5),
  THROTTLE_RETRY_AFTER_SECONDS: count(2, 1, 3600),
  // Bedrock caches a checkpoint only once the prefix reaches the model's minimum tokens (1,024 for
  // Claude Sonnet; shorter ones succeed uncached): "Prompt caching for faster model inference",
  // docs.aws.amazon.com/bedrock/latest/userguide/prompt-caching.html. 4096 chars ≈ 1,024 tokens.
  PROMPT_CACHE_MIN_SYSTEM_CHARS: count(4096, 1, 1_000_000),
  ALLOWED_ORIGINS: z._default(z.string(), ''),
  MODEL_CATALOG: z.optional(z.string()),
  BEDROCK_ENDPOINT: endpoint,
  SAGEMAKER_ENDPOINT: endpoint,
  S3_ENDPOINT: endpoint,
  // Branches and sandboxes share the MLGateway namespace: the dimension keeps their metrics apart.
  DEPLOYMENT_NAME: z._default(z.string().check(z.minLength(1), z.maxLength(255)), 'local'),
});

/** Thrown at init when the environment is invalid; names every bad variable. */
class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
}

/** Reads and validates the processor's environment. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ProcessorConfig {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success)
    throw new InvalidConfigError(
      `Invalid ml-processor environment: ${parsed.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')}`,
    );
  const e = parsed.data;
  return {
    region: e.AWS_REGION,
    maxBodyBytes: e.MAX_BODY_BYTES,
    upstreamTimeoutMs: e.UPSTREAM_TIMEOUT_MS,
    upstreamMaxAttempts: e.UPSTREAM_MAX_ATTEMPTS,
    throttleRetryAfterSeconds: e.THROTTLE_RETRY_AFTER_SECONDS,
    promptCacheMinSystemChars: e.PROMPT_CACHE_MIN_SYSTEM_CHARS,
    allowedOrigins: e.ALLOWED_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    ...(e.MODEL_CATALOG !== undefined
      ? { catalog: parseCatalog(e.MODEL_CATALOG, { maxBodyBytes: e.MAX_BODY_BYTES }) }
      : {}),
    bedrockEndpoint: e.BEDROCK_ENDPOINT,
    sagemakerEndpoint: e.SAGEMAKER_ENDPOINT,
    s3Endpoint: e.S3_ENDPOINT,
    deploymentName: e.DEPLOYMENT_NAME,
  };
}
