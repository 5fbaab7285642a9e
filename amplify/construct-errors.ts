import { ValidationError } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** CDK's code type for a ValidationError (a branded literal string). */
type ValidationErrorCode = ConstructorParameters<typeof ValidationError>[0];

/**
 * CDK's error for props a construct refuses: the synth fails naming the construct's path, and
 * `Errors.isValidationError` recognises it. `code` is a constant name (`NoRoutes`), never built
 * from input.
 */
export function invalidProps(scope: IConstruct, code: string, message: string): ValidationError {
  return new ValidationError(code as ValidationErrorCode, message, scope);
}
