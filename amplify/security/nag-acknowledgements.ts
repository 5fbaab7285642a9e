import { Validations } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';

/**
 * Accepts the cdk-nag finding every `defineFunction` brings: Amplify gives the function's
 * execution role the AWS managed AWSLambdaBasicExecutionRole policy, which grants only writing
 * the function's CloudWatch logs. Statements the function needs beyond that are its owner's,
 * and nag still checks them.
 */
export function acknowledgeAmplifyFunctionRole(fn: IFunction): void {
  if (!fn.role) return;
  Validations.of(fn.role).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason:
      'Amplify defineFunction execution role: the AWS managed basic execution policy only ' +
      'allows writing the CloudWatch logs of this function.',
  });
}
