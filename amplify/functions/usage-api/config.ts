import '../../contract/zod-messages.ts';

import * as z from 'zod/mini';

import { retentionDaysFromEnv } from '../shared/usage-ledger.ts';

/**
 * The usage API's configuration, read once at init from the environment:
 *
 * | variable | meaning |
 * |---|---|
 * | `USAGE_TABLE_NAME` | usage counters and records table |
 * | `CONVERSATIONS_TABLE_NAME` | conversation history table |
 * | `HISTORY_RETENTION_DAYS` | days a conversation is kept after its last change (default 90) |
 * | `REPORT_MAX_DAYS` | longest admin report range in days (default 31) |
 * | `ALLOWED_ORIGINS` | comma-separated CORS origins echoed back |
 * | `MAX_BODY_BYTES` | largest request body, measured as received (default 262144) |
 * | `MAX_CONVERSATIONS_PER_USER` | conversations one user may keep (default 500) |
 * | `MAX_MESSAGES_PER_CONVERSATION` | messages one conversation may hold (default 200) |
 */
export interface UsageApiConfig {
  readonly usageTable: string;
  readonly conversationsTable: string;
  readonly historyRetentionDays: number;
  readonly reportMaxDays: number;
  readonly allowedOrigins: readonly string[];
  readonly maxBodyBytes: number;
  readonly maxConversationsPerUser: number;
  readonly maxMessagesPerConversation: number;
}

const count = (fallback: number, min: number, max: number) =>
  z._default(z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max)), fallback);

const schema = z.object({
  USAGE_TABLE_NAME: z.string().check(z.minLength(1, 'USAGE_TABLE_NAME is required')),
  CONVERSATIONS_TABLE_NAME: z
    .string()
    .check(z.minLength(1, 'CONVERSATIONS_TABLE_NAME is required')),
  REPORT_MAX_DAYS: count(31, 1, 92),
  ALLOWED_ORIGINS: z._default(z.string(), ''),
  MAX_BODY_BYTES: count(262_144, 1024, 10 * 1024 * 1024),
  MAX_CONVERSATIONS_PER_USER: count(500, 1, 100_000),
  MAX_MESSAGES_PER_CONVERSATION: count(200, 1, 10_000),
});

/** Validates the environment; throws with the offending variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): UsageApiConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `usage-api configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return {
    usageTable: parsed.data.USAGE_TABLE_NAME,
    conversationsTable: parsed.data.CONVERSATIONS_TABLE_NAME,
    historyRetentionDays: retentionDaysFromEnv(env, 'HISTORY_RETENTION_DAYS') ?? 90,
    reportMaxDays: parsed.data.REPORT_MAX_DAYS,
    allowedOrigins: parsed.data.ALLOWED_ORIGINS.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    maxBodyBytes: parsed.data.MAX_BODY_BYTES,
    maxConversationsPerUser: parsed.data.MAX_CONVERSATIONS_PER_USER,
    maxMessagesPerConversation: parsed.data.MAX_MESSAGES_PER_CONVERSATION,
  };
}
