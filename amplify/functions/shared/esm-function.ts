import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  AssetHashType,
  DockerImage,
  type Duration,
  type ILocalBundling,
  RemovalPolicy,
} from 'aws-cdk-lib';
import { Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { buildSync } from 'esbuild';

import { retentionDays } from '../../api/log-retention.ts';
import { ESM_BUNDLE_OPTIONS } from './esm-bundling.ts';

/** The project root: entries are bundled from it, and their paths are relative to it. */
const PROJECT_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

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
 * Bundles an entry with esbuild in this process (`ESM_BUNDLE_OPTIONS` plus source maps), as
 * NodejsFunction does when esbuild is installed, but split into chunks, which NodejsFunction
 * cannot do (it passes esbuild `--outfile`; splitting needs `outdir`). Never falls back to
 * Docker: a failed build throws. The entry is a field because CDK keys its asset cache on the
 * serialized bundling options (core AssetStaging, `calculateCacheKey`): each entry its own asset.
 */
class EsmLocalBundling implements ILocalBundling {
  /** The entry's path relative to the project root. */
  readonly entry: string;

  constructor(entry: string) {
    this.entry = relative(PROJECT_ROOT, resolve(entry));
  }

  tryBundle(outputDir: string): boolean {
    buildSync({
      entryPoints: [resolve(PROJECT_ROOT, this.entry)],
      ...ESM_BUNDLE_OPTIONS,
      outdir: outputDir,
      sourcemap: true,
      logLevel: 'error',
    });
    return true;
  }
}

/**
 * A Lambda function as Amplify's `defineFunction` makes one (Node.js 24, ESM, minified, source
 * map, AWS SDK bundled, its own log group), but bundled as `esm-bundling.ts` says: ES-module
 * resolution of the SDK and code splitting, which the props form of `defineFunction` cannot
 * ask for (its only esbuild option is `minify`). The asset is the bundle, hashed by its output
 * as NodejsFunction's is. For `defineFunction((scope) => esmFunction(scope, id, props))`.
 */
export function esmFunction(scope: Construct, id: string, props: EsmFunctionProps): LambdaFunction {
  return new LambdaFunction(scope, `${id}-lambda`, {
    runtime: Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: Code.fromAsset(PROJECT_ROOT, {
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Used only if local bundling declines, which EsmLocalBundling never does (the image
        // NodejsFunction names in that case too).
        image: DockerImage.fromRegistry('dummy'),
        local: new EsmLocalBundling(props.entry),
      },
    }),
    timeout: props.timeout,
    memorySize: props.memorySize,
    environment: { ...props.environment },
    logGroup: new LogGroup(scope, `${id}-log-group`, {
      retention: retentionDays(props.logRetentionDays),
      // Lambda's own log groups are deleted with the function too.
      removalPolicy: RemovalPolicy.DESTROY,
    }),
  });
}
