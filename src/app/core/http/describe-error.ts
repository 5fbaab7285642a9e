import { ApiCallError } from './api-call-error';
import { asSentence } from './retry-wait';
import { describeSpentBudget } from './spent-budget';

/** How the UI presents an error: a title, what happened, and what the user can do. */
export interface ErrorExplanation {
  readonly title: string;
  readonly detail: string;
  /** Seconds until a retry makes sense (429); the detail leaves the wait to a countdown. */
  readonly retryAfterSeconds?: number;
  /** The model did not answer in time: offer streaming or an async job. */
  readonly suggestAsync?: boolean;
}

/**
 * Turns any error from an API call into words for the user; `subject` names the model or action,
 * `now` places a budget's reset in local time ("today", "tomorrow").
 */
export function explainError(error: unknown, subject?: string, now = new Date()): ErrorExplanation {
  if (!(error instanceof ApiCallError)) {
    return {
      title: $localize`:Error title@@error.unknown:Something went wrong`,
      detail: messageOf(error),
    };
  }
  switch (error.code) {
    case 'OFFLINE':
      return {
        title: $localize`:Error title@@error.offline.title:You are offline`,
        detail: $localize`:Error detail@@error.offline.detail:Check your network connection; the request was not sent.`,
      };
    case 'NETWORK_ERROR':
      return {
        title: $localize`:Error title@@error.network.title:The gateway could not be reached`,
        detail: $localize`:Error detail@@error.network.detail:The request did not reach ML Gateway. Check your connection and try again.`,
      };
    case 'UNAUTHORIZED':
      return {
        title: $localize`:Error title@@error.unauthorized.title:Your session has expired`,
        detail: $localize`:Error detail@@error.unauthorized.detail:Sign in again to continue.`,
      };
    case 'FORBIDDEN':
    case 'MODEL_NOT_ALLOWED':
      return {
        title: subject
          ? $localize`:Error title; the subject is a model or page@@error.forbidden.titleWith:Not allowed: ${subject}:subject:`
          : $localize`:Error title@@error.forbidden.title:Not allowed`,
        detail: $localize`:Error detail; the message comes from the gateway, in English@@error.forbidden.detail:${asSentence(error.message)}:message: Your role does not permit this; ask an administrator for access.`,
      };
    case 'THROTTLED':
      return {
        title: $localize`:Error title@@error.throttled.title:Too many requests`,
        // With Retry-After the alert counts the wait down on a line of its own.
        detail:
          error.details.retryAfterSeconds !== undefined
            ? asSentence(error.message)
            : $localize`:Error detail@@error.throttled.detail:${asSentence(error.message)}:message: Wait a moment and try again.`,
        retryAfterSeconds: error.details.retryAfterSeconds,
      };
    case 'BUDGET_EXCEEDED':
      // Not a rate limit: no countdown (the reset can be days away), the reset time in words.
      return {
        title: $localize`:Error title@@error.budget.title:Budget used up`,
        detail: $localize`:Error detail; the first part says which budget and when it resets@@error.budget.detail:${
          error.details.budget
            ? describeSpentBudget(error.details.budget, now)
            : asSentence(error.message)
        }:budget: Ask an administrator if you need more.`,
      };
    case 'UPSTREAM_TIMEOUT':
      return {
        title: $localize`:Error title@@error.timeout.title:The model did not answer in time`,
        detail: $localize`:Error detail@@error.timeout.detail:A request that waits for the whole answer is cut off after 29 seconds. Streaming shows the answer as it is produced, and async endpoints run as jobs you can follow.`,
        suggestAsync: true,
      };
    case 'GUARDRAIL_INTERVENED':
      return {
        title: $localize`:Error title (a guardrail blocked the request)@@error.guardrail.title:Stopped by your company's content policy`,
        detail: error.message,
      };
    case 'MODEL_ERROR':
      return {
        title: subject
          ? $localize`:Error title@@error.model.titleWith:The model failed: ${subject}:subject:`
          : $localize`:Error title@@error.model.title:The model failed`,
        detail: error.message,
      };
    case 'BAD_REQUEST':
    case 'LENGTH_REQUIRED':
    case 'PAYLOAD_TOO_LARGE':
    case 'UNSUPPORTED_MEDIA_TYPE':
      return {
        title: $localize`:Error title@@error.badRequest.title:The request was not accepted`,
        detail: error.details.field
          ? $localize`:Error detail naming the request field at fault@@error.badRequest.field:${error.message}:message: (field: ${error.details.field}:field:)`
          : error.message,
      };
    default:
      return {
        title: $localize`:Error title@@error.failed.title:The request failed`,
        detail: error.message,
      };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
