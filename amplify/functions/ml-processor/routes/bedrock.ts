import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { resolveChatModel } from '../access.ts';
import { converse, converseInput, converseStream, converseWorstCase } from '../bedrock.ts';
import type { Invocation } from '../invocation.ts';
import { bedrockRequestSchema, readJsonBody, validate } from '../request.ts';
import type { BufferedRoute, RouteContext, StreamRoute } from './route.ts';

/** Validates a Bedrock request, resolves its model for the caller and holds its worst case. */
async function prepareConverse(
  invocation: Invocation,
  event: APIGatewayProxyEvent,
  { config, catalog }: RouteContext,
): Promise<ConverseCommandInput> {
  const body = validate(bedrockRequestSchema, readJsonBody(event, config.maxBodyBytes));
  const entry = resolveChatModel(catalog, body.modelId, invocation.caller(), 'modelId');
  invocation.entry = entry;
  const input = converseInput(entry, body, { minSystemChars: config.promptCacheMinSystemChars });
  await invocation.reserve(converseWorstCase(input));
  return input;
}

/** `POST /ml/bedrock`: one Converse call. */
export const converseRoute: BufferedRoute = async (invocation, event, context) => {
  const input = await prepareConverse(invocation, event, context);
  const result = await invocation.upstream((call) =>
    converse(context.clients.bedrock, input, call),
  );
  invocation.reported(result.usage);
  return { data: { ...result, latencyMs: invocation.upstreamMs } };
};

/** `POST /ml/bedrock/stream`: ConverseStream. */
export const converseStreamRoute: StreamRoute = async (invocation, event, context, call) =>
  converseStream(context.clients.bedrock, await prepareConverse(invocation, event, context), call);
