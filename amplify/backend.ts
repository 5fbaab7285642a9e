import { defineBackend } from '@aws-amplify/backend';
import { auth } from './auth/resource.ts';
import { applyRequiredCdkFlags } from './cdk-context.ts';
import { apiAuthorizer } from './functions/api-authorizer/resource.ts';
import { mlProcessor, mlStreamProcessor } from './functions/ml-processor/resource.ts';

applyRequiredCdkFlags();

/** The whole backend: Amplify resources first, then the CDK escape hatches built on them. */
export const backend = defineBackend({ auth, apiAuthorizer, mlProcessor, mlStreamProcessor });
