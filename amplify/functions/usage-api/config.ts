import { z } from 'zod';
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

const schema = z.object({
  USAGE_TABLE_NAME: z.string().min(1, 'USAGE_TABLE_NAME is required'),
  CONVERSATIONS_TABLE_NAME: z.string().min(1, 'CONVERSATIONS_TABLE_NAME is required'),
  REPORT_MAX_DAYS: z.coerce.number().int().min(1).max(92).default(31),
  ALLOWED_ORIGINS: z.string().default(''),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(10 * 1024 * 1024)
    .default(262_144),
  MAX_CONVERSATIONS_PER_USER: z.coerce.number().int().min(1).max(100_000).default(500),
  MAX_MESSAGES_PER_CONVERSATION: z.coerce.number().int().min(1).max(10_000).default(200),
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
