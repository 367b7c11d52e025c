// Runs `pushlab cloud` alone (without the rest of the CLI), for cli.test.ts: node --import tsx <this> [options].
import { cloudCommand } from '../../../src/cloud/command.js';

await cloudCommand().parseAsync(process.argv.slice(2), { from: 'user' });
