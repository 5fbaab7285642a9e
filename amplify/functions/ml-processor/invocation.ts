import { randomUUID } from 'node:crypto';

import type { Logger } from '@aws-lambda-powertools/logger';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { APIGatewayProxyEvent } from 'aws-lambda';

import { policyVersionOf } from '../../audit/policy-version.ts';
import type { AuditSink } from '../../audit/trail.ts';
import { type CatalogEntry, grantingGroup } from '../../catalog.ts';
import { CORS_EXPOSED_HEADERS } from '../../contract/gateway.ts';
import { policyNameFor } from '../../guardrails/catalog-guardrails.ts';
import type { DetectorType } from '../../guardrails/detectors/index.ts';
import { type GuardrailPolicy, policiesByName } from '../../guardrails/policies.ts';
import { ApiError } from '../shared/api-error.ts';
import type { Caller } from '../shared/authorizer-context.ts';
import type { CallerRecheck } from '../shared/caller-recheck.ts';
import { responseHeaders } from '../shared/envelope.ts';
import { type RouteAddress, routeKey } from '../shared/route-table.ts';
import {
  BudgetExceededError,
  type Reservation,
  type UsageAmounts,
  type UsageLedger,
} from '../shared/usage-ledger.ts';
import type { Charge } from '../shared/usage-ledger-items.ts';
import { callerOf } from './access.ts';
import type { CallGuard, Intervention } from './call-guard.ts';
import { type CallPhase, chargeFor } from './charge-policy.ts';
import type { ProcessorConfig } from './config.ts';
import { header } from './request.ts';
import { type Outcome, recordInvocation } from './telemetry.ts';
import { UpstreamCall } from './upstream-call.ts';
import { fromUpstreamError } from './upstream-errors.ts';

/** What the processor needs of the usage ledger (`../shared/usage-ledger.ts`); settle returns the charge. */
export type BudgetLedger = Pick<UsageLedger, 'reserve'> & {
  settle(...settlement: Parameters<UsageLedger['settle']>): Promise<Charge | void>;
};

/** The guardrail policies and the client ApplyGuardrail goes through (processor.ts builds them once). */
export interface GuardrailSetup {
  readonly policies: ReadonlyMap<string, GuardrailPolicy>;
  readonly bedrock?: BedrockRuntimeClient;
}

/** What every invocation of one processor shares. */
export interface InvocationSetup {
  readonly config: ProcessorConfig;
  readonly logger: Logger;
  /** @default none: budgets not enforced */
  readonly ledger?: BudgetLedger;
  /** @default the catalog's policies, without a Bedrock client */
  readonly guardrails?: GuardrailSetup;
  /** Where the request's audit record goes (docs/audit.md). @default none: not audited */
  readonly audit?: AuditSink;
}

/** How an invocation ended, for its log line and metrics. */
interface Ending {
  readonly error?: ApiError;
  /** The exception behind the answer (its name is logged, never its message). */
  readonly upstreamError?: unknown;
  readonly clientGone?: boolean;
}

function outcomeOf(status: number, ending: Ending): Outcome {
  if (ending.clientGone) return 'client_gone';
  if (ending.error?.code === 'BUDGET_EXCEEDED') return 'budget_exceeded';
  if (ending.error?.code === 'GUARDRAIL_INTERVENED') return 'guardrail_intervened';
  if (status === 429) return 'throttled';
  if (status >= 500 || status === 424) return 'error';
  return status >= 400 ? 'client_error' : 'ok';
}

/**
 * One request from arrival to answer: its clock and request id, the caller and model it
 * resolved to, the budget hold, the upstream call's timing and usage, and, at the end, its log
 * line, metrics and the settlement of the hold by the charge policy.
 */
export class Invocation {
  readonly requestId: string;
  readonly route: string;
  /** Headers of every answer to this request (CORS, no caching). */
  readonly headers: Record<string, string>;
  readonly #event: APIGatewayProxyEvent;
  readonly #config: ProcessorConfig;
  readonly #ledger?: BudgetLedger;
  readonly #started = performance.now();
  readonly #arrived = new Date();
  readonly #audit?: AuditSink;
  #caller?: Caller;
  #entry?: CatalogEntry;
  #reservation?: Reservation;
  #hold: UsageAmounts = { inputTokens: 0, outputTokens: 0 };
  #phase: CallPhase = 'before-upstream';
  #upstreamStarted?: number;
  #upstreamMs?: number;
  #reported?: UsageAmounts;
  /** The settlement made when the answer ended (`answerCost`), which `finish` then records. */
  #settlement?: Promise<Charge | void>;
  /** Characters of output streamed so far; undefined on buffered routes. */
  #streamedChars?: number;
  readonly #guardrails: GuardrailSetup;
  readonly #logger: Logger;
  #intervention?: Intervention;
  readonly #masked = new Set<DetectorType>();
  /** Restorable masked values of the prompt: the answer's alone (never logged or audited). */
  #restorable: Record<string, string> = {};

  constructor(event: APIGatewayProxyEvent, setup: InvocationSetup) {
    this.#event = event;
    this.#config = setup.config;
    this.#ledger = setup.ledger;
    this.#guardrails = setup.guardrails ?? { policies: policiesByName() };
    this.#logger = setup.logger;
    this.#audit = setup.audit;
    const config = setup.config;
    this.requestId = event.requestContext?.requestId || randomUUID();
    this.route = routeKey(event.httpMethod?.toUpperCase() ?? '', event.resource ?? '');
    this.headers = responseHeaders(
      header(event, 'origin'),
      config.allowedOrigins,
      CORS_EXPOSED_HEADERS,
    );
  }

  /** The authenticated caller (401 when the authorizer context is missing or expired). */
  caller(): Caller {
    this.#caller ??= callerOf(this.#event);
    return this.#caller;
  }

  /**
   * Confirms the caller against their current access (the directory, a key's revocation) before
   * the route runs: the gateway may have reused an authorizer answer older than a change.
   */
  async confirmCaller(recheck: CallerRecheck | undefined, route: RouteAddress): Promise<void> {
    const caller = this.caller();
    if (recheck) this.#caller = await recheck.confirm(caller, route);
  }

  /** The catalog entry the request resolved to. */
  set entry(entry: CatalogEntry | undefined) {
    this.#entry = entry;
  }

  get entry(): CatalogEntry | undefined {
    return this.#entry;
  }

  /** Time the upstream call took (set when it ended). */
  get upstreamMs(): number | undefined {
    return this.#upstreamMs;
  }

  /** Holds the call's worst case against the caller's budgets; 429 BUDGET_EXCEEDED when spent. */
  async reserve(worstCase: UsageAmounts): Promise<void> {
    this.#hold = worstCase;
    if (!this.#ledger || !this.#entry) return;
    try {
      this.#reservation = await this.#ledger.reserve(this.caller(), this.#entry.id, worstCase);
    } catch (error) {
      if (!(error instanceof BudgetExceededError)) throw error;
      throw new ApiError(429, 'BUDGET_EXCEEDED', error.message, {
        retryAfterSeconds: error.retryAfterSeconds(),
        details: {
          scope: error.scope,
          ...(error.scopeName !== undefined ? { scopeName: error.scopeName } : {}),
          period: error.period,
          unit: error.unit,
          limit: error.limit,
          resetsAt: error.resetsAt.toISOString(),
        },
      });
    }
  }

  /**
   * The guardrail policy of the caller for the resolved model (its granting group's, the
   * model's, or `default`) and where the seam counts what it did; none before a model is
   * resolved, so a model call then is refused.
   */
  callGuard(): CallGuard | undefined {
    const entry = this.#entry;
    if (!entry) return undefined;
    const name = policyNameFor(entry.guardrails, grantingGroup(entry, this.caller()));
    const policy = this.#guardrails.policies.get(name);
    // validateCatalog rejects unknown names; refuse rather than run without a policy.
    if (!policy) return undefined;
    return {
      policy,
      ...(this.#guardrails.bedrock ? { bedrock: this.#guardrails.bedrock } : {}),
      intervened: (intervention) => {
        this.#intervention = intervention;
      },
      masked: (types) => types.forEach((type) => this.#masked.add(type)),
      restorable: (mapping) => {
        this.#restorable = { ...this.#restorable, ...mapping };
      },
    };
  }

  /**
   * The answer's field of restorable masked values (`{ maskedValues: placeholder → value }`),
   * empty when the policy restores none or nothing was masked. Only the caller's answer carries it.
   */
  maskedValues(): { maskedValues?: Readonly<Record<string, string>> } {
    return Object.keys(this.#restorable).length > 0 ? { maskedValues: this.#restorable } : {};
  }

  /** Runs one buffered upstream call under the processor's deadline, timing it. */
  async upstream<T>(run: (call: UpstreamCall) => Promise<T>): Promise<T> {
    const call = new UpstreamCall(this.#config.upstreamTimeoutMs);
    call.guardedBy(() => this.callGuard());
    this.upstreamBegan();
    try {
      return await run(call);
    } catch (error) {
      throw this.failure(error, call);
    } finally {
      call.finish();
      this.upstreamEnded();
    }
  }

  /** The upstream call began: from now on a failure is charged (see charge-policy.ts). */
  upstreamBegan(): void {
    // The audit's clients load while the model answers (audit/aws-sdk.ts).
    this.#audit?.prepare?.();
    this.#phase = 'upstream';
    this.#upstreamStarted = performance.now();
  }

  /** A streaming upstream call began: its output is counted as it is streamed. */
  streamBegan(): void {
    this.upstreamBegan();
    this.#streamedChars = 0;
  }

  /** The upstream call ended; returns its duration in ms. */
  upstreamEnded(): number {
    this.#upstreamMs ??= Math.round(performance.now() - (this.#upstreamStarted ?? this.#started));
    return this.#upstreamMs;
  }

  /** Output text sent to the client (a stream's delta). */
  streamed(text: string): void {
    this.#streamedChars = (this.#streamedChars ?? 0) + text.length;
  }

  /** The usage the model reported. */
  reported(usage: UsageAmounts): void {
    this.#reported = usage;
  }

  /**
   * Settles the hold as soon as the model has finished its answer (by the charge policy, as a
   * success), so the answer can carry what the ledger charged: nano-dollars, or undefined when
   * no ledger is configured or the ledger did not answer. `finish` records this settlement
   * instead of settling a second time.
   */
  async answerCost(): Promise<number | undefined> {
    this.#settlement ??= this.#settle(false, false);
    const charge = await this.#settlement;
    return charge ? charge.nanoUsd : undefined;
  }

  /**
   * The API error for an exception of the upstream call; a throttle or a rejected request
   * before any output means the model service did no work (refunded).
   */
  failure(thrown: unknown, call: UpstreamCall): ApiError {
    const error = fromUpstreamError(thrown, {
      timedOut: call.timedOut,
      retryAfterSeconds: this.#config.throttleRetryAfterSeconds,
    });
    if (
      this.#phase === 'upstream' &&
      (error.status === 429 || error.status === 400) &&
      !this.#streamedChars
    )
      this.#phase = 'refused-by-upstream';
    // A prompt stopped by the policy never reached the model: nothing to charge.
    if (this.#intervention?.stage === 'input' && !this.#streamedChars)
      this.#phase = 'before-upstream';
    if (error !== thrown) Object.defineProperty(error, 'cause', { value: thrown });
    return error;
  }

  /**
   * Logs the invocation, emits its metrics, settles its budget hold and writes its audit record:
   * the one point every request of the processor ends at, whatever its route or outcome.
   */
  async finish(status: number, ending: Ending = {}): Promise<void> {
    // Token figures are the model's own report (Bedrock); SageMaker reports none.
    const usage = this.#entry?.provider === 'bedrock' ? this.#reported : undefined;
    const outcome = outcomeOf(status, ending);
    const latencyMs = Math.round(performance.now() - this.#started);
    recordInvocation(this.#logger, {
      deployment: this.#config.deploymentName,
      requestId: this.requestId,
      route: this.route,
      sub: this.#caller?.sub ?? '',
      model: this.#entry?.id,
      group: this.#entry && this.#caller ? grantingGroup(this.#entry, this.#caller) : undefined,
      status,
      outcome,
      latencyMs,
      ...(this.#upstreamMs !== undefined ? { upstreamMs: this.#upstreamMs } : {}),
      inputTokens: usage?.inputTokens,
      outputTokens: usage?.outputTokens,
      cacheReadTokens: usage?.cacheReadTokens,
      cacheWriteTokens: usage?.cacheWriteTokens,
      errorCode: ending.error?.code,
      ...this.#guardrailRecord(),
      upstreamError: (ending.upstreamError as { name?: string } | undefined)?.name,
    });
    const charge = await (this.#settlement ??
      this.#settle(status >= 400, ending.clientGone ?? false));
    await this.#audit?.record({
      kind: this.#intervention ? 'guardrail' : 'model-call',
      at: this.#arrived,
      requestId: this.requestId,
      sub: this.#caller?.sub ?? '',
      username: this.#caller?.username ?? '',
      groups: this.#caller?.groups ?? [],
      ...(this.#entry && this.#caller ? { group: grantingGroup(this.#entry, this.#caller) } : {}),
      action: this.route,
      ...(this.#entry ? { model: this.#entry.id } : {}),
      ...this.#auditedPolicy(),
      outcome,
      status,
      ...(ending.error ? { errorCode: ending.error.code } : {}),
      ...(usage
        ? {
            inputTokens: usage.inputTokens,
            outputTokens: usage.outputTokens,
            ...(usage.cacheReadTokens !== undefined
              ? { cacheReadTokens: usage.cacheReadTokens }
              : {}),
            ...(usage.cacheWriteTokens !== undefined
              ? { cacheWriteTokens: usage.cacheWriteTokens }
              : {}),
          }
        : {}),
      ...(charge ? { costNanoUsd: charge.nanoUsd } : {}),
      latencyMs,
      // The body as sent; the audit keeps it only as the group's capture setting says.
      ...(this.#event.body ? { content: this.#event.body } : {}),
    });
  }

  /** The policy that applied (name and version) and what it did, for the audit record. */
  #auditedPolicy() {
    const policy = this.#caller ? this.callGuard()?.policy : undefined;
    if (!policy) return {};
    return {
      policy: policy.name,
      policyVersion: policyVersionOf(policy),
      ...(this.#intervention
        ? {
            intervention: `${this.#intervention.source}:${this.#intervention.detector ?? this.#intervention.stage}`,
          }
        : {}),
      ...(this.#masked.size > 0 ? { masked: [...this.#masked] } : {}),
    };
  }

  /** The policy applied and what it did, for the log line and metrics (never the content). */
  #guardrailRecord() {
    if (!this.#intervention && this.#masked.size === 0) return {};
    return {
      guardrailPolicy: this.#intervention?.policy ?? this.callGuard()?.policy.name,
      ...(this.#intervention
        ? {
            guardrailIntervention: `${this.#intervention.source}:${this.#intervention.detector ?? this.#intervention.stage}`,
          }
        : {}),
      ...(this.#masked.size > 0 ? { guardrailMasked: [...this.#masked] } : {}),
    };
  }

  async #settle(failed: boolean, clientGone: boolean): Promise<Charge | void> {
    if (!this.#ledger || !this.#reservation) return;
    const charge = chargeFor({
      phase: this.#phase,
      failed,
      clientGone,
      hold: this.#hold,
      reported: this.#metered(),
      // One token per character streamed: the same upper bound as the input estimate.
      streamedOutputTokens: this.#streamedChars,
    });
    return this.#ledger
      .settle(this.#reservation, {
        requestId: this.requestId,
        latencyMs: this.#upstreamMs ?? 0,
        ...charge,
      })
      .catch((error: unknown) =>
        this.#logger.error('usage record failed', {
          requestId: this.requestId,
          errorName: (error as Error).name,
        }),
      );
  }

  /**
   * What was used, as far as it is known: the model's report (Bedrock), or a SageMaker call's
   * one request and its measured model latency once the call began (async jobs run later, so
   * their submission counts no latency).
   */
  #metered(): UsageAmounts | undefined {
    if (this.#entry?.provider !== 'sagemaker') return this.#reported;
    if (this.#phase !== 'upstream') return undefined;
    return {
      inputTokens: 0,
      outputTokens: 0,
      requests: 1,
      modelLatencyMs: this.#entry.mode === 'async' ? 0 : this.upstreamEnded(),
    };
  }
}
