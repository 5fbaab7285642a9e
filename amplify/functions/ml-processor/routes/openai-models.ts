import { openAiModelList } from '../compat/models.ts';
import type { BufferedRoute } from './route.ts';

/** `GET /openai/v1/models`: the chat models the caller may use, in OpenAI's list shape. */
export const openAiModelsRoute: BufferedRoute = async (invocation, _event, { catalog }) => ({
  data: openAiModelList(invocation.caller(), catalog),
});
