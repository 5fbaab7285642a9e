import { anthropicModelList } from '../compat/models.ts';
import { ANTHROPIC_FORMAT } from './answer-formats.ts';
import type { BufferedRoute } from './route.ts';

/** `GET /anthropic/v1/models`: the chat models the caller may use, in Anthropic's list shape. */
export const listAnthropicModels: BufferedRoute = {
  method: 'GET',
  path: '/anthropic/v1/models',
  format: ANTHROPIC_FORMAT,
  handle: async (invocation, _event, { catalog }) => ({
    data: anthropicModelList(invocation.caller(), catalog),
  }),
};
