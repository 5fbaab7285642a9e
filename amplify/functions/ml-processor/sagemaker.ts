import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';

import type { SageMakerEndpoint } from '../../catalog.ts';
import type { StreamEvent } from '../../contract/stream-events.ts';
import { ApiError, badRequest } from '../shared/api-error.ts';
import { sendInvokeEndpoint, sendInvokeEndpointStream } from './model-calls.ts';
import type { SageMakerRequest } from './request.ts';
import type { UpstreamCall } from './upstream-call.ts';

/** The answer of a sync `POST /ml/sagemaker`. */
export interface InvokeResult {
  /** Parsed JSON for JSON endpoints, text for CSV endpoints. */
  output: unknown;
  contentType: string;
}

/**
 * The bytes sent to the endpoint. JSON endpoints receive `{ inputs, parameters? }` (the
 * Hugging Face / JumpStart convention); CSV endpoints receive `inputData` as it is, so it must
 * be a string and takes no parameters. 413 over the entry's `maxInputBytes`.
 */
export function endpointPayload(entry: SageMakerEndpoint, body: SageMakerRequest): Uint8Array {
  let payload: string;
  if (entry.contentType === 'text/csv') {
    if (typeof body.inputData !== 'string')
      throw badRequest('inputData', `inputData: "${entry.id}" takes CSV text (a string)`);
    if (body.parameters)
      throw badRequest('parameters', `parameters: "${entry.id}" (CSV) takes no parameters`);
    payload = body.inputData;
  } else {
    payload = JSON.stringify({
      inputs: body.inputData,
      ...(body.parameters ? { parameters: body.parameters } : {}),
    });
  }
  const bytes = Buffer.from(payload, 'utf8');
  if (bytes.length > entry.limits.maxInputBytes)
    throw new ApiError(
      413,
      'PAYLOAD_TOO_LARGE',
      `inputData is ${bytes.length} bytes; "${entry.id}" accepts ${entry.limits.maxInputBytes}`,
      { field: 'inputData' },
    );
  return bytes;
}

/** Decodes an endpoint's answer: JSON when it says so (text if it is not valid JSON). */
export function decodeOutput(body: Uint8Array | undefined, contentType: string): unknown {
  const text = Buffer.from(body ?? new Uint8Array()).toString('utf8');
  if (!/json/i.test(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Calls InvokeEndpoint (sync JSON or CSV) through the guardrail seam (model-calls.ts). */
export async function invokeEndpoint(
  client: SageMakerRuntimeClient,
  entry: SageMakerEndpoint,
  payload: Uint8Array,
  call: UpstreamCall,
): Promise<InvokeResult> {
  const response = await sendInvokeEndpoint(
    client,
    {
      EndpointName: entry.endpointName,
      ContentType: entry.contentType,
      Accept: entry.contentType,
      Body: payload,
    },
    call,
  );
  const contentType = response.ContentType ?? entry.contentType;
  return { output: decodeOutput(response.Body, contentType), contentType };
}

/** Calls InvokeEndpointWithResponseStream and yields the endpoint's text as it arrives. */
export async function* invokeEndpointStream(
  client: SageMakerRuntimeClient,
  entry: SageMakerEndpoint,
  payload: Uint8Array,
  call: UpstreamCall,
): AsyncGenerator<StreamEvent> {
  const response = await sendInvokeEndpointStream(
    client,
    { EndpointName: entry.endpointName, ContentType: entry.contentType, Body: payload },
    call,
  );
  // Payload parts may split a multi-byte character; the decoder keeps the remainder.
  const decoder = new TextDecoder();
  for await (const event of response.Body ?? []) {
    call.touch();
    if (event.ModelStreamError || event.InternalStreamFailure)
      throw new ApiError(502, 'MODEL_ERROR', 'The endpoint failed while streaming');
    const text = decoder.decode(event.PayloadPart?.Bytes, { stream: true });
    if (text) yield { type: 'delta', text };
  }
  const rest = decoder.decode();
  if (rest) yield { type: 'delta', text: rest };
  yield { type: 'done' };
}
