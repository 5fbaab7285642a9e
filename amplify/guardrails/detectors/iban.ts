import { patternDetector } from './detector.ts';

/** Country, check digits, then up to 30 letters or digits, printed in groups of four or not. */
const IBAN =
  /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/;

/** ISO 13616: an IBAN is 15 to 34 characters; shorter runs are not IBANs of any country. */
const MIN_LENGTH = 15;
const MAX_LENGTH = 34;

/** ISO 7064 MOD 97-10 as ISO 13616 applies it: the rearranged number mod 97 is 1. */
export function ibanValid(compact: string): boolean {
  if (compact.length < MIN_LENGTH || compact.length > MAX_LENGTH) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    // Letters count as two digits (A = 10 ... Z = 35).
    const value = code >= 65 ? code - 55 : code - 48;
    remainder = (value > 9 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/** International bank account numbers, mod-97 checked. */
export const ibanDetector = patternDetector('iban', '[IBAN]', IBAN, (match) =>
  ibanValid(match[0].replaceAll(' ', ''))
    ? { start: match.index, end: match.index + match[0].length }
    : undefined,
);
