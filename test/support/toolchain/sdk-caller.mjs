// Asks STS who the caller is with the AWS SDK for JavaScript v3, as an application would.
//   node sdk-caller.mjs default-chain          new STSClient({}): the default chain (AWS_PROFILE picks the profile)
//   node sdk-caller.mjs from-ini <profile>     credentials from fromIni({ profile }), the SDK's shared-config
//                                              provider, whose errors keep a credential_process's stderr
// Prints the caller ARN, or "sdk: <name>: <message>" on stderr and exits 1.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

const [mode, profile] = process.argv.slice(2);
let config = {};
if (mode === 'from-ini') {
  const { fromIni } = await import('@aws-sdk/credential-provider-ini');
  config = { credentials: fromIni({ profile }) };
} else if (mode !== 'default-chain') {
  throw new Error(`unknown mode ${mode}`);
}
try {
  const out = await new STSClient(config).send(new GetCallerIdentityCommand({}));
  process.stdout.write(`${out.Arn}\n`);
} catch (error) {
  process.stderr.write(`sdk: ${error.name}: ${error.message}\n`);
  process.exitCode = 1;
}
