// The sign-in service endpoint of a region (every partition), or the one AWS_ENDPOINT_URL(_SIGNIN) names.

/** The DNS suffix of each partition's sign-in service, by region prefix (the first match wins). */
const PARTITIONS: readonly {
  readonly prefix: string;
  readonly partition: string;
  readonly host: string;
}[] = [
  { prefix: 'cn-', partition: 'aws-cn', host: 'signin.amazonaws.cn' },
  { prefix: 'us-gov-', partition: 'aws-us-gov', host: 'signin.amazonaws-us-gov.com' },
  { prefix: 'eusc-', partition: 'aws-eusc', host: 'signin.amazonaws-eusc.eu' },
  { prefix: '', partition: 'aws', host: 'signin.aws.amazon.com' },
];

/**
 * As the SDKs: AWS_ENDPOINT_URL_SIGNIN, else AWS_ENDPOINT_URL (both off with
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true), else `https://{region}.signin.<partition suffix>`.
 */
export function signinEndpoint(region: string, env: NodeJS.ProcessEnv): string {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() !== 'true') {
    const configured = env.AWS_ENDPOINT_URL_SIGNIN || env.AWS_ENDPOINT_URL;
    if (configured) return configured.replace(/\/+$/, '');
  }
  const entry = PARTITIONS.find((p) => region.startsWith(p.prefix));
  return `https://${region}.${entry?.host ?? 'signin.aws.amazon.com'}`;
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
