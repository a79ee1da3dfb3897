import * as x from '@smithy/shared-ini-file-loader'; globalThis.x = x;
