/**
 * Gate: every synthesized template holds up against AWS's own API models, so a deploy is not
 * refused for a name, pattern, enum or range the service would reject (see aws-api-models/).
 */
import { describe, expect, it } from 'vitest';

import { loadBackend } from './assembly.ts';
import { BotocoreModels } from './aws-api-models/botocore-models.ts';
import { formatViolations, validateTemplates } from './aws-api-models/template-validator.ts';
import { SYNTH_TARGETS, type SynthTarget } from './synth-targets.ts';

const models = new BotocoreModels();
const targets = Object.keys(SYNTH_TARGETS) as SynthTarget[];

describe.each(targets)('AWS API models and the %s templates', (target) => {
  it('every literal property is within the constraints of the API request CloudFormation makes', () => {
    const report = validateTemplates(loadBackend(target).all, models);
    expect(formatViolations(report.violations)).toEqual([]);
    // The walk reached the resources deploys fail on, not an empty template set.
    expect([...report.checkedTypes]).toEqual(
      expect.arrayContaining([
        'AWS::WAFv2::WebACL',
        'AWS::Cognito::UserPool',
        'AWS::ApiGateway::RestApi',
        'AWS::Lambda::Function',
        'AWS::CloudWatch::Alarm',
      ]),
    );
  });
});
