import { ApiCallError } from './api-call-error';
import { explainError } from './describe-error';

describe('explainError', () => {
  it('names a guardrail intervention as the content policy, with the server message', () => {
    const error = new ApiCallError(
      422,
      'GUARDRAIL_INTERVENED',
      'A card number was found (policy default)',
    );
    expect(explainError(error)).toEqual({
      title: "Stopped by your company's content policy",
      detail: 'A card number was found (policy default)',
    });
  });

  it('explains a refused chunked body as a request that was not accepted', () => {
    const error = new ApiCallError(
      411,
      'LENGTH_REQUIRED',
      'Send the request body with a Content-Length header',
    );
    expect(explainError(error).title).toBe('The request was not accepted');
  });
});
