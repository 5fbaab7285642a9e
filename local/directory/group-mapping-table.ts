import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import {
  GROUP_MAPPING_ENV,
  GROUP_MAPPING_TABLE,
} from '../../amplify/auth/group-mapping/group-mapping-table-definition.ts';

/** The group-mapping table's name in local mode (the deployed name is CloudFormation's). */
export const LOCAL_GROUP_MAPPING_TABLE = 'ml-gateway-group-mapping';

/** Seconds local mode's readers keep the mapping (the sandbox's `cacheSeconds`). */
const LOCAL_CACHE_SECONDS = 5;

/**
 * Creates the group-mapping table on a local DynamoDB (dynalite) unless it is there already,
 * and returns the environment the usage API (and any mapping reader) takes its name from.
 */
export async function createLocalGroupMappingTable(
  client: DynamoDBDocumentClient,
  tableName = LOCAL_GROUP_MAPPING_TABLE,
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
    if (Table?.TableStatus === 'ACTIVE')
      return {
        [GROUP_MAPPING_ENV.table]: tableName,
        [GROUP_MAPPING_ENV.cacheSeconds]: String(LOCAL_CACHE_SECONDS),
      };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Local table ${tableName} did not become ACTIVE`);
}
