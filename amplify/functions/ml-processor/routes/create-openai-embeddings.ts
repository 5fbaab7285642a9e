import { resolveEmbeddingModel } from '../access.ts';
import {
  embeddingRequest,
  openAiEmbeddingList,
  openAiEmbeddingsSchema,
} from '../compat/openai-embeddings.ts';
import { EMBEDDING_FORMATS } from '../embeddings.ts';
import { sendEmbeddings } from '../model-calls.ts';
import { readJsonBody, validate } from '../request.ts';
import { OPENAI_FORMAT } from './answer-formats.ts';
import type { BufferedRoute } from './route.ts';

/**
 * `POST /openai/v1/embeddings`: one InvokeModel per text on a catalog embedding model, held
 * and charged like any call (the worst case: one token per character; then the tokens the
 * model counted).
 */
export const createOpenAiEmbeddings: BufferedRoute = {
  method: 'POST',
  path: '/openai/v1/embeddings',
  format: OPENAI_FORMAT,
  handle: async (invocation, event, { config, catalog, clients }) => {
    const body = validate(openAiEmbeddingsSchema, readJsonBody(event, config.maxBodyBytes));
    const entry = resolveEmbeddingModel(catalog, body.model, invocation.caller(), 'model');
    invocation.entry = entry;
    const request = embeddingRequest(body, entry);
    const chars = request.texts.reduce((sum, text) => sum + text.length, 0);
    await invocation.reserve({ inputTokens: chars, outputTokens: 0 });
    const format = EMBEDDING_FORMATS[entry.embedding.format];
    const answers = await invocation.upstream((call) =>
      sendEmbeddings(
        clients.bedrock,
        entry.modelId,
        request.texts,
        (text) => format.body(text, request.dimensions),
        call,
      ),
    );
    const embeddings = answers.map((answer) => format.read(answer));
    invocation.reported({
      inputTokens: embeddings.reduce((sum, embedding) => sum + embedding.tokens, 0),
      outputTokens: 0,
    });
    return { data: openAiEmbeddingList(entry.id, embeddings, request.encoding) };
  },
};
