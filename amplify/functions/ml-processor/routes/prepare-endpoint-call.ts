import type { APIGatewayProxyEvent } from 'aws-lambda';

import type { SageMakerEndpoint } from '../../../catalog.ts';
import { ApiError } from '../../shared/api-error.ts';
import type { UsageAmounts } from '../../shared/usage-ledger.ts';
import { resolveEntry } from '../access.ts';
import type { UpstreamClients } from '../clients.ts';
import type { Invocation } from '../invocation.ts';
import { readJsonBody, sagemakerRequestSchema, validate } from '../request.ts';
import { endpointPayload } from '../sagemaker.ts';
import type { RouteContext } from './route.ts';

/** The most a SageMaker call may use: one request running for the whole upstream deadline. */
function endpointWorstCase(upstreamTimeoutMs: number): UsageAmounts {
  return { inputTokens: 0, outputTokens: 0, requests: 1, modelLatencyMs: upstreamTimeoutMs };
}

/**
 * Validates a SageMaker request, resolves its endpoint for the caller and holds its worst
 * case; 400 when the endpoint's mode does not match the route (streaming or buffered/async).
 */
export async function prepareEndpointCall(
  invocation: Invocation,
  event: APIGatewayProxyEvent,
  { config, catalog }: RouteContext<UpstreamClients>,
  route: 'buffered' | 'streaming',
): Promise<{ entry: SageMakerEndpoint; payload: Uint8Array }> {
  const streaming = route === 'streaming';
  const body = validate(sagemakerRequestSchema, readJsonBody(event, config.maxBodyBytes));
  const entry = resolveEntry(
    catalog,
    'sagemaker',
    body.modelName,
    invocation.caller(),
    'modelName',
  );
  invocation.entry = entry;
  if ((entry.mode === 'streaming') !== streaming)
    throw new ApiError(
      400,
      'BAD_REQUEST',
      streaming
        ? `"${entry.id}" is not a streaming endpoint: use POST /ml/sagemaker`
        : `"${entry.id}" is a streaming endpoint: use POST /ml/sagemaker/stream`,
      { field: 'modelName' },
    );
  const payload = endpointPayload(entry, body);
  await invocation.reserve(endpointWorstCase(config.upstreamTimeoutMs));
  return { entry, payload };
}
