/**
 * Verifies stored audit chains: every link parses, sits where its key says, hashes to what it
 * carries, carries its predecessor's hash, and the chain ends where its head (the writer's
 * DynamoDB head item) says. `scripts/audit-verify.ts` runs it over a bucket and table.
 */
import { genesisHash, linkHash, parseLinkKey } from './chain.ts';
import { type AuditLink, auditLinkSchema } from './record.ts';

/** One stored object, as listed and read. */
export interface StoredLink {
  readonly key: string;
  readonly body: string;
}

/** Where a chain ends, as its writer recorded it. */
export interface ChainHead {
  readonly chain: string;
  readonly seq: number;
  readonly hash: string;
}

export type ChainProblemKind =
  | 'unexpected-object'
  | 'unreadable'
  | 'misplaced'
  | 'changed'
  | 'broken-link'
  | 'missing'
  | 'head-mismatch'
  | 'no-head';

/** What is wrong, and where. Never a record's content. */
export interface ChainProblem {
  readonly kind: ChainProblemKind;
  readonly chain?: string;
  readonly seq?: number;
  readonly key?: string;
}

export interface VerifyReport {
  readonly chains: number;
  readonly links: number;
  readonly problems: readonly ChainProblem[];
}

function readLink(body: string): AuditLink | undefined {
  try {
    const parsed = auditLinkSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Verifies the links of some days against their chains' heads. */
export function verifyChains(
  objects: readonly StoredLink[],
  heads: readonly ChainHead[],
): VerifyReport {
  const problems: ChainProblem[] = [];
  const byChain = new Map<string, Map<number, StoredLink>>();
  for (const object of objects) {
    const place = parseLinkKey(object.key);
    if (!place) {
      problems.push({ kind: 'unexpected-object', key: object.key });
      continue;
    }
    const links = byChain.get(place.chain) ?? new Map<number, StoredLink>();
    links.set(place.seq, object);
    byChain.set(place.chain, links);
  }
  const headOf = new Map(heads.map((head) => [head.chain, head]));
  const chains = new Set([...byChain.keys(), ...headOf.keys()]);
  for (const chain of [...chains].sort()) {
    const links = byChain.get(chain) ?? new Map<number, StoredLink>();
    const head = headOf.get(chain);
    if (!head) problems.push({ kind: 'no-head', chain });
    const last = Math.max(head?.seq ?? 0, ...links.keys());
    let prevHash: string | undefined = genesisHash(chain);
    for (let seq = 1; seq <= last; seq++) {
      const object = links.get(seq);
      if (!object) {
        problems.push({ kind: 'missing', chain, seq });
        prevHash = undefined;
        continue;
      }
      const link = readLink(object.body);
      if (!link) {
        problems.push({ kind: 'unreadable', chain, seq, key: object.key });
        prevHash = undefined;
        continue;
      }
      if (link.chain !== chain || link.seq !== seq)
        problems.push({ kind: 'misplaced', chain, seq, key: object.key });
      if (linkHash(link) !== link.hash)
        problems.push({ kind: 'changed', chain, seq, key: object.key });
      // After a gap the predecessor is unknown: the gap is reported, the next link is not.
      if (prevHash !== undefined && link.prevHash !== prevHash)
        problems.push({ kind: 'broken-link', chain, seq, key: object.key });
      prevHash = link.hash;
      if (seq === last && head && (head.seq !== seq || head.hash !== link.hash))
        problems.push({ kind: 'head-mismatch', chain, seq });
    }
  }
  return { chains: chains.size, links: objects.length, problems };
}
