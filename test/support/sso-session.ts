// The IAM Identity Center session unit tests sign in to: [sso-session corp] as `aws configure sso` writes it.
import type { SsoSession } from '../../src/sso/sso-profile.js';

/** [sso-session corp] with the default registration scope. */
export const CORP_SESSION: SsoSession = {
  name: 'corp',
  startUrl: 'https://corp.awsapps.com/start',
  region: 'eu-west-1',
  scopes: ['sso:account:access'],
};
