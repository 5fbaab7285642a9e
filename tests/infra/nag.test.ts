import { App, Stack, Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';

/** One finding per violating construct: `<rule> at <construct path>`. */
let findings: string[];
/** Every acknowledgement recorded in the backend: rule id and reason. */
let acknowledgements: { id: string; reason: string; path: string }[];

beforeAll(async () => {
  // Synthesize the backend in this process, so the checks see the construct tree (and the
  // acknowledgements recorded on it), not only the templates.
  process.env['CDK_CONTEXT_JSON'] = JSON.stringify({
    'amplify-backend-namespace': 'mlgateway',
    'amplify-backend-name': 'nag',
    'amplify-backend-type': 'sandbox',
  });
  const { backend } = await import('../../amplify/backend.ts');
  const app = backend.stack.node.root as App;
  app.synth();
  const report = new AwsSolutionsChecks().validateScope(app);
  findings = report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) => `${violation.ruleName} at ${resource.constructPath ?? '?'}`,
    ),
  );
  acknowledgements = app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          id,
          reason,
          path: construct.node.path,
        })),
      ),
  );
});

describe('cdk-nag AwsSolutionsChecks', () => {
  it('reports a finding when a resource breaks a rule (the check is live)', () => {
    const stack = new Stack(new App(), 'Probe');
    new Bucket(stack, 'PlainBucket');
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.map((v) => v.ruleName)).toContain('AwsSolutions-S10');
  });

  it('has no unacknowledged finding on any stack', () => {
    expect(findings).toEqual([]);
  });

  it('justifies every acknowledgement with a reason', () => {
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { id, reason, path } of acknowledgements) {
      expect(id, path).toMatch(/AwsSolutions-/);
      expect(reason.length, `${id} at ${path}`).toBeGreaterThanOrEqual(40);
    }
  });
});
