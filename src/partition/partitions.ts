// Every AWS partition awsrole can reach, and every endpoint it calls, derived from one region.

/** One partition: which regions belong to it and where its global services live. */
export interface Partition {
  /** The ARN partition: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc. */
  readonly id: string;
  readonly regionPattern: RegExp;
  /** The DNS suffix of its regional endpoints (sts.<region>.<suffix>). */
  readonly dnsSuffix: string;
  /** The region IAM (a global service) is signed for and called in. */
  readonly iamRegion: string;
  /** IAM's host. */
  readonly iamHost: string;
  /** The console sign-in (federation) host and the console host; none where AWS publishes none. */
  readonly signinHost?: string | undefined;
  readonly consoleHost?: string | undefined;
}

/**
 * As the SDKs' partitions.json (`@aws-sdk/core` util-endpoints) and IAM's
 * endpoint rules: the order matters, the first pattern that matches wins
 * (`us-gov-` and `us-iso-` regions before the `us-` of aws).
 */
export const PARTITIONS: readonly Partition[] = [
  {
    id: 'aws-us-gov',
    regionPattern: /^us-gov-\w+-\d+$/,
    dnsSuffix: 'amazonaws.com',
    iamRegion: 'us-gov-west-1',
    iamHost: 'iam.us-gov.amazonaws.com',
    signinHost: 'signin.amazonaws-us-gov.com',
    consoleHost: 'console.amazonaws-us-gov.com',
  },
  {
    id: 'aws-cn',
    regionPattern: /^cn-\w+-\d+$/,
    dnsSuffix: 'amazonaws.com.cn',
    iamRegion: 'cn-north-1',
    iamHost: 'iam.cn-north-1.amazonaws.com.cn',
    signinHost: 'signin.amazonaws.cn',
    consoleHost: 'console.amazonaws.cn',
  },
  {
    id: 'aws-eusc',
    regionPattern: /^eusc-(de)-\w+-\d+$/,
    dnsSuffix: 'amazonaws.eu',
    iamRegion: 'eusc-de-east-1',
    iamHost: 'iam.eusc-de-east-1.amazonaws.eu',
    signinHost: 'signin.amazonaws-eusc.eu',
    consoleHost: 'console.amazonaws-eusc.eu',
  },
  {
    id: 'aws-iso',
    regionPattern: /^us-iso-\w+-\d+$/,
    dnsSuffix: 'c2s.ic.gov',
    iamRegion: 'us-iso-east-1',
    iamHost: 'iam.us-iso-east-1.c2s.ic.gov',
  },
  {
    id: 'aws-iso-b',
    regionPattern: /^us-isob-\w+-\d+$/,
    dnsSuffix: 'sc2s.sgov.gov',
    iamRegion: 'us-isob-east-1',
    iamHost: 'iam.us-isob-east-1.sc2s.sgov.gov',
  },
  {
    id: 'aws-iso-e',
    regionPattern: /^eu-isoe-\w+-\d+$/,
    dnsSuffix: 'cloud.adc-e.uk',
    iamRegion: 'eu-isoe-west-1',
    iamHost: 'iam.eu-isoe-west-1.cloud.adc-e.uk',
  },
  {
    id: 'aws-iso-f',
    regionPattern: /^us-isof-\w+-\d+$/,
    dnsSuffix: 'csp.hci.ic.gov',
    iamRegion: 'us-isof-south-1',
    iamHost: 'iam.us-isof-south-1.csp.hci.ic.gov',
  },
  {
    id: 'aws',
    regionPattern: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
    dnsSuffix: 'amazonaws.com',
    iamRegion: 'us-east-1',
    iamHost: 'iam.amazonaws.com',
    signinHost: 'signin.aws.amazon.com',
    consoleHost: 'console.aws.amazon.com',
  },
];

const AWS = PARTITIONS.at(-1) as Partition;

/** botocore's own check (validate_region_name): a region becomes part of a host name. */
const REGION_NAME = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;

// Whether a text can be a region (what the aws CLI accepts): it ends up in endpoint host names.
export function isRegionName(text: string): boolean {
  return REGION_NAME.test(text);
}

// The partition a region belongs to; aws for a region no pattern knows (as the SDKs).
export function partitionOfRegion(region: string): Partition {
  return PARTITIONS.find((p) => p.regionPattern.test(region)) ?? AWS;
}

// The partition with an ARN partition id, if awsrole knows it.
export function partitionById(id: string): Partition | undefined {
  return PARTITIONS.find((p) => p.id === id);
}

/** Every endpoint awsrole calls for one region (URLs without a trailing slash). */
export interface Endpoints {
  readonly partition: string;
  readonly sts: string;
  /** IAM is global per partition: its URL and the region its requests are signed for. */
  readonly iam: { readonly url: string; readonly region: string };
  /** IAM Identity Center: the portal (GetRoleCredentials, ListAccounts, Logout) and OIDC. */
  readonly ssoPortal: string;
  readonly ssoOidc: string;
  /** Console sign-in (getSigninToken / login) and the console; undefined where unknown. */
  readonly federation: string | undefined;
  readonly console: string | undefined;
  /** The sign-in service of `aws login` (https://<region>.signin.<suffix>); undefined where unknown. */
  readonly signin: string | undefined;
}

/** The SDKs' names for the services in AWS_ENDPOINT_URL_<NAME>. */
const ENV_NAMES = {
  sts: 'STS',
  iam: 'IAM',
  ssoPortal: 'SSO',
  ssoOidc: 'SSO_OIDC',
  signin: 'SIGNIN',
} as const;

/**
 * The endpoints of a region, as the SDKs choose them: AWS_ENDPOINT_URL_<SERVICE>,
 * else AWS_ENDPOINT_URL (both off with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true),
 * else the partition's own host. The console sign-in keeps its own override,
 * AWSROLE_SIGNIN_ENDPOINT (checked where it is used).
 */
export function endpointsFor(region: string, env: NodeJS.ProcessEnv): Endpoints {
  const p = partitionOfRegion(region);
  const configured = (service: keyof typeof ENV_NAMES): string | undefined => {
    if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined;
    const url = env[`AWS_ENDPOINT_URL_${ENV_NAMES[service]}`] || env.AWS_ENDPOINT_URL;
    return url ? url.replace(/\/+$/, '') : undefined;
  };
  return {
    partition: p.id,
    sts: configured('sts') ?? `https://sts.${region}.${p.dnsSuffix}`,
    iam: { url: configured('iam') ?? `https://${p.iamHost}`, region: p.iamRegion },
    ssoPortal: configured('ssoPortal') ?? `https://portal.sso.${region}.${p.dnsSuffix}`,
    ssoOidc: configured('ssoOidc') ?? `https://oidc.${region}.${p.dnsSuffix}`,
    federation: p.signinHost && `https://${p.signinHost}/federation`,
    console: p.consoleHost && `https://${p.consoleHost}`,
    signin: configured('signin') ?? (p.signinHost && `https://${region}.${p.signinHost}`),
  };
}
