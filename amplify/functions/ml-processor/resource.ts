import { defineFunction } from '@aws-amplify/backend';
import { functionLogging } from '../../monitoring/function-logging.ts';
import type { EnvironmentSettings } from '../../settings/index.ts';

/**
 * The two processor functions, from the settings backend.ts loaded once (which also validates
 * the catalog, once). Environment both share: Endpoint overrides (`BEDROCK_ENDPOINT`,
 * `SAGEMAKER_ENDPOINT`, `S3_ENDPOINT`) stay unset in AWS; tests and local mode set them to the
 * local model servers. See docs/api.md, "Processor configuration".
 */
export function defineMlProcessors(settings: EnvironmentSettings) {
  const environment = {
    MAX_BODY_BYTES: String(settings.api.maxBodyBytes),
    ALLOWED_ORIGINS: settings.allowedOrigins.join(','),
    POWERTOOLS_SERVICE_NAME: 'ml-processor',
    POWERTOOLS_METRICS_NAMESPACE: 'MLGateway',
    DEPLOYMENT_NAME: settings.deploymentName,
  };

  /** Buffered routes: GET /ml/models, POST /ml/bedrock, POST /ml/sagemaker, GET job status. */
  const mlProcessor = defineFunction({
    name: 'ml-processor',
    entry: './handler.ts',
    runtime: 24,
    // API Gateway gives up at 29 s; the processor answers 504 before that (UPSTREAM_TIMEOUT_MS).
    timeoutSeconds: 30,
    memoryMB: 1024,
    resourceGroupName: 'api',
    logging: functionLogging(settings),
    environment: { ...environment, UPSTREAM_TIMEOUT_MS: '25000' },
  });

  /** Streaming routes (Lambda response streaming): POST /ml/bedrock/stream, /ml/sagemaker/stream. */
  const mlStreamProcessor = defineFunction({
    name: 'ml-stream-processor',
    entry: './stream-handler.ts',
    runtime: 24,
    // REST API response streaming allows up to 15 minutes.
    timeoutSeconds: 900,
    memoryMB: 1024,
    resourceGroupName: 'api',
    logging: functionLogging(settings),
    environment: { ...environment, UPSTREAM_TIMEOUT_MS: '840000' },
  });
  return { mlProcessor, mlStreamProcessor };
}
