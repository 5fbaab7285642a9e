import { randomUUID } from 'node:crypto';

import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';

import type { AsyncInferenceIo, CatalogEntry, SageMakerEndpoint } from '../../catalog.ts';
import { ApiError } from '../shared/api-error.ts';
import {
  screenEndpointOutput,
  screenEndpointPayload,
  sendInvokeEndpointAsync,
} from './model-calls.ts';
import { decodeOutput } from './sagemaker.ts';
import type { UpstreamCall } from './upstream-call.ts';

/**
 * SageMaker asynchronous inference. Submitting uploads the input to the endpoint's S3 input
 * prefix, calls InvokeEndpointAsync and stores a small job record beside the input, under the
 * caller's `sub`: `<inputPrefix>/<sub>/<jobId>.job.json`. The status route reads the record
 * from the caller's own folder (so one user cannot read another's job), then looks for the
 * output or failure object SageMaker writes under the output prefix.
 */
export interface JobRecord {
  readonly model: string;
  readonly outputLocation: string;
  readonly failureLocation?: string;
  readonly createdAt: string;
}

/** Status of a job as `GET /ml/sagemaker/jobs/{jobId}` reports it. */
export interface JobStatus {
  jobId: string;
  model: string;
  status: 'InProgress' | 'Completed' | 'Failed';
  output?: unknown;
  error?: string;
}

/** Bytes of a failure object answered (a bounded excerpt: it is the endpoint's error text). */
const FAILURE_BYTES = 1000;

const extension = (entry: SageMakerEndpoint) => (entry.contentType === 'text/csv' ? 'csv' : 'json');
/** The caller's folder under the input prefix (a Cognito sub is a UUID; encoded all the same). */
const folder = (io: AsyncInferenceIo, sub: string) =>
  `${io.inputPrefix}/${encodeURIComponent(sub)}`;
const recordKey = (io: AsyncInferenceIo, sub: string, jobId: string) =>
  `${folder(io, sub)}/${jobId}.job.json`;

/** Splits `s3://bucket/key`, accepting only keys under the endpoint's output prefix. */
function outputObject(io: AsyncInferenceIo, uri: string): { Bucket: string; Key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match || match[1] !== io.bucket || !match[2]!.startsWith(`${io.outputPrefix}/`))
    throw new ApiError(502, 'MODEL_ERROR', 'The endpoint wrote its result outside its prefix');
  return { Bucket: match[1]!, Key: match[2]! };
}

/** True for S3's answer to a GetObject the caller may not make (or of a key it may not list). */
const isAccessDenied = (error: unknown) =>
  (error as { name?: string }).name === 'AccessDenied' ||
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403;

/**
 * Reads an object as bytes; undefined when it does not exist. S3 answers a missing key with 404
 * NoSuchKey only to a caller with `s3:ListBucket` on the bucket, and with 403 AccessDenied to
 * anyone else (Amazon S3 API Reference, GetObject, "Permissions",
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html). The role's ListBucket is
 * conditioned on `s3:prefix`, a key that only list requests carry, so a missing output (a job
 * still running) arrives as 403: a listing of exactly that key, which the conditioned grant
 * allows, tells a missing object from a real denial.
 */
async function readObject(
  s3: S3Client,
  location: { Bucket: string; Key: string },
  call: UpstreamCall,
): Promise<{ body: Uint8Array; contentType: string } | undefined> {
  const options = { abortSignal: call.signal };
  try {
    const response = await s3.send(new GetObjectCommand(location), options);
    return {
      body: await response.Body!.transformToByteArray(),
      contentType: response.ContentType ?? 'application/octet-stream',
    };
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    if (isAccessDenied(error) && !(await objectListed(s3, location, options))) return undefined;
    throw error;
  }
}

/** True when a listing under the object's own key shows that exact key. */
async function objectListed(
  s3: S3Client,
  { Bucket, Key }: { Bucket: string; Key: string },
  options: { abortSignal: AbortSignal },
): Promise<boolean> {
  const listing = await s3.send(
    new ListObjectsV2Command({ Bucket, Prefix: Key, MaxKeys: 1 }),
    options,
  );
  return (listing.Contents ?? []).some((object) => object.Key === Key);
}

/** Starts an async inference; returns the job id. */
export async function submitJob(
  clients: { sagemaker: SageMakerRuntimeClient; s3: S3Client },
  entry: SageMakerEndpoint,
  sub: string,
  payload: Uint8Array,
  call: UpstreamCall,
): Promise<string> {
  const io = entry.asyncIo!;
  const jobId = randomUUID();
  const inputKey = `${folder(io, sub)}/${jobId}.${extension(entry)}`;
  const options = { abortSignal: call.signal };
  // The guardrail policy screens the input before it is stored: what reaches S3 is what the model sees.
  const screened = await screenEndpointPayload(payload, entry.contentType, call);
  await clients.s3.send(
    new PutObjectCommand({
      Bucket: io.bucket,
      Key: inputKey,
      Body: screened,
      ContentType: entry.contentType,
    }),
    options,
  );
  const response = await sendInvokeEndpointAsync(
    clients.sagemaker,
    {
      EndpointName: entry.endpointName,
      ContentType: entry.contentType,
      Accept: entry.contentType,
      InputLocation: `s3://${io.bucket}/${inputKey}`,
      InferenceId: jobId,
    },
    call,
  );
  if (!response.OutputLocation)
    throw new ApiError(502, 'MODEL_ERROR', 'The endpoint gave no output location');
  const record: JobRecord = {
    model: entry.id,
    outputLocation: response.OutputLocation,
    ...(response.FailureLocation ? { failureLocation: response.FailureLocation } : {}),
    createdAt: new Date().toISOString(),
  };
  await clients.s3.send(
    new PutObjectCommand({
      Bucket: io.bucket,
      Key: recordKey(io, sub, jobId),
      Body: JSON.stringify(record),
      ContentType: 'application/json',
    }),
    options,
  );
  return jobId;
}

/**
 * Finds the caller's job among the async endpoints they may use and reports its status.
 * 404 when no such job belongs to the caller. `resolved` learns the job's model before its
 * output is read, so the caller's guardrail policy for that model screens the output (and the
 * failure text, which may quote the input) through the model-call seam before it is answered.
 */
export async function jobStatus(
  s3: S3Client,
  endpoints: readonly CatalogEntry[],
  sub: string,
  jobId: string,
  call: UpstreamCall,
  resolved: (entry: SageMakerEndpoint) => void = () => undefined,
): Promise<JobStatus> {
  const asyncEndpoints = endpoints.filter(
    (entry): entry is SageMakerEndpoint => entry.provider === 'sagemaker' && entry.mode === 'async',
  );
  // Endpoints sharing a bucket and prefix hold the same records: look once per location.
  const locations = new Map(
    asyncEndpoints.map((entry) => [
      `${entry.asyncIo!.bucket}/${entry.asyncIo!.inputPrefix}`,
      entry,
    ]),
  );
  for (const entry of locations.values()) {
    const io = entry.asyncIo!;
    const found = await readObject(s3, { Bucket: io.bucket, Key: recordKey(io, sub, jobId) }, call);
    if (!found) continue;
    const record = JSON.parse(Buffer.from(found.body).toString('utf8')) as JobRecord;
    const owner = asyncEndpoints.find((candidate) => candidate.id === record.model);
    if (!owner) continue;
    resolved(owner);
    const output = await readObject(s3, outputObject(io, record.outputLocation), call);
    if (output) {
      const screened = await screenEndpointOutput(output.body, output.contentType, call);
      return {
        jobId,
        model: record.model,
        status: 'Completed',
        output: decodeOutput(screened, output.contentType),
      };
    }
    const failure = record.failureLocation
      ? await readObject(s3, outputObject(io, record.failureLocation), call)
      : undefined;
    if (failure) {
      const text = Buffer.from(failure.body).subarray(0, FAILURE_BYTES);
      const screened = await screenEndpointOutput(text, 'text/plain', call);
      return {
        jobId,
        model: record.model,
        status: 'Failed',
        error: Buffer.from(screened).toString('utf8'),
      };
    }
    return { jobId, model: record.model, status: 'InProgress' };
  }
  throw new ApiError(404, 'JOB_NOT_FOUND', `No job "${jobId}" of yours`, { field: 'jobId' });
}
