/**
 * Vitest setup (and `node --import` for the benchmarks): the Lambda Node.js runtime's `awslambda` global exists before any handler
 * module loads, as in Lambda (Powertools' router takes `HttpResponseStream` from it on load).
 */
import { installAwsLambdaGlobal } from '../../local/lambda/runtime.ts';

installAwsLambdaGlobal();
