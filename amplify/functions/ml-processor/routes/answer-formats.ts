import { errorBody } from '../../shared/envelope.ts';
import { anthropicErrorBody, openAiErrorBody } from '../compat/errors.ts';
import type { AnswerFormat } from './route.ts';

/** The API envelope (docs/api.md): `{ success, data | error, requestId }`. */
export const ENVELOPE_FORMAT: AnswerFormat = {
  success: (data, requestId) => ({ success: true, data, requestId }),
  error: (error, requestId) => ({ success: false, error: errorBody(error), requestId }),
};

/** OpenAI's shapes for every `/openai/v1/*` answer. */
export const OPENAI_FORMAT: AnswerFormat = {
  success: (data) => data,
  error: (error) => openAiErrorBody(error),
};

/** Anthropic's shapes for every `/anthropic/v1/*` answer. */
export const ANTHROPIC_FORMAT: AnswerFormat = {
  success: (data) => data,
  error: (error) => anthropicErrorBody(error),
};
