import { describe, expect, it } from 'vitest';

import { loadSettings } from '../../amplify/settings/index.ts';
import { nestedStack } from './assembly.ts';

describe('the usage API function', () => {
  it('gets the body limit and the history caps from the settings', () => {
    const settings = loadSettings({}, { environment: 'sandbox' });
    const usageApi = Object.values(nestedStack('api').findResources('AWS::Lambda::Function')).find(
      (fn) => JSON.stringify(fn).includes('CONVERSATIONS_TABLE_NAME'),
    ) as { Properties: { Environment: { Variables: Record<string, unknown> } } };
    expect(usageApi.Properties.Environment.Variables).toMatchObject({
      MAX_BODY_BYTES: String(settings.api.maxBodyBytes),
      MAX_CONVERSATIONS_PER_USER: String(settings.history.maxConversationsPerUser),
      MAX_MESSAGES_PER_CONVERSATION: String(settings.history.maxMessagesPerConversation),
    });
  });
});
