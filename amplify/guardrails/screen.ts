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

/**
 * The masked values of one request whose policy lets the caller restore them: each distinct
 * value of a restorable type gets a numbered placeholder (`[EMAIL_1]`, `[EMAIL_2]`), the same
 * value the same placeholder across the request's texts. Held for that request's answer only.
 */
export class RestorableValues {
  readonly #byValue = new Map<string, string>();
  readonly #counts = new Map<DetectorType, number>();

  /** The placeholder of `value` found by `type`. */
  placeholderFor(type: DetectorType, value: string): string {
    const key = `${type}\u0000${value}`;
    let placeholder = this.#byValue.get(key);
    if (!placeholder) {
      const count = (this.#counts.get(type) ?? 0) + 1;
      this.#counts.set(type, count);
      placeholder = `${DETECTORS[type].placeholder.slice(0, -1)}_${count}]`;
      this.#byValue.set(key, placeholder);
    }
    return placeholder;
  }

  get size(): number {
    return this.#byValue.size;
  }

  /** Placeholder → value. */
  mapping(): Record<string, string> {
    return Object.fromEntries(
      [...this.#byValue].map(([key, placeholder]) => [
        placeholder,
        key.slice(key.indexOf('\u0000') + 1),
      ]),
    );
  }
}

/**
 * Screens one text with the policy's detectors. With `restorable`, the policy's restorable
 * types get numbered placeholders recorded there (only for the caller's own prompt).
 */
export function screenText(
  text: string,
  policy: GuardrailPolicy,
  restorable?: RestorableValues,
): Screening {
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
    const placeholder =
      restorable && policy.restorable.includes(finding.type)
        ? restorable.placeholderFor(finding.type, text.slice(finding.start, finding.end))
        : DETECTORS[finding.type].placeholder;
    masked += text.slice(at, finding.start) + placeholder;
    at = finding.end;
    types.add(finding.type);
  }
  return { text: masked + text.slice(at), masked: [...types] };
}
