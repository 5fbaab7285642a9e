import { Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { type CfnFunction, type IFunction, Tracing } from 'aws-cdk-lib/aws-lambda';

/**
 * Turns on active X-Ray tracing for a `defineFunction` function (Amplify leaves it PassThrough,
 * so a trace the API starts ends at the function). Active tracing needs the execution role to
 * upload segments: `xray:PutTraceSegments` and `xray:PutTelemetryRecords` (AWS Lambda Developer
 * Guide, "Visualize Lambda function invocations using AWS X-Ray",
 * https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html); X-Ray has no resource-level
 * permissions for them, hence `*`.
 */
export function activateTracing(fn: IFunction): void {
  (fn.node.defaultChild as CfnFunction).tracingConfig = { mode: Tracing.ACTIVE };
  fn.addToRolePolicy(
    new PolicyStatement({
      sid: 'UploadXRayTraces',
      actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      resources: ['*'],
    }),
  );
  if (fn.role)
    Validations.of(fn.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active X-Ray tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no ' +
        'resource-level permissions, so the statement can only name "*" (these two actions only).',
    });
}
