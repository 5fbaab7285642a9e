/**
 * A minimal client for the Cognito Identity Provider JSON protocol (`x-amz-target`), enough to
 * provision and use cognito-local. The wire format is the AWS one, so the calls read like the SDK's.
 */

/** An error answered by the Cognito API (`__type` and `message`). */
export class CognitoApiError extends Error {
  override readonly name = 'CognitoApiError';
  readonly type: string;
  /** The API's own message, without the type. */
  readonly detail: string;

  constructor(type: string, message: string) {
    super(`${type}: ${message}`);
    this.type = type;
    this.detail = message;
  }
}

/** Calls one Cognito API action, e.g. `cognitoCall(endpoint, 'CreateGroup', {...})`. */
export async function cognitoCall<T = Record<string, unknown>>(
  endpoint: string,
  action: string,
  input: Record<string, unknown>,
): Promise<T> {
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
    },
    body: JSON.stringify(input),
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!response.ok) {
    throw new CognitoApiError(
      String(body['__type'] ?? response.status),
      String(body['message'] ?? text),
    );
  }
  return body as T;
}
