import { describe, expect, it } from 'vitest';

import { loadSettings } from '../../amplify/settings/index.ts';
import { loadBackend } from './assembly.ts';
import { SYNTH_TARGETS, type SynthTarget } from './synth-targets.ts';
import type { TemplateResource as Resource } from './template-types.ts';

/** Every resource of every template of a target, with the template it is in. */
function resourcesOf(target: SynthTarget): { stack: string; id: string; resource: Resource }[] {
  return Object.entries(loadBackend(target).all).flatMap(([stack, template]) =>
    Object.entries(
      ((template as { Resources?: object }).Resources ?? {}) as Record<string, Resource>,
    ).map(([id, resource]) => ({ stack, id, resource })),
  );
}

/** The functions the app defines (defineFunction names); Amplify adds others on branches. */
const APP_FUNCTIONS = [
  'group-mapping',
  'api-authorizer',
  'ml-bedrock-processor',
  'ml-bedrock-stream-processor',
  'ml-sagemaker-processor',
  'ml-sagemaker-stream-processor',
  'usage-api',
  'scim-api',
];

/** Logical id prefixes of the streaming processor functions (one per provider). */
const STREAMING_PROCESSORS = ['mlbedrockstreamprocessorlambda', 'mlsagemakerstreamprocessorlambda'];

const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The branch each target deploys (undefined: a sandbox), for its settings. */
const TARGETS = {
  sandbox: undefined,
  otherSandbox: undefined,
  prod: { environment: 'prod', branch: 'main', appId: 'mlgateway' },
  dev: { environment: 'dev', branch: 'dev', appId: 'mlgateway' },
} as const;

describe.each(Object.keys(TARGETS) as (keyof typeof TARGETS)[])(
  '%s: every Lambda function',
  (target) => {
    const settings = loadSettings(SYNTH_TARGETS[target].env, TARGETS[target]);
    const all = resourcesOf(target);
    const functions = all.filter(({ resource }) => resource.Type === 'AWS::Lambda::Function');

    it('logs to a log group of its own stack with the environment’s retention (Amplify’s too)', () => {
      expect(functions.length).toBeGreaterThanOrEqual(5);
      for (const { stack, id, resource } of functions) {
        const logging = resource.Properties['LoggingConfig'] as { LogGroup?: { Ref?: string } };
        const groupId = logging?.LogGroup?.Ref;
        expect(groupId, `${id}: LoggingConfig.LogGroup`).toBeDefined();
        const group = all.find((entry) => entry.stack === stack && entry.id === groupId);
        expect(group?.resource.Type, id).toBe('AWS::Logs::LogGroup');
        expect(group?.resource.Properties['RetentionInDays'], id).toBe(settings.logRetentionDays);
      }
    });

    it('leaves no log group without a retention, and no retention custom resource', () => {
      for (const { id, resource } of all) {
        expect(resource.Type, id).not.toBe('Custom::LogRetention');
        if (resource.Type === 'AWS::Logs::LogGroup')
          expect(resource.Properties['RetentionInDays'], id).toBeGreaterThan(0);
      }
    });

    it('of the app traces actively with X-Ray, and its role may upload the traces', () => {
      const policies = all.filter(({ resource }) => resource.Type === 'AWS::IAM::Policy');
      const appFunctions = functions.filter(({ id }) =>
        APP_FUNCTIONS.some((name) => id.startsWith(`${name.replace(/-/g, '')}lambda`)),
      );
      expect(appFunctions).toHaveLength(APP_FUNCTIONS.length);
      for (const { stack, id, resource } of appFunctions) {
        expect(resource.Properties['TracingConfig'], id).toEqual({ Mode: 'Active' });
        const role = (resource.Properties['Role'] as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
        const actions = policies
          .filter(
            (policy) =>
              policy.stack === stack &&
              (policy.resource.Properties['Roles'] as { Ref: string }[]).some(
                (r) => r.Ref === role,
              ),
          )
          .flatMap(
            ({ resource: policy }) =>
              (
                policy.Properties['PolicyDocument'] as {
                  Statement: { Action: string | string[] }[];
                }
              ).Statement,
          )
          .flatMap((statement) => asList(statement.Action));
        expect(actions, id).toEqual(
          expect.arrayContaining(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']),
        );
      }
    });

    it('reserves concurrency only for the streaming functions, as the settings say', () => {
      for (const { id, resource } of functions) {
        const reserved = resource.Properties['ReservedConcurrentExecutions'];
        if (STREAMING_PROCESSORS.some((prefix) => id.startsWith(prefix)))
          expect(reserved, id).toBe(
            settings.streamReservedConcurrency === 'off'
              ? undefined
              : settings.streamReservedConcurrency,
          );
        else expect(reserved, id).toBeUndefined();
      }
    });

    it('never sets the account-wide API Gateway CloudWatch role (AWS::ApiGateway::Account)', () => {
      expect(all.map(({ resource }) => resource.Type)).not.toContain('AWS::ApiGateway::Account');
      const apiGatewayRoles = all.filter(
        ({ resource }) =>
          resource.Type === 'AWS::IAM::Role' &&
          JSON.stringify(resource.Properties['AssumeRolePolicyDocument']).includes(
            'apigateway.amazonaws.com',
          ),
      );
      expect(apiGatewayRoles.map(({ id }) => id)).toEqual([]);
    });
  },
);

describe('stream concurrency per environment', () => {
  it('reserves 100 executions for each provider’s production streams and none in a sandbox or on dev', () => {
    const reserved = (target: SynthTarget) =>
      STREAMING_PROCESSORS.map(
        (prefix) =>
          resourcesOf(target).find(
            ({ id, resource }) =>
              resource.Type === 'AWS::Lambda::Function' && id.startsWith(prefix),
          )!.resource.Properties['ReservedConcurrentExecutions'],
      );
    expect(reserved('prod')).toEqual([100, 100]);
    expect(reserved('sandbox')).toEqual([undefined, undefined]);
    expect(reserved('dev')).toEqual([undefined, undefined]);
  });
});
