import { describe, expect, it } from 'vitest';

import { luhnValid } from './card.ts';
import { ibanValid } from './iban.ts';
import { DETECTORS, type DetectorType } from './index.ts';

/**
 * The fixed corpus: per detector, texts with what it must find (true positives) and texts it
 * must not flag (false positives it avoids). Token-shaped fakes are assembled at run time so
 * secret scanners do not flag this file.
 */
const fake = (...parts: string[]) => parts.join('');
const CORPUS: Record<DetectorType, { found: [string, string[]][]; notFound: string[] }> = {
  email: {
    found: [
      ['write to jane.doe@example.com today', ['jane.doe@example.com']],
      ['<a.b+tag@mail.example.co.uk>', ['a.b+tag@mail.example.co.uk']],
      ['end of sentence: ops@example.org.', ['ops@example.org']],
      ['two: x@example.io, y_z@sub.example.net', ['x@example.io', 'y_z@sub.example.net']],
    ],
    notFound: [
      'user@localhost',
      'decorator @Component and @Input',
      'version 1.2@3.4',
      'git@github',
      'a handle like @jane on chat',
      '.dot@example.com.',
    ],
  },
  phone: {
    found: [
      ['call +44 20 7946 0958 now', ['+44 20 7946 0958']],
      ['US (555) 123-4567 office', ['(555) 123-4567']],
      ['mobile 555-123-4567', ['555-123-4567']],
      ['+1-202-555-0173', ['+1-202-555-0173']],
      ['intl +33 1 42 68 53 00', ['+33 1 42 68 53 00']],
    ],
    notFound: [
      'order 1234567890 shipped',
      'dates 2024-01-15 and 2025-12-31',
      'version 10.2.3',
      'score 12-3',
      'ip 192.168.0.1',
      'uuid 550e8400-e29b-41d4-a716-446655440000',
    ],
  },
  card: {
    found: [
      ['visa 4111 1111 1111 1111 exp', ['4111 1111 1111 1111']],
      ['mc 5555555555554444.', ['5555555555554444']],
      ['amex 3782-822463-10005', ['3782-822463-10005']],
      ['two 4012888888881881 and 4111-1111-1111-1111', ['4012888888881881', '4111-1111-1111-1111']],
    ],
    notFound: [
      'not luhn 4111 1111 1111 1112',
      'zeros 0000 0000 0000 0000',
      'too short 4111 1111 111',
      'twenty digits 41111111111111111111',
      'phone +44 20 7946 0958',
      'timestamp 1700000000000',
    ],
  },
  iban: {
    found: [
      ['pay DE89 3704 0044 0532 0130 00 today', ['DE89 3704 0044 0532 0130 00']],
      ['GB82WEST12345698765432', ['GB82WEST12345698765432']],
      ['FR14 2004 1010 0505 0001 3M02 606.', ['FR14 2004 1010 0505 0001 3M02 606']],
    ],
    notFound: [
      'bad check GB82WEST12345698765431',
      'lowercase de89370400440532013000',
      'a model id AB12CDEF34GH',
      'ISO8601 2024 0101 1200',
    ],
  },
  awsAccessKey: {
    found: [
      ['key AKIAIOSFODNN7EXAMPLE here', ['AKIAIOSFODNN7EXAMPLE']],
      ['temp ASIAY34FZKBOKMUTVV7A', ['ASIAY34FZKBOKMUTVV7A']],
    ],
    notFound: [
      'AKIA1234',
      'XAKIAIOSFODNN7EXAMPLE',
      'AKIAIOSFODNN7EXAMPLE1',
      'akiaiosfodnn7example',
    ],
  },
  awsSecretKey: {
    found: [
      [
        'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
      ],
      [
        '{"secretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}',
        ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
      ],
    ],
    notFound: [
      'a bare base64 wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'aws_secret_access_key = short',
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYTOOLONG',
    ],
  },
  privateKey: {
    found: [
      [
        'key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----\nthanks',
        ['-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----'],
      ],
      [
        '-----BEGIN PRIVATE KEY-----\nMIIE (truncated)',
        ['-----BEGIN PRIVATE KEY-----\nMIIE (truncated)'],
      ],
      [
        '-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----',
        ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl\n-----END OPENSSH PRIVATE KEY-----'],
      ],
    ],
    notFound: [
      '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----',
      '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----',
      'the words private key in prose',
    ],
  },
  secret: {
    found: [
      [fake('token ', 'gh', 'p_', 'A1b2'.repeat(9), ' end'), [fake('gh', 'p_', 'A1b2'.repeat(9))]],
      [
        fake('slack ', 'xo', 'xb-', '1234567890-abcdefABCDEF'),
        [fake('xo', 'xb-', '1234567890-abcdefABCDEF')],
      ],
      [
        fake('sk', '_live_', 'abcdEFGH12345678ijkl'),
        [fake('sk', '_live_', 'abcdEFGH12345678ijkl')],
      ],
      ['db password=hunter2!x, user=bob', ['hunter2!x']],
      ['API_KEY: "s3cr3t-value-123"', ['s3cr3t-value-123']],
    ],
    notFound: [
      'forgot my password again',
      'password: ***',
      'the secret = 42',
      fake('gh', 'p_', 'short'),
      'tokenizer=bpe',
    ],
  },
};

const found = (type: DetectorType, text: string) =>
  DETECTORS[type].find(text).map((finding) => text.slice(finding.start, finding.end));

describe.each(Object.keys(CORPUS) as DetectorType[])('the %s detector', (type) => {
  it.each(CORPUS[type].found)('finds exactly the values in %j', (text, values) => {
    expect(found(type, text)).toEqual(values);
  });
  it.each(CORPUS[type].notFound)('finds nothing in %j', (text) => {
    expect(found(type, text)).toEqual([]);
  });
  it('reports its own type', () => {
    const [text] = CORPUS[type].found[0]!;
    expect(DETECTORS[type].find(text).map((finding) => finding.type)).toEqual([type]);
  });
});

describe('checksums', () => {
  it.each([
    ['4111111111111111', true],
    ['4111111111111112', false],
    ['79927398713', true],
    ['79927398710', false],
  ])('Luhn of %s is %s', (digits, valid) => expect(luhnValid(digits)).toBe(valid));
  it.each([
    ['GB82WEST12345698765432', true],
    ['GB82WEST12345698765431', false],
    ['DE89370400440532013000', true],
    ['DE8937040044', false],
  ])('mod-97 of %s is %s', (iban, valid) => expect(ibanValid(iban)).toBe(valid));
});
