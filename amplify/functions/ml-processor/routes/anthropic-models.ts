import { anthropicModelList } from '../compat/models.ts';
import type { BufferedRoute } from './route.ts';

/** `GET /anthropic/v1/models`: the chat models the caller may use, in Anthropic's list shape. */
export const anthropicModelsRoute: BufferedRoute = async (invocation, _event, { catalog }) => ({
  data: anthropicModelList(invocation.caller(), catalog),
});
