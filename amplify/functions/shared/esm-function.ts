import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

import { retentionDays } from '../../api/log-retention.ts';
import { ESM_FIRST_MAIN_FIELDS, ESM_REQUIRE_BANNER } from './esm-bundling.ts';

/** What differs between the functions bundled with ES-module resolution of the AWS SDK. */
export interface EsmFunctionProps {
  /** The entry file's path. */
  readonly entry: string;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment: Readonly<Record<string, string>>;
  /** Days the function's log group keeps its events (the environment's setting). */
  readonly logRetentionDays: number;
}

/**
 * A Lambda function as Amplify's `defineFunction` makes one (Node.js 24, ESM, minified, source
 * map, AWS SDK bundled, its own log group), but bundled with ES-module resolution of the SDK
 * (`esm-bundling.ts`): the props form of `defineFunction` accepts no esbuild option but
 * `minify`. For `defineFunction((scope) => esmFunction(scope, id, props))`.
 */
export function esmFunction(scope: Construct, id: string, props: EsmFunctionProps): NodejsFunction {
  return new NodejsFunction(scope, `${id}-lambda`, {
    entry: props.entry,
    runtime: Runtime.NODEJS_24_X,
    timeout: props.timeout,
    memorySize: props.memorySize,
    environment: { ...props.environment },
    logGroup: new LogGroup(scope, `${id}-log-group`, {
      retention: retentionDays(props.logRetentionDays),
      // Lambda's own log groups are deleted with the function too.
      removalPolicy: RemovalPolicy.DESTROY,
    }),
    bundling: {
      format: OutputFormat.ESM,
      bundleAwsSDK: true,
      minify: true,
      sourceMap: true,
      mainFields: [...ESM_FIRST_MAIN_FIELDS],
      banner: ESM_REQUIRE_BANNER,
    },
  });
}
