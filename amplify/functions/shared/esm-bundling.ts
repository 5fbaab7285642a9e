/**
 * How the processor and usage API functions are bundled (esbuild, through CDK's NodejsFunction), shared by
 * `resource.ts`, the bundle-size test and `npm run bench -- processor`, so all three measure
 * the same bundle. No CDK import: the benchmark and the tests use these with esbuild directly.
 */
import type { BuildOptions } from 'esbuild';

/**
 * esbuild's package entry fields, ES modules first. esbuild's default for `platform: node` is
 * `main,module`, which takes every AWS SDK client's CommonJS build whole (every command of the
 * service, the browser user-agent parser, each credential provider); their ES-module builds
 * let esbuild keep only what the processor calls (esbuild API, "Main fields": "the default
 * main fields depend on the current platform setting ... main,module for node"; CDK
 * `BundlingOptions.mainFields`, docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_lambda_nodejs.BundlingOptions.html).
 */
export const ESM_FIRST_MAIN_FIELDS: readonly string[] = ['module', 'main'];

/**
 * Gives the ES-module bundle a CommonJS `require` for the packages that still call it (the same
 * shim Amplify's `defineFunction` injects).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __processorCreateRequire } from 'node:module'; const require = __processorCreateRequire(import.meta.url);";

/**
 * The esbuild options of these bundles as `esm-function.ts` has NodejsFunction build them (ESM,
 * minified, AWS SDK inside), for the tests and the benchmark that build them with esbuild itself.
 */
export const ESM_BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  mainFields: [...ESM_FIRST_MAIN_FIELDS],
  banner: { js: ESM_REQUIRE_BANNER },
} satisfies BuildOptions;
