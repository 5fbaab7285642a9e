import { openAiModelList } from '../compat/models.ts';
import { OPENAI_FORMAT } from './answer-formats.ts';
import type { BufferedRoute } from './route.ts';

/** `GET /openai/v1/models`: the chat models the caller may use, in OpenAI's list shape. */
export const listOpenAiModels: BufferedRoute = {
  method: 'GET',
  path: '/openai/v1/models',
  format: OPENAI_FORMAT,
  handle: async (invocation, _event, { catalog }) => ({
    data: openAiModelList(invocation.caller(), catalog),
  }),
};
