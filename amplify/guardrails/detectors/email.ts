import { patternDetector } from './detector.ts';

// Local part at most 64 characters, domain at most 253 (RFC 5321, 4.5.3.1).
const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}/;

/** The domain part up to its last valid label; undefined without a dot and a 2+ letter TLD. */
function domainEnd(domain: string): number | undefined {
  const trimmed = domain.replace(/[.-]{1,253}$/, '');
  const labels = trimmed.split('.');
  if (labels.length < 2 || labels.some((label) => label === '' || label.startsWith('-')))
    return undefined;
  return /^[A-Za-z]{2,63}$/.test(labels.at(-1)!) ? trimmed.length : undefined;
}

/** E-mail addresses (`name@example.com`). */
export const emailDetector = patternDetector('email', '[EMAIL]', EMAIL, (match) => {
  const at = match[0].indexOf('@');
  const local = match[0].slice(0, at);
  if (local.startsWith('.') || local.endsWith('.')) return undefined;
  const end = domainEnd(match[0].slice(at + 1));
  return end === undefined ? undefined : { start: match.index, end: match.index + at + 1 + end };
});
