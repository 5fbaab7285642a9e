import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { GroupMappingStore } from '../../amplify/auth/group-mapping/group-mapping-store.ts';
import {
  GROUP_MAPPING_ENV,
  GROUP_MAPPING_TABLE,
} from '../../amplify/auth/group-mapping/group-mapping-table-definition.ts';
import { entriesOfTable } from '../../amplify/auth/group-mapping/mapping-entries.ts';
import type { GroupMappingTable } from '../../amplify/auth/group-mapping/mapping-table.ts';

/** The group-mapping table's name in local mode (the deployed name is CloudFormation's). */
export const LOCAL_GROUP_MAPPING_TABLE = 'ml-gateway-group-mapping';

/** Seconds local mode's readers keep the mapping (the sandbox's `cacheSeconds`). */
const LOCAL_CACHE_SECONDS = 5;

export interface LocalGroupMappingOptions {
  /** @default LOCAL_GROUP_MAPPING_TABLE */
  readonly tableName?: string;
  /** A mapping to store as version 1 when none is stored yet (else the committed default). */
  readonly seed?: GroupMappingTable;
}

/** Stores `seed` unless a mapping is stored already (an edit of an earlier run is kept). */
async function seedMapping(store: GroupMappingStore, seed: GroupMappingTable): Promise<void> {
  if ((await store.read()).version > 0) return;
  await store.replace(0, entriesOfTable(seed), 'local mode');
}

/**
 * Creates the group-mapping table on a local DynamoDB (dynalite) unless it is there already,
 * and returns the environment the usage API (and any mapping reader) takes its name from.
 */
export async function createLocalGroupMappingTable(
  client: DynamoDBDocumentClient,
  { tableName = LOCAL_GROUP_MAPPING_TABLE, seed }: LocalGroupMappingOptions = {},
): Promise<Record<string, string>> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: GROUP_MAPPING_TABLE.partitionKey, AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: GROUP_MAPPING_TABLE.partitionKey, KeyType: 'HASH' }],
      }),
    );
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw error;
  }
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') {
      if (seed) await seedMapping(new GroupMappingStore({ client, tableName }), seed);
      return {
        [GROUP_MAPPING_ENV.table]: tableName,
        [GROUP_MAPPING_ENV.cacheSeconds]: String(LOCAL_CACHE_SECONDS),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Local table ${tableName} did not become ACTIVE`);
}
