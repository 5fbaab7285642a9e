import { patternDetector } from './detector.ts';

/**
 * Phone numbers written as phone numbers: international (`+44 20 7946 0958`), or national with
 * separators (`(555) 123-4567`, `555-123-4567`, `020 7946 0958`). Bare digit runs are left to
 * the card and IBAN detectors (a bare 10-digit number is as often an order id).
 */
const PHONE =
  /(?<![\w+])(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}|(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])\d{3,4}[ .-]\d{3,4})(?![\w-])/;

/** An E.164 number has at most 15 digits; fewer than 7 is an extension or a code, not a number. */
const MIN_DIGITS = 7;
const MAX_DIGITS = 15;

/** Telephone numbers. */
export const phoneDetector = patternDetector('phone', '[PHONE]', PHONE, (match) => {
  const digits = match[0].replace(/\D/g, '').length;
  if (digits < MIN_DIGITS || digits > MAX_DIGITS) return undefined;
  return { start: match.index, end: match.index + match[0].length };
});
