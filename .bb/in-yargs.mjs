import * as x from 'yargs'; globalThis.x = x;
