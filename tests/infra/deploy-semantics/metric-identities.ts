import { type DeployFinding, isIntrinsic, refTarget, resourcesOf } from './templates.ts';

/** Which metrics belong to one deployment, so two deployments must never share one. */
export interface MetricScope {
  /** Namespaces whose metrics a deployment owns (its API's, its own metric filters'). */
  ownedNamespaces: readonly RegExp[];
  /** Log fields whose value differs per deployment, so a metric-filter dimension on one is unique. */
  perDeploymentLogFields: readonly string[];
}

/** Pseudo parameters that are the same for every stack in an account and region. */
const SHARED_PSEUDO_PARAMETERS = new Set(['AWS::Region', 'AWS::AccountId', 'AWS::Partition']);
/** Resources whose Ref is a name fixed by the code (a stage name), not a generated id. */
const NAME_REF_TYPES = new Set(['AWS::ApiGateway::Stage']);

interface Dimension {
  Name?: string;
  Key?: string;
  Value?: unknown;
}
interface MetricRef {
  Namespace?: unknown;
  MetricName?: unknown;
  Dimensions?: Dimension[];
}

/**
 * A metric's identity as a string, or undefined when a dimension is resolved per stack (a
 * generated id), which makes the metric unique to its deployment.
 */
function identityOf(
  metric: MetricRef,
  scope: MetricScope,
  refTypes: Map<string, string>,
  isLogField: boolean,
): string | undefined {
  if (typeof metric.Namespace !== 'string' || typeof metric.MetricName !== 'string') return;
  if (!scope.ownedNamespaces.some((pattern) => pattern.test(metric.Namespace as string))) return;
  const dimensions: string[] = [];
  for (const dimension of metric.Dimensions ?? []) {
    const value = dimension.Value;
    if (isIntrinsic(value)) {
      const target = refTarget(value);
      const stable =
        target !== undefined &&
        (SHARED_PSEUDO_PARAMETERS.has(target) || NAME_REF_TYPES.has(refTypes.get(target) ?? ''));
      if (!stable) return;
    } else if (isLogField && scope.perDeploymentLogFields.includes(String(value))) return;
    dimensions.push(`${dimension.Name ?? dimension.Key}=${JSON.stringify(value)}`);
  }
  return `${metric.Namespace} ${metric.MetricName} [${dimensions.sort().join(', ')}]`;
}

/** The owned metrics a deployment's alarms watch and its metric filters publish. */
function metricsOf(templates: Record<string, unknown>, scope: MetricScope) {
  const resources = resourcesOf(templates);
  const refTypes = new Map(resources.map((r) => [r.logicalId, r.resource.Type]));
  const metrics = new Map<string, { template: string; logicalId: string }>();
  for (const { template, logicalId, resource } of resources) {
    const properties = resource.Properties ?? {};
    const found: (string | undefined)[] = [];
    if (resource.Type === 'AWS::CloudWatch::Alarm') {
      found.push(identityOf(properties as MetricRef, scope, refTypes, false));
      for (const query of (properties['Metrics'] as { MetricStat?: { Metric?: MetricRef } }[]) ??
        [])
        if (query.MetricStat?.Metric)
          found.push(identityOf(query.MetricStat.Metric, scope, refTypes, false));
    }
    if (resource.Type === 'AWS::Logs::MetricFilter') {
      for (const t of (properties['MetricTransformations'] as Record<string, unknown>[]) ?? [])
        found.push(
          identityOf(
            {
              Namespace: t['MetricNamespace'],
              MetricName: t['MetricName'],
              Dimensions: t['Dimensions'] as Dimension[],
            },
            scope,
            refTypes,
            true,
          ),
        );
    }
    for (const identity of found) if (identity) metrics.set(identity, { template, logicalId });
  }
  return metrics;
}

/**
 * Owned metrics two deployments share: their alarms would fire on each other's traffic (API
 * Gateway keys its metrics by ApiName and Stage; a metric filter without a per-deployment
 * dimension adds every deployment's events to one metric).
 */
export function sharedMetrics(
  first: Record<string, unknown>,
  second: Record<string, unknown>,
  scope: MetricScope,
): DeployFinding[] {
  const theirs = metricsOf(second, scope);
  return [...metricsOf(first, scope)]
    .filter(([identity]) => theirs.has(identity))
    .map(([identity, where]) => ({
      rule: 'shared-metric',
      ...where,
      message: `metric ${identity} is also the other deployment's (${theirs.get(identity)!.template}/${theirs.get(identity)!.logicalId})`,
    }));
}
