import { groupSpan, patternDetector } from './detector.ts';

/**
 * Access key ids: a four-letter prefix (AKIA long-term, ASIA temporary, ABIA, ACCA) and 16
 * base-32 characters ("Understanding unique ID prefixes", IAM User Guide,
 * docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html).
 */
const ACCESS_KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])/;

/**
 * Secret access keys are 40 base-64 characters with nothing to tell them from other base-64, so
 * only one next to its name counts (`aws_secret_access_key = ...`, `secretAccessKey: "..."`).
 */
const SECRET_KEY =
  /(?:aws_?secret_?access_?key|aws_?secret_?key|secret_?access_?key)["']?\s{0,4}[:=]\s{0,4}["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/di;

/** AWS access key ids. */
export const awsAccessKeyDetector = patternDetector(
  'awsAccessKey',
  '[AWS_ACCESS_KEY]',
  ACCESS_KEY_ID,
);

/** AWS secret access keys (the value only; its name stays). */
export const awsSecretKeyDetector = patternDetector(
  'awsSecretKey',
  '[AWS_SECRET_KEY]',
  SECRET_KEY,
  (match) => groupSpan(match, 1),
);
