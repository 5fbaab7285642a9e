import type { Detector, Finding } from './detector.ts';
import { groupSpan, scanWith } from './detector.ts';

/** Token formats with a fixed, documented prefix. */
const TOKENS = [
  // GitHub: ghp_/gho_/ghu_/ghs_/ghr_ plus 36 characters, and fine-grained github_pat_ tokens.
  /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/,
  // Slack: xoxb-/xoxp-/xoxa-/xoxr-/xoxs- tokens.
  /(?<![A-Za-z0-9-])xox[abprs]-[A-Za-z0-9-]{10,250}(?![A-Za-z0-9-])/,
  // Stripe live and test secret keys.
  /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,247}(?![A-Za-z0-9])/,
] as const;

/** `password = value`-style assignments; the value (6 to 128 non-space characters) is the secret. */
const ASSIGNMENT =
  /(?<![A-Za-z0-9])(?:password|passwd|pwd|secret|api_?key|apikey|access_?token|auth_?token|client_?secret)["']?\s{0,4}[:=]\s{0,4}["']?([^\s"',;]{6,128})/di;

/** Other secrets: well-known token formats and generic password/secret assignments. */
export const secretDetector: Detector = {
  type: 'secret',
  placeholder: '[SECRET]',
  patterns: [...TOKENS, ASSIGNMENT],
  find(text: string): Finding[] {
    return [
      ...TOKENS.flatMap((token) => scanWith('secret', token, text)),
      ...scanWith('secret', ASSIGNMENT, text, (match) => groupSpan(match, 1)),
    ];
  },
};
