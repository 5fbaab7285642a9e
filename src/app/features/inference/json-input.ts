/** The editor's content, checked: the value to send, or why it cannot be sent. */
export type InputCheck =
  | { readonly valid: true; readonly value: unknown }
  | { readonly valid: false; readonly message: string };

/**
 * Checks the input for an endpoint: JSON endpoints need a JSON document (the message says
 * where it breaks), CSV endpoints take the text as it is.
 */
export function checkInput(text: string, contentType: string | undefined): InputCheck {
  if (text.trim() === '')
    return {
      valid: false,
      message: $localize`:Input check of an empty box@@input.empty:Enter the input to send.`,
    };
  if (contentType === 'text/csv') return { valid: true, value: text };
  try {
    return { valid: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : String(error);
    return {
      valid: false,
      message: $localize`:Input check; the browser's parser explains, in its language@@input.invalidJson:The input is not valid JSON: ${detail}:detail:`,
    };
  }
}
