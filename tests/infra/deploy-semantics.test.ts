/**
 * Gate: what CloudFormation accepts but a deploy still gets wrong, asserted on every synth target
 * (see deploy-semantics/): alarm topics CloudWatch may publish to, retained resources with fixed
 * names, names and metrics shared between deployments, log retention, deletion protection.
 */
import { describe, expect, it } from 'vitest';

import { loadBackend } from './assembly.ts';
import { checkAlarmTopics } from './deploy-semantics/alarm-topics.ts';
import { checkDeletionProtection } from './deploy-semantics/deletion-protection.ts';
import { checkLogRetention } from './deploy-semantics/log-retention.ts';
import { type MetricScope, sharedMetrics } from './deploy-semantics/metric-identities.ts';
import { checkRetainedNames, sharedPhysicalNames } from './deploy-semantics/physical-names.ts';
import { formatFindings } from './deploy-semantics/templates.ts';
import { SYNTH_TARGETS, type SynthTarget } from './synth-targets.ts';

const targets = Object.keys(SYNTH_TARGETS) as SynthTarget[];

/** The metrics a deployment owns: its API's and the project's own namespaces. */
const METRIC_SCOPE: MetricScope = {
  ownedNamespaces: [/^AWS\/ApiGateway$/, /^MLGateway(\/|$)/],
  // An environment name is not enough: every feature branch deploys as `dev`.
  perDeploymentLogFields: ['$.apiId', '$.context.apiId'],
};

/** Which deployment a target is: targets of the same branch or sandbox replace each other. */
function deploymentOf(target: SynthTarget): string {
  const settings: { branch: string | undefined; sandbox?: string } = SYNTH_TARGETS[target];
  return settings.branch ? `branch ${settings.branch}` : `sandbox ${settings.sandbox ?? 'local'}`;
}

/** One target per deployment, and every pair of them. */
const deployments = targets.filter(
  (target, i) => targets.findIndex((t) => deploymentOf(t) === deploymentOf(target)) === i,
);
const pairs = deployments.flatMap((first, i) =>
  deployments.slice(i + 1).map((second) => [first, second] as const),
);

describe.each(targets)('deploy semantics of the %s templates', (target) => {
  const templates = () => loadBackend(target).all;

  it('alarm topics let CloudWatch publish', () => {
    expect(formatFindings(checkAlarmTopics(templates()))).toEqual([]);
  });

  it('no retained resource has a fixed literal physical name', () => {
    expect(formatFindings(checkRetainedNames(templates()))).toEqual([]);
  });

  it('every log group, and every function log group, has a retention', () => {
    expect(formatFindings(checkLogRetention(templates()))).toEqual([]);
  });

  it('deletion protection comes with DeletionPolicy Retain', () => {
    expect(formatFindings(checkDeletionProtection(templates()))).toEqual([]);
  });
});

describe.each(pairs)('deployments %s and %s side by side', (first, second) => {
  it('share no literal physical name', () => {
    const findings = sharedPhysicalNames(loadBackend(first).all, loadBackend(second).all);
    expect(formatFindings(findings)).toEqual([]);
  });

  it('share no API Gateway or MLGateway metric', () => {
    const findings = sharedMetrics(loadBackend(first).all, loadBackend(second).all, METRIC_SCOPE);
    expect(formatFindings(findings)).toEqual([]);
  });
});
