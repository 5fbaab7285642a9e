import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { SageMakerEndpoint } from '../../amplify/catalog.ts';
import {
  type Fault,
  faultIn,
  LocalModelError,
  scoreCsv,
  sentiment,
  summarize,
  textStream,
} from './models.ts';
import type { ObjectStore } from './object-store.ts';
import { countRequest, type LocalModelStats } from './stats.ts';
import { eventFrame, exceptionFrame, pause, readBody, sendAwsError, sendFrames } from './wire.ts';

/** How long a local async job takes (longer under the `slow` fault). */
const ASYNC_JOB_MS = 20;

/** Runs a sync endpoint's model; a LocalModelError becomes a 424 ModelError. */
function runSync(
  endpoint: SageMakerEndpoint,
  body: string,
): { output: string; contentType: string } {
  if (endpoint.contentType === 'text/csv')
    return { output: scoreCsv(body), contentType: 'text/csv' };
  const inputs = parseInputs(body);
  const output = endpoint.mode === 'async' ? summarize(inputs) : sentiment(inputs);
  return { output: JSON.stringify(output), contentType: 'application/json' };
}

/** The `inputs` of a JSON request body (the Hugging Face convention the processor sends). */
function parseInputs(body: string): unknown {
  try {
    return (JSON.parse(body) as { inputs?: unknown }).inputs ?? '';
  } catch {
    throw new LocalModelError('the body is not JSON');
  }
}

/** How long an endpoint works before the `server-error` fault fails a sync call. */
const SERVER_ERROR_AFTER_MS = 20;

function answerFault(res: ServerResponse, fault: Fault | undefined): boolean {
  if (fault === 'throttle') sendAwsError(res, 429, 'ThrottlingException', 'Rate exceeded');
  else if (fault === 'unavailable') sendAwsError(res, 503, 'ServiceUnavailable', 'Unavailable');
  else if (fault === 'model-error')
    sendAwsError(res, 424, 'ModelError', 'Received server error (500) from primary container');
  else return false;
  return true;
}

/**
 * SageMaker Runtime `POST /endpoints/{name}/invocations`, `/invocations-response-stream` and
 * `/async-invocations` for LOCAL_CATALOG's endpoints. Async jobs read their input from and
 * write their result to the local object store, under the endpoint's catalog prefixes.
 */
export async function serveSageMaker(
  req: IncomingMessage,
  res: ServerResponse,
  endpoints: ReadonlyMap<string, SageMakerEndpoint>,
  store: ObjectStore,
  stats: LocalModelStats,
): Promise<void> {
  const match =
    /^\/endpoints\/([^/]+)\/(invocations|invocations-response-stream|async-invocations)$/.exec(
      new URL(req.url ?? '/', 'http://local').pathname,
    );
  if (req.method !== 'POST' || !match)
    return sendAwsError(res, 404, 'UnknownOperationException', 'Unknown operation');
  const operation = {
    invocations: 'InvokeEndpoint',
    'invocations-response-stream': 'InvokeEndpointWithResponseStream',
    'async-invocations': 'InvokeEndpointAsync',
  }[match[2]!]!;
  countRequest(stats, operation);
  const body = (await readBody(req)).toString('utf8');
  const name = decodeURIComponent(match[1]!);
  const endpoint = endpoints.get(name);
  if (!endpoint) return sendAwsError(res, 400, 'ValidationError', `Endpoint ${name} not found.`);
  if (operation === 'InvokeEndpointAsync') return submitAsync(req, res, endpoint, store);
  const fault = faultIn(body);
  if (answerFault(res, fault)) return;
  if (fault === 'timeout') return pause(10 * 60_000, res);
  if (fault === 'server-error' && operation === 'InvokeEndpoint') {
    await pause(SERVER_ERROR_AFTER_MS, res);
    return sendAwsError(res, 500, 'InternalFailure', 'The endpoint failed');
  }
  if (operation === 'InvokeEndpoint') {
    try {
      const { output, contentType } = runSync(endpoint, body);
      res.writeHead(200, {
        'content-type': contentType,
        'content-length': Buffer.byteLength(output),
      });
      return void res.end(output);
    } catch (error) {
      if (error instanceof LocalModelError)
        return sendAwsError(
          res,
          424,
          'ModelError',
          'Received client error (400) from primary container',
        );
      throw error;
    }
  }
  res.writeHead(200, {
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-sagemaker-content-type': 'text/plain',
  });
  const chunks = textStream(parseInputs(body));
  const frames = chunks.map((chunk) =>
    eventFrame('PayloadPart', new TextEncoder().encode(chunk), 'application/octet-stream'),
  );
  if (fault === 'mid-stream' || fault === 'server-error')
    frames.splice(
      Math.min(2, frames.length),
      frames.length,
      fault === 'mid-stream'
        ? exceptionFrame('ModelStreamError', {
            Message: 'The model stopped mid-stream',
            ErrorCode: 'ModelStreamError',
          })
        : exceptionFrame('InternalStreamFailure', { Message: 'The endpoint failed' }),
    );
  await sendFrames(res, frames, fault === 'slow', stats);
}

/** InvokeEndpointAsync: answers 202 with the output locations, then runs the job. */
function submitAsync(
  req: IncomingMessage,
  res: ServerResponse,
  endpoint: SageMakerEndpoint,
  store: ObjectStore,
): void {
  const inputLocation = req.headers['x-amzn-sagemaker-inputlocation'];
  const input = typeof inputLocation === 'string' ? store.get(inputLocation) : undefined;
  if (!input || !endpoint.asyncIo)
    return sendAwsError(res, 400, 'ValidationError', 'InputLocation does not exist');
  const text = input.body.toString('utf8');
  const fault = faultIn(text);
  if (answerFault(res, fault === 'model-error' ? undefined : fault)) return;
  const id = randomUUID();
  const base = `s3://${endpoint.asyncIo.bucket}/${endpoint.asyncIo.outputPrefix}`;
  const outputLocation = `${base}/${id}.out`;
  const failureLocation = `${base}/failures/${id}-error.out`;
  const body = JSON.stringify({ InferenceId: req.headers['x-amzn-sagemaker-inference-id'] ?? id });
  res.writeHead(202, {
    'content-type': 'application/json',
    'x-amzn-sagemaker-outputlocation': outputLocation,
    'x-amzn-sagemaker-failurelocation': failureLocation,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
  setTimeout(
    () => {
      try {
        if (fault === 'model-error') throw new LocalModelError('the model failed on this input');
        const { output, contentType } = runSync(endpoint, text);
        store.put(outputLocation, Buffer.from(output), contentType);
      } catch (error) {
        store.put(failureLocation, Buffer.from((error as Error).message), 'text/plain');
      }
    },
    fault === 'slow' ? ASYNC_JOB_MS * 25 : ASYNC_JOB_MS,
  ).unref();
}
