import type { Detector, Finding } from './detector.ts';

/** A PEM header of a private key (PKCS#8, RSA, EC, DSA, OpenSSH, encrypted). */
const HEADER = /-----BEGIN (?:[A-Z0-9]{1,12} ){0,2}PRIVATE KEY-----/g;
const FOOTER = /-----END (?:[A-Z0-9]{1,12} ){0,2}PRIVATE KEY-----/g;

/**
 * PEM private-key blocks, header to footer; a header without a footer masks to the end of the
 * text (a truncated key is still a key). One forward pass: the footer search resumes where the
 * block began and never goes back.
 */
export const privateKeyDetector: Detector = {
  type: 'privateKey',
  placeholder: '[PRIVATE_KEY]',
  patterns: [HEADER, FOOTER],
  find(text: string): Finding[] {
    const findings: Finding[] = [];
    const header = new RegExp(HEADER);
    const footer = new RegExp(FOOTER);
    for (let begin = header.exec(text); begin; begin = header.exec(text)) {
      footer.lastIndex = begin.index + begin[0].length;
      const end = footer.exec(text);
      const stop = end ? end.index + end[0].length : text.length;
      findings.push({ type: 'privateKey', start: begin.index, end: stop });
      header.lastIndex = stop;
      if (!end) break;
    }
    return findings;
  },
};
