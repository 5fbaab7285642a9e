import { createHash } from 'node:crypto';

import type { GuardrailPolicy } from '../guardrails/policies.ts';
import { canonicalJson } from './chain.ts';

const versions = new WeakMap<GuardrailPolicy, string>();

/**
 * A guardrail policy's version for the audit: the first 12 hex digits of the SHA-256 of its
 * settings (detector actions and Bedrock guardrail id and version), so a record says exactly
 * which rules applied, and any change of them shows as a new version.
 */
export function policyVersionOf(policy: GuardrailPolicy): string {
  let version = versions.get(policy);
  if (version === undefined) {
    version = createHash('sha256').update(canonicalJson(policy)).digest('hex').slice(0, 12);
    versions.set(policy, version);
  }
  return version;
}
