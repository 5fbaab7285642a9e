import { defineAuth } from '@aws-amplify/backend';

/** The Cognito user pool. Federation and groups are configured in the identity work. */
export const auth = defineAuth({
  loginWith: {
    email: true,
  },
  groups: ['Administrators', 'MLUsers', 'ReadOnly'],
});
