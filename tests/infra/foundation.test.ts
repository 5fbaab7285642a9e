import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';

import { loadBackend, nestedStack } from './assembly.ts';

describe('foundation backend', () => {
  it('has the auth stack and the api stack that holds the functions', () => {
    expect(Object.keys(loadBackend().nested).sort()).toEqual(
      expect.arrayContaining(['api', 'auth']),
    );
  });

  it('runs every Lambda function on Node.js 24', () => {
    const functions = nestedStack('api').findResources('AWS::Lambda::Function');
    expect(Object.keys(functions).length).toBeGreaterThan(0);
    for (const fn of Object.values(functions)) {
      expect((fn as { Properties: { Runtime: string } }).Properties.Runtime).toBe('nodejs24.x');
    }
  });

  it('creates a Cognito user pool with the three groups', () => {
    const auth = nestedStack('auth');
    auth.resourceCountIs('AWS::Cognito::UserPool', 1);
    for (const group of ['Administrators', 'MLUsers', 'ReadOnly']) {
      auth.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
    }
  });

  it('bundles the authorizer code into the template asset, not a placeholder', () => {
    nestedStack('api').hasResourceProperties('AWS::Lambda::Function', {
      Handler: 'index.handler',
      Code: { S3Bucket: Match.anyValue(), S3Key: Match.stringLikeRegexp('\\.zip$') },
    });
  });
});
