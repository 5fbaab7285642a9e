import { generate } from 'selfsigned';

/** A TLS key pair for the hosted UI, generated fresh at every start (never written to the repo). */
export interface LocalCertificate {
  readonly key: string;
  readonly cert: string;
  /** SHA-1 fingerprint, printed so a person can recognise the certificate the browser shows. */
  readonly fingerprint: string;
}

/** How long a generated certificate stays valid. */
const VALIDITY_DAYS = 7;

/** Generates a self-signed certificate for `localhost` and `127.0.0.1`. */
export async function generateLocalCertificate(): Promise<LocalCertificate> {
  const notAfterDate = new Date(Date.now() + VALIDITY_DAYS * 24 * 3600 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'ML Gateway local sign-in' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert, fingerprint: pems.fingerprint };
}
