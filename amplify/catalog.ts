/**
 * The model catalog: the one source of which models exist and who may use them.
 *
 * It drives the ML processor's IAM statements (least privilege: only these ARNs), the
 * processor's allow-list and the model list the app shows. Local mode serves its own entries
 * (local/models/local-catalog.ts) through the same functions.
 * Each entry names the Cognito groups that may use it (RBAC) and, optionally, claim rules
 * (ABAC: every listed claim must hold one of the listed values).
 */
import { attachmentProblems, type ModelAttachments } from './catalog-attachments.ts';
import { ABAC_CLAIMS } from './contract/abac-claims.ts';
import { ADMIN_GROUP, type Group, GROUPS } from './contract/groups.ts';
import type {
  BedrockLimits,
  ClaimRules,
  EmbeddingSpec,
  ModelSummary,
  SageMakerContentType,
  SageMakerLimits,
  SageMakerMode,
} from './contract/models.ts';
import { type RouteDefinition, ROUTES } from './contract/routes.ts';
import {
  guardrailProblems,
  type ModelGuardrails,
  policyProblems,
} from './guardrails/catalog-guardrails.ts';

interface CatalogEntryBase {
  /** The id clients send (`modelId` for Bedrock, `modelName` for SageMaker). */
  readonly id: string;
  /** Human label for the model picker. */
  readonly label: string;
  readonly groups: readonly Group[];
  readonly claims?: ClaimRules;
  /** The guardrail policy per granting group (docs/guardrails.md). @default the `default` policy */
  readonly guardrails?: ModelGuardrails;
}

export interface BedrockModel extends CatalogEntryBase {
  readonly provider: 'bedrock';
  /**
   * What Converse is called with: a foundation model id, or a cross-region inference profile id
   * (e.g. `us.anthropic...`), in which case `profileRegions` lists where the profile routes.
   */
  readonly modelId: string;
  readonly profileRegions?: readonly string[];
  readonly limits: BedrockLimits;
  /** The model supports Converse prompt caching: a long system prompt gets a `cachePoint`. */
  readonly promptCaching?: boolean;
  /** Image and document content blocks the model accepts (formats, bytes, count); none when absent. */
  readonly attachments?: ModelAttachments;
  /**
   * Set on an embedding model: served by `POST /openai/v1/embeddings` only, never by a chat
   * route. Its `limits.maxOutputTokens` is 0 (it generates nothing) and `maxInputChars` applies
   * to each text.
   */
  readonly embedding?: EmbeddingSpec;
}

/** Where an async endpoint reads its input and writes its results (S3). */
export interface AsyncInferenceIo {
  readonly bucket: string;
  /** The processor uploads inputs (and its job records) under this prefix. */
  readonly inputPrefix: string;
  /** The endpoint config's S3OutputPath and S3FailurePath both lie under this prefix. */
  readonly outputPrefix: string;
}

export interface SageMakerEndpoint extends CatalogEntryBase {
  readonly provider: 'sagemaker';
  readonly endpointName: string;
  readonly contentType: SageMakerContentType;
  readonly mode: SageMakerMode;
  readonly limits: SageMakerLimits;
  /** Required for `mode: 'async'`. */
  readonly asyncIo?: AsyncInferenceIo;
  /**
   * The production variant whose CloudWatch metrics the alarms and dashboard read
   * (`VariantName` dimension).
   * @default 'AllTraffic' (what SageMaker names the only variant of a single-model endpoint)
   */
  readonly variantName?: string;
}

/** The variant SageMaker names the only variant of an endpoint created from a single model. */
const DEFAULT_VARIANT_NAME = 'AllTraffic';

/** The endpoint's monitored production variant: its `variantName`, or `AllTraffic`. */
export function variantNameOf(endpoint: SageMakerEndpoint): string {
  return endpoint.variantName ?? DEFAULT_VARIANT_NAME;
}

export type CatalogEntry = BedrockModel | SageMakerEndpoint;
export type { SageMakerMode };

const invokers: readonly Group[] = ['Administrators', 'MLUsers'];

/**
 * Every model the gateway deploys. Edit here; `validateCatalog` runs at synth and in tests. The
 * local models (local mode and tests) are in local/models/local-catalog.ts.
 */
export const CATALOG: readonly CatalogEntry[] = [
  {
    provider: 'bedrock',
    id: 'claude-sonnet-4',
    label: 'Claude Sonnet 4 (US cross-region)',
    modelId: 'us.anthropic.claude-sonnet-4-20250514-v1:0',
    profileRegions: ['us-east-1', 'us-east-2', 'us-west-2'],
    groups: invokers,
    limits: { maxInputChars: 100_000, maxOutputTokens: 4096 },
    promptCaching: true,
  },
  {
    provider: 'bedrock',
    id: 'nova-lite',
    label: 'Amazon Nova Lite',
    modelId: 'amazon.nova-lite-v1:0',
    groups: invokers,
    limits: { maxInputChars: 50_000, maxOutputTokens: 2048 },
    promptCaching: true,
  },
  {
    provider: 'bedrock',
    id: 'titan-embed-v2',
    label: 'Amazon Titan Text Embeddings V2',
    modelId: 'amazon.titan-embed-text-v2:0',
    groups: invokers,
    // One text is at most 8,192 tokens or 50,000 characters (model-parameters-titan-embed-text).
    limits: { maxInputChars: 50_000, maxOutputTokens: 0 },
    embedding: { format: 'titan-text-v2', dimensions: [1024, 512, 256], maxInputs: 32 },
  },
  {
    provider: 'sagemaker',
    id: 'support-sentiment',
    label: 'Support ticket sentiment (JSON)',
    endpointName: 'support-sentiment-prod',
    contentType: 'application/json',
    mode: 'sync',
    groups: invokers,
    limits: { maxInputBytes: 65_536 },
  },
  {
    provider: 'sagemaker',
    id: 'credit-risk-scorer',
    label: 'Credit risk scorer (CSV, finance only)',
    endpointName: 'credit-risk-xgboost',
    contentType: 'text/csv',
    mode: 'sync',
    groups: invokers,
    claims: { department: ['finance', 'risk'] },
    limits: { maxInputBytes: 131_072 },
  },
  {
    provider: 'sagemaker',
    id: 'mistral-7b-stream',
    label: 'Mistral 7B (SageMaker, streaming)',
    endpointName: 'mistral-7b-tgi',
    contentType: 'application/json',
    mode: 'streaming',
    groups: invokers,
    limits: { maxInputBytes: 65_536 },
  },
  {
    provider: 'sagemaker',
    id: 'document-summarizer',
    label: 'Document summarizer (async job)',
    endpointName: 'document-summarizer-async',
    contentType: 'application/json',
    mode: 'async',
    groups: invokers,
    asyncIo: {
      bucket: 'ml-gateway-async-inference',
      inputPrefix: 'inputs',
      outputPrefix: 'outputs',
    },
    limits: { maxInputBytes: 262_144 },
  },
];

/** What the access checks need to know about a caller (a subset of the authorizer's `Caller`). */
export interface CatalogCaller {
  readonly groups: readonly string[];
  readonly claims: Readonly<Record<string, string>>;
  /** A call with a personal API key may use only the key's models (on top of the rules below). */
  readonly apiKey?: { readonly models: readonly string[] };
}

/**
 * True when the caller's groups (RBAC) and claims (ABAC) allow the entry, and, for a call with
 * an API key, the key names it.
 */
export function isAllowed(entry: CatalogEntry, caller: CatalogCaller): boolean {
  if (caller.apiKey && !caller.apiKey.models.includes(entry.id)) return false;
  if (!entry.groups.some((group) => caller.groups.includes(group))) return false;
  // A claim the caller lacks equals none of the allowed values.
  return Object.entries(entry.claims ?? {}).every(([claim, values]) =>
    values.some((allowed) => caller.claims[claim] === allowed),
  );
}

/** The group through which the caller uses the entry (the metrics dimension). */
export function grantingGroup(entry: CatalogEntry, caller: CatalogCaller): Group | undefined {
  return entry.groups.find((group) => caller.groups.includes(group));
}

/**
 * What `GET /ml/models` shows of an entry: no upstream name, bucket or rule, except that
 * Administrators also see who may use it (the admin catalog page).
 */
export function modelSummary(entry: CatalogEntry, viewer: CatalogCaller): ModelSummary {
  const access = viewer.groups.includes(ADMIN_GROUP)
    ? { access: { groups: entry.groups, claims: entry.claims ?? {} } }
    : {};
  return entry.provider === 'bedrock'
    ? {
        id: entry.id,
        label: entry.label,
        provider: entry.provider,
        limits: entry.limits,
        // The app offers only the images and documents the model accepts.
        ...(entry.attachments && { attachments: entry.attachments }),
        ...(entry.embedding && { embedding: entry.embedding }),
        ...access,
      }
    : {
        id: entry.id,
        label: entry.label,
        provider: entry.provider,
        mode: entry.mode,
        contentType: entry.contentType,
        limits: entry.limits,
        ...access,
      };
}

/** The entry with that id and provider, if any. */
export function findEntry<P extends CatalogEntry['provider']>(
  id: string,
  provider: P,
  catalog: readonly CatalogEntry[] = CATALOG,
): Extract<CatalogEntry, { provider: P }> | undefined {
  return catalog.find(
    (entry): entry is Extract<CatalogEntry, { provider: P }> =>
      entry.id === id && entry.provider === provider,
  );
}

/** The entries the caller may use, in catalog order. */
export function modelsFor(
  caller: CatalogCaller,
  catalog: readonly CatalogEntry[] = CATALOG,
): CatalogEntry[] {
  return catalog.filter((entry) => isAllowed(entry, caller));
}

/** Thrown at synth (and in tests) when the catalog is inconsistent; lists every problem. */
export class InvalidCatalogError extends Error {
  override readonly name = 'InvalidCatalogError';
}

/** Geography prefixes of cross-region inference profile ids. */
const PROFILE_PREFIX = /^(us|eu|apac|us-gov|ca|jp|au|global)\./;
const REGION = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const S3_PREFIX = /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/;
const ENDPOINT_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
/** Largest output a single Converse call may request through the gateway. */
const MAX_OUTPUT_TOKENS_CEILING = 64_000;

/** The foundation model a cross-region inference profile routes to (its id without the geography). */
export function profileFoundationModel(modelId: string): string {
  return modelId.replace(PROFILE_PREFIX, '');
}

/** True when the Bedrock model id is a cross-region inference profile id. */
export function isInferenceProfile(modelId: string): boolean {
  return PROFILE_PREFIX.test(modelId);
}

/** Groups allowed on the routes that invoke an entry: only members of these can ever use it. */
function invokingGroups(entry: CatalogEntry, routes: readonly RouteDefinition[]): Set<string> {
  const path =
    entry.provider === 'bedrock'
      ? entry.embedding
        ? '/openai/v1/embeddings'
        : '/ml/bedrock'
      : entry.mode === 'streaming'
        ? '/ml/sagemaker/stream'
        : '/ml/sagemaker';
  return new Set(
    routes
      .filter((route) => route.method === 'POST' && route.path === path)
      .flatMap((route) => route.groups),
  );
}

/**
 * The vector sizes Titan Text Embeddings V2 accepts as `dimensions` ("Amazon Titan Embeddings
 * Text", docs.aws.amazon.com/bedrock/latest/userguide/model-parameters-titan-embed-text.html).
 */
const TITAN_V2_DIMENSIONS: readonly number[] = [1024, 512, 256];
/** Most texts one embeddings request may name in any catalog entry. */
export const MAX_EMBEDDING_INPUTS_CEILING = 256;

function embeddingProblems(
  where: string,
  entry: BedrockModel,
  embedding: EmbeddingSpec,
  positiveInt: (value: number, name: string, max: number) => void,
): string[] {
  const problems: string[] = [];
  if (entry.limits.maxOutputTokens !== 0)
    problems.push(
      `${where}: an embedding model generates no text: limits.maxOutputTokens must be 0`,
    );
  if (entry.attachments || entry.promptCaching)
    problems.push(`${where}: an embedding model takes no attachments and no prompt caching`);
  if (embedding.dimensions.length === 0)
    problems.push(`${where}: embedding.dimensions names no vector size`);
  for (const size of embedding.dimensions)
    if (!TITAN_V2_DIMENSIONS.includes(size))
      problems.push(
        `${where}: embedding.dimensions ${size} is not one Titan Text Embeddings V2 offers (${TITAN_V2_DIMENSIONS.join(', ')})`,
      );
  positiveInt(embedding.maxInputs, 'embedding.maxInputs', MAX_EMBEDDING_INPUTS_CEILING);
  return problems;
}

function entryProblems(
  entry: CatalogEntry,
  maxBodyBytes: number,
  routes: readonly RouteDefinition[],
): string[] {
  const problems: string[] = [];
  const where = `${entry.provider} "${entry.id}"`;
  if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/.test(entry.id))
    problems.push(`${where}: id must be 1-64 letters, digits, ".", "_" or "-"`);
  if (entry.label.trim() === '') problems.push(`${where}: label is empty`);
  if (entry.groups.length === 0) problems.push(`${where}: no group may use it`);
  for (const group of entry.groups)
    if (!GROUPS.includes(group)) problems.push(`${where}: unknown group "${group}"`);
  const routeGroups = invokingGroups(entry, routes);
  if (entry.groups.length > 0 && !entry.groups.some((group) => routeGroups.has(group)))
    problems.push(
      `${where}: nobody may use it (its groups cannot call the route that invokes it: ${[...routeGroups].join(', ')})`,
    );
  // Stryker disable next-line StringLiteral: the token carries one ABAC claim today, so no separator shows
  const carried = Object.keys(ABAC_CLAIMS).join(', ');
  for (const [claim, values] of Object.entries(entry.claims ?? {})) {
    if (!Object.hasOwn(ABAC_CLAIMS, claim))
      problems.push(
        `${where}: nobody may use it (claim "${claim}" never reaches the processor; the token carries: ${carried})`,
      );
    if (values.length === 0) problems.push(`${where}: claim "${claim}" allows no value`);
  }
  problems.push(...guardrailProblems(where, entry.guardrails, entry.groups));
  const positiveInt = (value: number, name: string, max: number) => {
    if (!Number.isInteger(value) || value < 1 || value > max)
      problems.push(`${where}: ${name} must be an integer from 1 to ${max}`);
  };
  if (entry.provider === 'bedrock') {
    // An empty id would leave the IAM statement and the allow-list naming no model.
    if (entry.modelId.trim() === '') problems.push(`${where}: modelId is empty`);
    positiveInt(entry.limits.maxInputChars, 'limits.maxInputChars', maxBodyBytes);
    if (entry.embedding)
      problems.push(...embeddingProblems(where, entry, entry.embedding, positiveInt));
    else
      positiveInt(
        entry.limits.maxOutputTokens,
        'limits.maxOutputTokens',
        MAX_OUTPUT_TOKENS_CEILING,
      );
    const profile = isInferenceProfile(entry.modelId);
    if (profile && !entry.profileRegions?.length)
      problems.push(`${where}: inference profile "${entry.modelId}" needs profileRegions`);
    if (!profile && entry.profileRegions)
      problems.push(`${where}: profileRegions set but "${entry.modelId}" is not a profile id`);
    for (const region of entry.profileRegions ?? [])
      if (!REGION.test(region)) problems.push(`${where}: "${region}" is not a region name`);
    problems.push(...attachmentProblems(where, entry.attachments, maxBodyBytes));
  } else {
    positiveInt(entry.limits.maxInputBytes, 'limits.maxInputBytes', maxBodyBytes);
    if (!ENDPOINT_NAME.test(entry.endpointName))
      problems.push(`${where}: "${entry.endpointName}" is not a SageMaker endpoint name`);
    // SageMaker's ProductionVariant.VariantName pattern is the endpoint name's.
    // Stryker disable next-line ConditionalExpression: without a variantName the test reads "undefined", a valid name
    if (entry.variantName !== undefined && !ENDPOINT_NAME.test(entry.variantName))
      problems.push(`${where}: "${entry.variantName}" is not a SageMaker variant name`);
    if (entry.mode === 'async') {
      const io = entry.asyncIo;
      if (!io) problems.push(`${where}: an async endpoint needs asyncIo (bucket and prefixes)`);
      else {
        if (!S3_BUCKET.test(io.bucket)) problems.push(`${where}: bad bucket "${io.bucket}"`);
        for (const prefix of [io.inputPrefix, io.outputPrefix])
          if (!S3_PREFIX.test(prefix))
            problems.push(`${where}: bad S3 prefix "${prefix}" (no leading/trailing "/")`);
        if (io.inputPrefix === io.outputPrefix)
          problems.push(`${where}: inputPrefix and outputPrefix must differ`);
      }
    } else if (entry.asyncIo) problems.push(`${where}: asyncIo is only for async endpoints`);
  }
  return problems;
}

/**
 * Checks the catalog: unique ids and upstream names, known groups, nobody-may-use entries,
 * limits within range (and within the API's body limit), profile regions, async S3 locations.
 * Throws InvalidCatalogError listing every problem.
 *
 * @param options.maxBodyBytes the API's body limit. @default 10 MiB
 * @param options.routes the API's routes, whose groups bound who can invoke an entry. @default ROUTES
 */
export function validateCatalog(
  catalog: readonly CatalogEntry[] = CATALOG,
  {
    maxBodyBytes = 10 * 1024 * 1024,
    routes = ROUTES,
  }: { maxBodyBytes?: number; routes?: readonly RouteDefinition[] } = {},
): void {
  const problems = [
    ...policyProblems(),
    ...catalog.flatMap((entry) => entryProblems(entry, maxBodyBytes, routes)),
  ];
  const seen = new Map<string, string>();
  for (const entry of catalog) {
    const upstream =
      entry.provider === 'bedrock' ? `model ${entry.modelId}` : `endpoint ${entry.endpointName}`;
    for (const key of [`id ${entry.id}`, `${entry.provider} ${upstream}`]) {
      if (seen.has(key)) problems.push(`duplicate ${key} ("${seen.get(key)}", "${entry.id}")`);
      else seen.set(key, entry.id);
    }
  }
  if (problems.length > 0)
    throw new InvalidCatalogError(`Invalid model catalog:\n  - ${problems.join('\n  - ')}`);
}

/**
 * Reads a catalog given as JSON (the processor's `MODEL_CATALOG`, which local mode sets to its
 * own models) and checks it like the built-in one. Throws InvalidCatalogError.
 */
export function parseCatalog(
  json: string,
  options: { maxBodyBytes?: number } = {},
): CatalogEntry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new InvalidCatalogError('Invalid model catalog: not JSON');
  }
  const isEntry = (value: unknown): value is CatalogEntry =>
    typeof value === 'object' &&
    value !== null &&
    ['bedrock', 'sagemaker'].includes((value as { provider?: unknown }).provider as string) &&
    typeof (value as { id?: unknown }).id === 'string' &&
    typeof (value as { label?: unknown }).label === 'string' &&
    Array.isArray((value as { groups?: unknown }).groups) &&
    typeof (value as { limits?: unknown }).limits === 'object';
  if (!Array.isArray(parsed) || !parsed.every(isEntry))
    throw new InvalidCatalogError('Invalid model catalog: not an array of catalog entries');
  validateCatalog(parsed, options);
  return parsed;
}
