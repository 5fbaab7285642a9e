/**
 * The Bedrock guardrails the processor's role must be allowed to apply: `bedrock:ApplyGuardrail`
 * on each guardrail a deployed model's policy names, for Converse with `guardrailConfig` and for
 * ApplyGuardrail alike ("Set up permissions to use Amazon Bedrock Guardrails", Bedrock User Guide,
 * docs.aws.amazon.com/bedrock/latest/userguide/guardrails-permissions.html). Only those ARNs:
 * least privilege, like the model ARNs derived from the catalog.
 */
import type { CatalogEntry } from '../catalog.ts';
import { policyNameFor } from './catalog-guardrails.ts';
import type { GuardrailPolicy } from './policies.ts';

/** Where the guardrails live when a policy names them by id rather than by ARN. */
export interface GuardrailLocation {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

/** The guardrail ARNs the deployed entries' policies name, sorted and without repeats. */
export function guardrailArns(
  catalog: readonly CatalogEntry[],
  policies: ReadonlyMap<string, GuardrailPolicy>,
  { partition, region, account }: GuardrailLocation,
): string[] {
  const names = new Set<string>();
  for (const entry of catalog) {
    for (const group of [undefined, ...entry.groups])
      names.add(policyNameFor(entry.guardrails, group));
  }
  const arns = new Set<string>();
  for (const name of names) {
    const id = policies.get(name)?.bedrockGuardrail?.guardrailIdentifier;
    if (id === undefined) continue;
    arns.add(
      id.startsWith('arn:') ? id : `arn:${partition}:bedrock:${region}:${account}:guardrail/${id}`,
    );
  }
  return [...arns].sort();
}
