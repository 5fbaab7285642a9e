/**
 * The local Bedrock guardrail: deterministic, so every guardrail path runs offline. It blocks a
 * text holding one of its blocked words (whole words, any case) or one of its PII types (found
 * by the gateway's own detectors). Served as ApplyGuardrail and honoured by Converse and
 * ConverseStream when a request carries `guardrailConfig` (local/models/bedrock-runtime.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { DETECTORS, type DetectorType } from '../../amplify/guardrails/detectors/index.ts';
import type { LocalChatAnswer, LocalChatInput } from './models.ts';
import { countRequest, type LocalModelStats } from './stats.ts';
import { readBody, sendAwsError } from './wire.ts';

/** A local guardrail's rules. */
export interface LocalGuardrail {
  readonly blockedWords: readonly string[];
  /** Bedrock PII entity types it blocks, mapped to the detector that finds them. */
  readonly piiTypes: Readonly<Partial<Record<string, DetectorType>>>;
  /** What replaces a blocked prompt or answer (Bedrock's "blocked messaging"). */
  readonly blockedMessage: string;
}

/** The local guardrails by identifier; every version of one has the same rules. */
export const LOCAL_GUARDRAILS: ReadonlyMap<string, LocalGuardrail> = new Map([
  [
    'localguardrail',
    {
      blockedWords: ['forbidden', 'classified'],
      piiTypes: { CREDIT_DEBIT_CARD_NUMBER: 'card', EMAIL: 'email' },
      blockedMessage: 'Sorry, the local guardrail blocked this.',
    },
  ],
]);

/** True when the guardrail stops the text. */
export function guardrailBlocks(guardrail: LocalGuardrail, text: string): boolean {
  const lower = new Set(text.toLowerCase().split(/[^a-z0-9]+/));
  if (guardrail.blockedWords.some((word) => lower.has(word))) return true;
  return Object.values(guardrail.piiTypes).some(
    (type) => type !== undefined && DETECTORS[type].find(text).length > 0,
  );
}

/** A request's `guardrailConfig`, as Converse and ConverseStream take it. */
export interface GuardrailConfig {
  readonly guardrailIdentifier?: string;
  readonly guardrailVersion?: string;
  readonly streamProcessingMode?: 'sync' | 'async';
}

/** The local guardrail a config names; undefined when it names none that exists. */
export function localGuardrailOf(config: GuardrailConfig): LocalGuardrail | undefined {
  return LOCAL_GUARDRAILS.get(config.guardrailIdentifier ?? '');
}

const APPLY_PATH = /^\/guardrail\/([^/]+)\/version\/([^/]+)\/apply$/;

/** True for Bedrock Runtime's ApplyGuardrail path. */
export const isApplyGuardrail = (path: string): boolean => APPLY_PATH.test(path);

/**
 * `POST /guardrail/{id}/version/{version}/apply` (Bedrock API Reference, ApplyGuardrail):
 * `action` GUARDRAIL_INTERVENED with the blocked message as the output, or NONE.
 */
export async function serveApplyGuardrail(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  stats: LocalModelStats,
): Promise<void> {
  countRequest(stats, 'ApplyGuardrail');
  const [, id] = APPLY_PATH.exec(path)!;
  const guardrail = LOCAL_GUARDRAILS.get(decodeURIComponent(id!));
  const raw = (await readBody(req)).toString('utf8');
  if (!guardrail)
    return sendAwsError(res, 404, 'ResourceNotFoundException', 'The guardrail does not exist');
  let texts: string[];
  try {
    const body = JSON.parse(raw) as { source?: string; content?: { text?: { text?: string } }[] };
    if (body.source !== 'INPUT' && body.source !== 'OUTPUT') throw new Error();
    texts = (body.content ?? []).map((block) => block.text?.text ?? '');
  } catch {
    return sendAwsError(res, 400, 'ValidationException', 'source and content are required');
  }
  const blocked = texts.some((text) => guardrailBlocks(guardrail, text));
  const answer = JSON.stringify({
    action: blocked ? 'GUARDRAIL_INTERVENED' : 'NONE',
    outputs: blocked ? [{ text: guardrail.blockedMessage }] : [],
    assessments: [],
    usage: {
      topicPolicyUnits: 0,
      contentPolicyUnits: 0,
      wordPolicyUnits: texts.length,
      sensitiveInformationPolicyUnits: texts.length,
      sensitiveInformationPolicyFreeUnits: 0,
      contextualGroundingPolicyUnits: 0,
    },
  });
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(answer),
  });
  res.end(answer);
}

/**
 * The answer under a local guardrail: a blocked prompt is never answered, a blocked answer is
 * replaced by the blocked message (stop reason `guardrail_intervened`). In `async` stream mode
 * the answer streams unchecked and the stop reason comes after it, as Bedrock's asynchronous
 * mode may let blocked text through before it intervenes.
 */
export function guardedAnswer(
  guardrail: LocalGuardrail,
  request: LocalChatInput,
  answer: LocalChatAnswer,
  mode: 'sync' | 'async' | undefined,
): Omit<LocalChatAnswer, 'stopReason'> & { stopReason: string } {
  const prompt = [
    ...request.messages.flatMap((message) => message.content.map((block) => block.text ?? '')),
    ...(request.system ?? []).map((block) => block.text ?? ''),
  ].join('\n');
  const blocked = {
    ...answer,
    tokens: [guardrail.blockedMessage],
    stopReason: 'guardrail_intervened',
  };
  if (guardrailBlocks(guardrail, prompt)) return blocked;
  if (!guardrailBlocks(guardrail, answer.tokens.join(''))) return answer;
  return mode === 'async' ? { ...answer, stopReason: 'guardrail_intervened' } : blocked;
}
