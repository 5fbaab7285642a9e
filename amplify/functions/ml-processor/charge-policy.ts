/**
 * What a model call is charged, decided from what the processor saw (issue 13, "No free
 * failures"): the model bills work that began, so a failure after the upstream call began is
 * never free; only a call refused before any work is refunded.
 */
import type { UsageAmounts, UsageOutcome } from '../shared/usage-ledger.ts';

/** How far a call got. */
export type CallPhase =
  /** Refused by the gateway before the upstream call (validation, access, budget). */
  | 'before-upstream'
  /** Refused by the model service without doing work (throttled, request rejected). */
  | 'refused-by-upstream'
  /** The upstream call began: the model may have worked. */
  | 'upstream';

/** The facts a charge is decided from. */
export interface ChargeFacts {
  readonly phase: CallPhase;
  /** The call did not end with a success. */
  readonly failed: boolean;
  /** The client went away before the answer ended. */
  readonly clientGone: boolean;
  /** The worst case held for the call. */
  readonly hold: UsageAmounts;
  /** What the model (or, for SageMaker, the processor's own meter) reported. */
  readonly reported?: UsageAmounts;
  /** Streaming routes: the output tokens streamed so far (undefined for buffered routes). */
  readonly streamedOutputTokens?: number;
}

export type Charge = Pick<UsageOutcome, 'charged' | 'status'>;

const NOTHING: UsageAmounts = { inputTokens: 0, outputTokens: 0 };

/**
 * The charge, first rule that applies:
 * 1. refused before the upstream call, or by the model service → refunded, nothing charged;
 * 2. the model reported its usage → that;
 * 3. the client went away → the whole hold (abandoned), as before this policy;
 * 4. a stream (failed, or ended without usage) → the input estimate (with any cache write) plus
 *    the output streamed so far;
 * 5. otherwise (a buffered call failed, e.g. timed out, or answered without usage) → the whole
 *    hold.
 */
export function chargeFor(facts: ChargeFacts): Charge {
  const { phase, failed, clientGone, hold, reported, streamedOutputTokens } = facts;
  if (phase !== 'upstream') return { status: 'refunded', charged: NOTHING };
  if (reported) return { status: failed ? 'error' : 'ok', charged: reported };
  if (clientGone) return { status: 'abandoned', charged: hold };
  const status = failed ? 'error' : 'ok';
  if (streamedOutputTokens !== undefined)
    return {
      status,
      charged: {
        ...hold,
        outputTokens: Math.min(hold.outputTokens, Math.max(0, Math.ceil(streamedOutputTokens))),
      },
    };
  return { status, charged: hold };
}
