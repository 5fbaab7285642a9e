import { JsonSchemaType, JsonSchemaVersion, type JsonSchema } from 'aws-cdk-lib/aws-apigateway';

/**
 * JSON schemas API Gateway checks before calling a Lambda (docs/api.md bodies). They reject
 * what can never succeed (missing ids, wrong types) and leave the detailed checks (catalog,
 * limits, roles) to the processor, so a stricter processor never fights the gateway.
 */
const parameters: JsonSchema = {
  type: JsonSchemaType.OBJECT,
  properties: {
    maxTokens: { type: JsonSchemaType.INTEGER, minimum: 1 },
    temperature: { type: JsonSchemaType.NUMBER, minimum: 0 },
    topP: { type: JsonSchemaType.NUMBER, minimum: 0, maximum: 1 },
  },
};

const id: JsonSchema = { type: JsonSchemaType.STRING, minLength: 1, maxLength: 256 };

/** `POST /ml/bedrock` and `/ml/bedrock/stream`. */
export const BEDROCK_REQUEST_SCHEMA: JsonSchema = {
  schema: JsonSchemaVersion.DRAFT4,
  title: 'BedrockRequest',
  type: JsonSchemaType.OBJECT,
  required: ['modelId'],
  anyOf: [{ required: ['prompt'] }, { required: ['messages'] }],
  properties: {
    modelId: id,
    prompt: { type: JsonSchemaType.STRING, minLength: 1 },
    messages: {
      type: JsonSchemaType.ARRAY,
      minItems: 1,
      items: {
        type: JsonSchemaType.OBJECT,
        required: ['role', 'content'],
        properties: {
          role: { type: JsonSchemaType.STRING, enum: ['user', 'assistant'] },
          content: { type: JsonSchemaType.STRING },
        },
      },
    },
    system: { type: JsonSchemaType.STRING },
    parameters,
  },
};

/** `POST /ml/sagemaker` and `/ml/sagemaker/stream`. */
export const SAGEMAKER_REQUEST_SCHEMA: JsonSchema = {
  schema: JsonSchemaVersion.DRAFT4,
  title: 'SageMakerRequest',
  type: JsonSchemaType.OBJECT,
  required: ['modelName', 'inputData'],
  properties: {
    modelName: id,
    parameters: { type: JsonSchemaType.OBJECT },
  },
};

/**
 * `POST /openai/v1/chat/completions` (docs/programmatic-access.md): only what can never succeed;
 * clients send many other fields, which the processor ignores.
 */
export const OPENAI_CHAT_REQUEST_SCHEMA: JsonSchema = {
  schema: JsonSchemaVersion.DRAFT4,
  title: 'OpenAiChatRequest',
  type: JsonSchemaType.OBJECT,
  required: ['model', 'messages'],
  properties: {
    model: id,
    messages: { type: JsonSchemaType.ARRAY, minItems: 1 },
    stream: { type: JsonSchemaType.BOOLEAN },
  },
};

/** `POST /anthropic/v1/messages` (docs/programmatic-access.md). */
export const ANTHROPIC_MESSAGES_REQUEST_SCHEMA: JsonSchema = {
  schema: JsonSchemaVersion.DRAFT4,
  title: 'AnthropicMessagesRequest',
  type: JsonSchemaType.OBJECT,
  required: ['model', 'max_tokens', 'messages'],
  properties: {
    model: id,
    max_tokens: { type: JsonSchemaType.INTEGER, minimum: 1 },
    messages: { type: JsonSchemaType.ARRAY, minItems: 1 },
    stream: { type: JsonSchemaType.BOOLEAN },
  },
};

/** The schema for a route's body, by path; undefined for routes without a body. */
export function requestSchemaFor(method: string, path: string): JsonSchema | undefined {
  if (method !== 'POST') return undefined;
  if (path.startsWith('/ml/bedrock')) return BEDROCK_REQUEST_SCHEMA;
  if (path.startsWith('/ml/sagemaker')) return SAGEMAKER_REQUEST_SCHEMA;
  if (path === '/openai/v1/chat/completions') return OPENAI_CHAT_REQUEST_SCHEMA;
  if (path === '/anthropic/v1/messages') return ANTHROPIC_MESSAGES_REQUEST_SCHEMA;
  return undefined;
}
