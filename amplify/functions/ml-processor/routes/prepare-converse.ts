import type { ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import type { APIGatewayProxyEvent } from 'aws-lambda';

import { resolveChatModel } from '../access.ts';
import { withAttachmentsWorstCase } from '../attachment-blocks.ts';
import { converseInput, converseWorstCase } from '../bedrock.ts';
import type { Invocation } from '../invocation.ts';
import { bedrockRequestSchema, readJsonBody, validate } from '../request.ts';
import type { RouteContext } from './route.ts';

/** Validates a Bedrock request, resolves its model for the caller and holds its worst case. */
export async function prepareConverse(
  invocation: Invocation,
  event: APIGatewayProxyEvent,
  { config, catalog }: RouteContext,
): Promise<ConverseCommandInput> {
  const body = validate(bedrockRequestSchema, readJsonBody(event, config.maxBodyBytes));
  const entry = resolveChatModel(catalog, body.modelId, invocation.caller(), 'modelId');
  invocation.entry = entry;
  const input = converseInput(entry, body, { minSystemChars: config.promptCacheMinSystemChars });
  await invocation.reserve(withAttachmentsWorstCase(converseWorstCase(input), input));
  return input;
}
