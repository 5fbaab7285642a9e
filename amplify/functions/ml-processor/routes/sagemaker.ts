import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { SageMakerEndpoint } from '../../../catalog.ts';
import type { UsageAmounts } from '../../shared/usage-ledger.ts';
import { resolveEntry } from '../access.ts';
import type { UpstreamClients } from '../clients.ts';
import { submitJob } from '../async-jobs.ts';
import { ApiError } from '../errors.ts';
import type { Invocation } from '../invocation.ts';
import { readJsonBody, sagemakerRequestSchema, validate } from '../request.ts';
import { endpointPayload, invokeEndpoint, invokeEndpointStream } from '../sagemaker.ts';
import type { BufferedRoute, RouteContext, StreamRoute } from './route.ts';

/** The most a SageMaker call may use: one request running for the whole upstream deadline. */
function endpointWorstCase(upstreamTimeoutMs: number): UsageAmounts {
  return { inputTokens: 0, outputTokens: 0, requests: 1, modelLatencyMs: upstreamTimeoutMs };
}

/**
 * Validates a SageMaker request, resolves its endpoint for the caller and holds its worst
 * case; 400 when the endpoint's mode does not match the route (streaming or buffered/async).
 */
async function prepareEndpointCall(
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

/** `POST /ml/sagemaker`: a sync endpoint's answer, or 202 with the job id of an async one. */
export const invokeRoute: BufferedRoute<UpstreamClients> = async (invocation, event, context) => {
  const { entry, payload } = await prepareEndpointCall(invocation, event, context, 'buffered');
  const { clients } = context;
  if (entry.mode === 'async') {
    const jobId = await invocation.upstream((call) =>
      submitJob(clients, entry, invocation.caller().sub, payload, call),
    );
    return { status: 202, data: { jobId, status: 'InProgress' } };
  }
  const result = await invocation.upstream((call) =>
    invokeEndpoint(clients.sagemaker, entry, payload, call),
  );
  return { data: { ...result, latencyMs: invocation.upstreamMs } };
};

/** `POST /ml/sagemaker/stream`: a streaming endpoint's text. */
export const invokeStreamRoute: StreamRoute<UpstreamClients> = async (
  invocation,
  event,
  context,
  call,
) => {
  const { entry, payload } = await prepareEndpointCall(invocation, event, context, 'streaming');
  return invokeEndpointStream(context.clients.sagemaker, entry, payload, call);
};
