import { patternDetector } from './detector.ts';

/**
 * 13 to 19 digits (ISO/IEC 7812) run together, or grouped as cards print them: 4-4-4-4 with an
 * optional 3 (16 to 19), 4-4-4-1..4 (13 to 16), 4-6-4/5 (Diners, Amex), by spaces or dashes.
 */
const CARD =
  /(?<![\d-])(?:\d{13,19}|\d{4}(?:[ -]\d{4}){2}[ -]\d{1,4}(?:[ -]\d{3})?|\d{4}[ -]\d{6}[ -]\d{4,5})(?![\d])/;

/** The Luhn (mod 10) check every payment card number passes. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Payment card numbers (PAN), Luhn-checked; an all-zero run is not a card. */
export const cardDetector = patternDetector('card', '[CARD]', CARD, (match) => {
  const digits = match[0].replace(/\D/g, '');
  if (/^0{1,19}$/.test(digits) || !luhnValid(digits)) return undefined;
  return { start: match.index, end: match.index + match[0].length };
});
