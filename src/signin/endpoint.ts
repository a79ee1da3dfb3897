// The sign-in service endpoint of a region (every partition), or the one AWS_ENDPOINT_URL(_SIGNIN) names.
import { endpointsFor } from '../partition/partitions.js';

/**
 * As the SDKs: AWS_ENDPOINT_URL_SIGNIN, else AWS_ENDPOINT_URL (both off with
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true), else `https://{region}.signin.<partition suffix>`
 * (partitions.ts: every endpoint comes from there).
 */
export function signinEndpoint(region: string, env: NodeJS.ProcessEnv): string {
  return endpointsFor(region, env).signin ?? `https://${region}.signin.aws.amazon.com`;
}

// The partition a principal ARN names ("arn:aws-cn:iam::…" → "aws-cn").
export function partitionOfArn(arn: string): string {
  return arn.split(':')[1] || 'aws';
}

// The account a principal ARN names ("arn:aws:iam::123456789012:user/x" → "123456789012").
export function accountOfArn(arn: string): string {
  return arn.split(':')[4] ?? '';
}

// The region of a session: the profile's, else AWS_REGION / AWS_DEFAULT_REGION, else us-east-1.
export function signinRegion(profileRegion: string | undefined, env: NodeJS.ProcessEnv): string {
  return profileRegion || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1';
}
