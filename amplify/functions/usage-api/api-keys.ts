import '../../contract/zod-messages.ts';

import * as z from 'zod/mini';

import { CATALOG, type CatalogEntry, modelsFor, parseCatalog } from '../../catalog.ts';
import type { CreateApiKeyBody } from '../../contract/api-key-bodies.ts';
import type { ApiKeyBudget, ApiKeySummary, CreatedApiKey } from '../../contract/api-keys.ts';
import { ADMIN_GROUP } from '../../contract/groups.ts';
import { type BudgetConfig, budgetFor, BUDGETS } from '../../usage/budgets.ts';
import { ApiError, badRequest } from '../shared/api-error.ts';
import { apiKeyHint, apiKeyHmac, generateApiKey } from '../shared/api-key-format.ts';
import type { HmacSecret } from '../shared/api-key-hmac-secret.ts';
import { type ApiKeyRecord, apiKeyStatus, type ApiKeyStore } from '../shared/api-key-store.ts';
import type { Caller } from '../shared/authorizer-context.ts';

/** The key settings (amplify/settings `apiKeys`), as the usage API receives them. */
export interface ApiKeySettings {
  readonly defaultExpiryDays: number;
  readonly maxExpiryDays: number;
  readonly maxKeysPerUser: number;
}

export interface ApiKeyServiceOptions {
  readonly store: ApiKeyStore;
  readonly secret: HmacSecret;
  readonly settings: ApiKeySettings;
  readonly catalog?: readonly CatalogEntry[];
  readonly budgets?: BudgetConfig;
  readonly now?: () => Date;
}

const DAY_MS = 86_400_000;

/** Creating, listing and revoking personal API keys, with the rules of issue 14. */
export class ApiKeyService {
  readonly settings: ApiKeySettings;
  readonly #store: ApiKeyStore;
  readonly #secret: HmacSecret;
  readonly #catalog: readonly CatalogEntry[];
  readonly #budgets: BudgetConfig;
  readonly #now: () => Date;

  constructor(options: ApiKeyServiceOptions) {
    this.settings = options.settings;
    this.#store = options.store;
    this.#secret = options.secret;
    this.#catalog = options.catalog ?? CATALOG;
    this.#budgets = options.budgets ?? BUDGETS;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * A new key for the caller: models among those the caller may use now, expiry within the
   * setting, a budget no larger than the caller's own. The answer holds the key, once.
   */
  async create(caller: Caller, body: CreateApiKeyBody): Promise<CreatedApiKey> {
    refuseKeyCaller(caller);
    const allowed = new Set(modelsFor(caller, this.#catalog).map((entry) => entry.id));
    const models = [...new Set(body.models)];
    const refused = models.find((model) => !allowed.has(model));
    if (refused !== undefined)
      throw badRequest('models', `You may not use the model "${refused}", so a key cannot either`);
    if (body.budget) this.#checkBudget(caller, body.budget);
    const now = this.#now();
    const live = (await this.#store.listByOwner(caller.sub)).filter(
      (record) => apiKeyStatus(record, now) === 'active',
    );
    if (live.length >= this.settings.maxKeysPerUser)
      throw new ApiError(
        409,
        'API_KEY_LIMIT',
        `You have ${live.length} live keys, the most allowed; revoke one first`,
      );
    const days = body.expiresInDays ?? this.settings.defaultExpiryDays;
    const { key, keyId } = generateApiKey();
    const record: ApiKeyRecord = {
      keyId,
      ownerSub: caller.sub,
      ownerUsername: caller.username,
      name: body.name,
      models,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + days * DAY_MS).toISOString(),
      secretHmac: apiKeyHmac(await this.#secret.get(), key),
      claims: caller.claims,
      ...(body.budget ? { budget: body.budget } : {}),
    };
    await this.#store.create(record);
    return { ...summaryOf(record, now), secret: key };
  }

  /** The caller's keys, newest first. */
  async listOwn(caller: Caller): Promise<ApiKeySummary[]> {
    const now = this.#now();
    return (await this.#store.listByOwner(caller.sub)).map((record) => summaryOf(record, now));
  }

  /** Every user's keys with their owners (Administrators). */
  async listAll(caller: Caller): Promise<ApiKeySummary[]> {
    requireAdministrator(caller);
    const now = this.#now();
    return (await this.#store.listAll()).map((record) => ({
      ...summaryOf(record, now),
      owner: { sub: record.ownerSub, username: record.ownerUsername },
    }));
  }

  /** Revokes one of the caller's keys; another user's is answered like a missing one. */
  async revokeOwn(caller: Caller, keyId: string): Promise<ApiKeySummary> {
    refuseKeyCaller(caller);
    const now = this.#now();
    const record = await this.#store.revoke(keyId, { sub: caller.sub, ownerSub: caller.sub }, now);
    if (!record) throw notFound();
    return summaryOf(record, now);
  }

  /** Revokes anyone's key (Administrators). */
  async revokeAny(caller: Caller, keyId: string): Promise<ApiKeySummary> {
    requireAdministrator(caller);
    const now = this.#now();
    const record = await this.#store.revoke(keyId, { sub: caller.sub }, now);
    if (!record) throw notFound();
    return {
      ...summaryOf(record, now),
      owner: { sub: record.ownerSub, username: record.ownerUsername },
    };
  }

  /** Each limit of a key's budget must fit in the owner's monthly limit of the same unit. */
  #checkBudget(caller: Caller, budget: ApiKeyBudget): void {
    const own = budgetFor(caller, this.#budgets);
    if (budget.tokensPerMonth !== undefined && budget.tokensPerMonth > own.tokensPerMonth)
      throw badRequest(
        'budget.tokensPerMonth',
        `A key's budget may not exceed yours (${own.tokensPerMonth} tokens a month)`,
      );
    if (
      budget.usdPerMonth !== undefined &&
      own.usdPerMonth !== undefined &&
      budget.usdPerMonth > own.usdPerMonth
    )
      throw badRequest(
        'budget.usdPerMonth',
        `A key's budget may not exceed yours ($${own.usdPerMonth} a month)`,
      );
  }
}

/** A key is not a sign-in: it may not manage keys (the authorizer denies it first). */
function refuseKeyCaller(caller: Caller): void {
  if (caller.apiKey)
    throw new ApiError(403, 'FORBIDDEN', 'API keys cannot manage keys; sign in to the app');
}

function requireAdministrator(caller: Caller): void {
  // The authorizer already limits the admin routes to Administrators; checked again here.
  if (!caller.groups.includes(ADMIN_GROUP) || caller.apiKey)
    throw new ApiError(403, 'FORBIDDEN', 'Only Administrators may manage other users’ keys');
}

const notFound = () => new ApiError(404, 'API_KEY_NOT_FOUND', 'No such API key of yours');

/** What the lists show of a key: never its HMAC or the claims. */
function summaryOf(record: ApiKeyRecord, now: Date): ApiKeySummary {
  return {
    keyId: record.keyId,
    name: record.name,
    models: record.models,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    ...(record.lastUsedAt ? { lastUsedAt: record.lastUsedAt } : {}),
    ...(record.revokedAt ? { revokedAt: record.revokedAt } : {}),
    ...(record.budget ? { budget: record.budget } : {}),
    status: apiKeyStatus(record, now),
    hint: apiKeyHint(record.keyId),
  };
}

const whole = (name: string, fallback: number) =>
  z._default(
    z.coerce.number().check(z.int(), z.minimum(1, `${name} must be at least 1`), z.maximum(3650)),
    fallback,
  );

const settingsSchema = z.object({
  API_KEYS_DEFAULT_EXPIRY_DAYS: whole('API_KEYS_DEFAULT_EXPIRY_DAYS', 30),
  API_KEYS_MAX_EXPIRY_DAYS: whole('API_KEYS_MAX_EXPIRY_DAYS', 90),
  API_KEYS_MAX_PER_USER: whole('API_KEYS_MAX_PER_USER', 20),
});

/**
 * The key settings from the environment (`API_KEYS_DEFAULT_EXPIRY_DAYS`,
 * `API_KEYS_MAX_EXPIRY_DAYS`, `API_KEYS_MAX_PER_USER`, set by backend.ts from the settings).
 */
export function apiKeySettingsFromEnv(env: NodeJS.ProcessEnv): ApiKeySettings {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `usage-api configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return {
    defaultExpiryDays: parsed.data.API_KEYS_DEFAULT_EXPIRY_DAYS,
    maxExpiryDays: parsed.data.API_KEYS_MAX_EXPIRY_DAYS,
    maxKeysPerUser: parsed.data.API_KEYS_MAX_PER_USER,
  };
}

/** The catalog the keys choose from: local mode's own (`MODEL_CATALOG`), else the built-in one. */
export function catalogFromEnv(env: NodeJS.ProcessEnv): readonly CatalogEntry[] {
  return env['MODEL_CATALOG'] ? parseCatalog(env['MODEL_CATALOG']) : CATALOG;
}
