import { describe, expect, it } from 'vitest';

import { LOCAL_CATALOG } from '../../local/models/local-catalog.ts';
import { CATALOG, type CatalogEntry } from '../catalog.ts';
import { guardrailArns } from './guardrail-arns.ts';
import { policiesByName } from './policies.ts';

const where = { partition: 'aws', region: 'eu-west-1', account: '123456789012' };
const policies = policiesByName([
  { name: 'default' },
  { name: 'by-id', bedrockGuardrail: { guardrailIdentifier: 'abc123', guardrailVersion: '1' } },
  {
    name: 'by-arn',
    bedrockGuardrail: {
      guardrailIdentifier: 'arn:aws:bedrock:us-east-1:210987654321:guardrail/xyz789',
      guardrailVersion: 'DRAFT',
    },
  },
  { name: 'unused', bedrockGuardrail: { guardrailIdentifier: 'zzz', guardrailVersion: '2' } },
]);
const deployed = CATALOG[0]!;
const local = LOCAL_CATALOG[0]!;

describe('guardrailArns (the processor role applies only these)', () => {
  it('names the guardrails of the policies deployed entries and their groups use', () => {
    const catalog: CatalogEntry[] = [
      { ...deployed, guardrails: { policy: 'by-id', groups: { [deployed.groups[0]!]: 'by-arn' } } },
    ];
    expect(guardrailArns(catalog, policies, where)).toEqual([
      'arn:aws:bedrock:eu-west-1:123456789012:guardrail/abc123',
      'arn:aws:bedrock:us-east-1:210987654321:guardrail/xyz789',
    ]);
  });

  it('leaves out policies without a guardrail', () => {
    expect(guardrailArns([deployed, local], policies, where)).toEqual([]);
  });
});
