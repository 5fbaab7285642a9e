/**
 * The audit's S3 and KMS SDK modules, imported on first use instead of at init. In a function's
 * bundle each is a chunk of its own (code splitting, functions/shared/esm-bundling.ts), so a
 * cold start does not parse the S3 and KMS clients before it can serve: a function that audits
 * needs them for the record it writes once the request is answered.
 */
export const s3Sdk = () => import('@aws-sdk/client-s3');
export const kmsSdk = () => import('@aws-sdk/client-kms');

/** An SDK client, or what makes it on first use (`auditTrailFromEnv`'s clients). */
export type ClientSource<Client extends object> = Client | (() => Promise<Client>);

/** The client of `source`, made now if it is made on first use. */
export function clientOf<Client extends object>(source: ClientSource<Client>): Promise<Client> {
  return typeof source === 'function' ? source() : Promise.resolve(source);
}

/** `make`, called once: later calls share its promise (one client per container). */
export function madeOnce<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
