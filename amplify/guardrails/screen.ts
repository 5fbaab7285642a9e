/**
 * Runs a policy's detectors over text: the first `block` finding stops the request; `mask`
 * findings are replaced by their placeholders; `allow` detectors do not run.
 */
import { DETECTORS, type DetectorType, type Finding } from './detectors/index.ts';
import type { GuardrailPolicy } from './policies.ts';

/** What screening found: the text to send, and what was masked or blocked. */
export interface Screening {
  readonly text: string;
  /** The detector type that blocks the request, if any. */
  readonly blocked?: DetectorType;
  /** The detector types whose findings were masked. */
  readonly masked: readonly DetectorType[];
}

/** Screens one text with the policy's detectors. */
export function screenText(text: string, policy: GuardrailPolicy): Screening {
  const findings: Finding[] = [];
  for (const type of Object.keys(DETECTORS) as DetectorType[]) {
    const action = policy.detectors[type];
    if (action === 'allow') continue;
    const found = DETECTORS[type].find(text);
    if (found.length === 0) continue;
    if (action === 'block') return { text, blocked: type, masked: [] };
    findings.push(...found);
  }
  if (findings.length === 0) return { text, masked: [] };
  // Earliest first, and the longest of overlapping spans (a card inside a secret's value).
  findings.sort((a, b) => a.start - b.start || b.end - a.end);
  let masked = '';
  let at = 0;
  const types = new Set<DetectorType>();
  for (const finding of findings) {
    if (finding.start < at) continue;
    masked += text.slice(at, finding.start) + DETECTORS[finding.type].placeholder;
    at = finding.end;
    types.add(finding.type);
  }
  return { text: masked + text.slice(at), masked: [...types] };
}
