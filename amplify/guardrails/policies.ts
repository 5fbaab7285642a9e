/**
 * Guardrail policies: per detector what to do with what it finds (`block`, `mask`, `allow`),
 * and optionally a Bedrock guardrail applied by Bedrock itself (Converse, ConverseStream) or
 * through ApplyGuardrail (SageMaker). The catalog names a policy per model and per group
 * (`guardrails` on an entry); docs/guardrails.md lists the defaults.
 */
// The policies are checked at synth too, where no function module has loaded zod's messages.
import '../contract/zod-messages.ts';

import * as z from 'zod/mini';

import { DETECTOR_TYPES, type DetectorType } from './detectors/index.ts';

const DETECTOR_ACTIONS = ['block', 'mask', 'allow'] as const;
export type DetectorAction = (typeof DETECTOR_ACTIONS)[number];

// The identifier and version patterns of GuardrailConfiguration / GuardrailStreamConfiguration
// (docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_GuardrailConfiguration.html).
const GUARDRAIL_IDENTIFIER =
  /^(?:[a-z0-9]{1,2048}|arn:aws(?:-[a-z]{1,20})?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]{1,2000})$/;
const GUARDRAIL_VERSION = /^(?:[1-9][0-9]{0,7}|DRAFT)$/;

const bedrockGuardrailSchema = z.strictObject({
  guardrailIdentifier: z.string().check(z.regex(GUARDRAIL_IDENTIFIER, 'a guardrail id or ARN')),
  guardrailVersion: z.string().check(z.regex(GUARDRAIL_VERSION, 'a version number or DRAFT')),
  // ConverseStream only: `sync` holds each chunk until the guardrail has checked it, `async`
  // sends chunks at once and checks them behind ("Configure streaming response behavior",
  // docs.aws.amazon.com/bedrock/latest/userguide/guardrails-streaming.html).
  streamProcessingMode: z._default(z.enum(['sync', 'async']), 'sync'),
});

export const guardrailPolicySchema = z.strictObject({
  /** Named in every intervention's answer and log line. */
  name: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and "-"')),
  /** Per detector; a detector not named takes `DEFAULT_DETECTOR_ACTIONS`. */
  detectors: z._default(z.partialRecord(z.enum(DETECTOR_TYPES), z.enum(DETECTOR_ACTIONS)), {}),
  /**
   * Detectors whose masked values the caller may restore in their own view: each masked value
   * of the prompt gets its own numbered placeholder (`[EMAIL_1]`), and the answer to that
   * request alone carries placeholder → value (docs/guardrails.md, "Restoring masked values").
   * Each must be a detector the policy masks.
   */
  restorable: z._default(z.array(z.enum(DETECTOR_TYPES)), []),
  bedrockGuardrail: z.optional(bedrockGuardrailSchema),
});

export type BedrockGuardrail = z.output<typeof bedrockGuardrailSchema>;
export type GuardrailPolicyInput = z.input<typeof guardrailPolicySchema>;

/** A policy with every detector's action filled in. */
export interface GuardrailPolicy {
  readonly name: string;
  readonly detectors: Readonly<Record<DetectorType, DetectorAction>>;
  /** Masked detectors whose values the caller may restore in their own view. */
  readonly restorable: readonly DetectorType[];
  readonly bedrockGuardrail?: BedrockGuardrail;
}

/**
 * What a detector does when a policy does not say: credentials are blocked (a leaked key is
 * an incident whatever the model), card numbers and IBANs masked (the model rarely needs them),
 * e-mail addresses and phone numbers allowed (everyday text; a policy may mask them).
 */
export const DEFAULT_DETECTOR_ACTIONS: Readonly<Record<DetectorType, DetectorAction>> = {
  email: 'allow',
  phone: 'allow',
  card: 'mask',
  iban: 'mask',
  awsAccessKey: 'block',
  awsSecretKey: 'block',
  privateKey: 'block',
  secret: 'block',
};

/** The policy of a model and group that the catalog names none for. */
export const DEFAULT_POLICY_NAME = 'default';

/** Every policy the catalog may name. Edit here; `guardrailProblems` checks the references. */
export const GUARDRAIL_POLICIES: readonly GuardrailPolicyInput[] = [
  { name: DEFAULT_POLICY_NAME },
  {
    name: 'strict-pii',
    detectors: { email: 'mask', phone: 'mask', card: 'block', iban: 'block' },
  },
  // E-mail addresses and phone numbers masked for the model, restorable in the user's own view.
  {
    name: 'restorable-pii',
    detectors: { email: 'mask', phone: 'mask' },
    restorable: ['email', 'phone'],
  },
  // Local mode's Bedrock guardrail (local/models/guardrail.ts) behind the detectors.
  {
    name: 'local-guardrail',
    detectors: { email: 'mask' },
    bedrockGuardrail: { guardrailIdentifier: 'localguardrail', guardrailVersion: '1' },
  },
];

/** Fills in the defaults of a validated policy; throws when it restores what it does not mask. */
export function resolvePolicy(input: GuardrailPolicyInput): GuardrailPolicy {
  const parsed = guardrailPolicySchema.parse(input);
  const detectors = { ...DEFAULT_DETECTOR_ACTIONS, ...parsed.detectors };
  const problems = restorableProblems(parsed.name, detectors, parsed.restorable);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return {
    name: parsed.name,
    detectors,
    restorable: [...new Set(parsed.restorable)],
    ...(parsed.bedrockGuardrail ? { bedrockGuardrail: parsed.bedrockGuardrail } : {}),
  };
}

/** Policies by name, validated once. */
export function policiesByName(
  policies: readonly GuardrailPolicyInput[] = GUARDRAIL_POLICIES,
): ReadonlyMap<string, GuardrailPolicy> {
  return new Map(policies.map((policy) => [policy.name, resolvePolicy(policy)]));
}

/** A restorable detector must be one the policy masks (a blocked or allowed value has no placeholder). */
export function restorableProblems(
  name: string,
  detectors: Readonly<Record<DetectorType, DetectorAction>>,
  restorable: readonly DetectorType[],
): string[] {
  return restorable
    .filter((type) => detectors[type] !== 'mask')
    .map(
      (type) =>
        `guardrail policy "${name}": restorable: "${type}" is not masked (it is ${detectors[type]})`,
    );
}
