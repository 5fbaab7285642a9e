/**
 * The hash chain: each stored record carries the hash of the one before it in its chain, and its
 * own hash covers its chain, place, predecessor's hash and record. Changing, removing or
 * reordering a record breaks the chain from there on (verify.ts finds where).
 *
 * A chain is one day of one retention class, split into a few shards so concurrent writers do
 * not all wait on one head: `<yyyy-mm-dd>/r<days>/s<shard>`. A whole chain expires at once, so
 * retention never leaves a chain with holes.
 */
import { createHash } from 'node:crypto';

import type { AuditLink, AuditRecord } from './record.ts';

/** JSON with object keys sorted at every level: one byte string per value, whoever writes it. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map(
        (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
      )
      .join(',')}}`;
  return JSON.stringify(value);
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The hash before a chain's first record: bound to the chain's name, so chains cannot swap. */
export function genesisHash(chain: string): string {
  return sha256(`ml-gateway-audit:${chain}`);
}

/** The hash of a link (everything but the hash itself). */
export function linkHash(link: Omit<AuditLink, 'hash'>): string {
  return sha256(
    canonicalJson({
      chain: link.chain,
      seq: link.seq,
      prevHash: link.prevHash,
      record: link.record,
    }),
  );
}

/** Builds the link that follows `prevHash` at `seq`. */
export function linkRecord(
  chain: string,
  seq: number,
  prevHash: string,
  record: AuditRecord,
): AuditLink {
  const unhashed = { chain, seq, prevHash, record };
  return { ...unhashed, hash: linkHash(unhashed) };
}

/** The UTC day of an ISO time: `yyyy-mm-dd`. */
export const dayOf = (iso: string): string => iso.slice(0, 10);

/** The chain a record goes to. */
export function chainId(day: string, retentionDays: number, shard: number): string {
  return `${day}/r${retentionDays}/s${shard}`;
}

/** Prefix of one retention class's objects: its S3 lifecycle rule expires exactly these. */
export const retentionPrefix = (retentionDays: number): string => `records/r${retentionDays}/`;

/** S3 key of a link: `records/r<days>/<day>/s<shard>/<seq, 10 digits>.json`, in chain order. */
export function linkKey(chain: string, seq: number): string {
  const [day, retention, shard] = chain.split('/');
  return `records/${retention}/${day}/${shard}/${String(seq).padStart(10, '0')}.json`;
}

/** The chain and place a key names (undefined for a key that is not a link's). */
export function parseLinkKey(key: string): { chain: string; seq: number } | undefined {
  const match = /^records\/(r\d+)\/(\d{4}-\d{2}-\d{2})\/(s\d+)\/(\d{10})\.json$/.exec(key);
  if (!match) return undefined;
  return { chain: `${match[2]}/${match[1]}/${match[3]}`, seq: Number(match[4]) };
}
