import { Command } from 'commander';
import { appiumCommand } from '../appium/command.js';
import { cloudCommand } from '../cloud/command.js';
import { rulesCommand } from '../device/rules-command.js';
import { reportCommand } from '../report/command.js';
import { gatewaysCommand } from './gateways-command.js';
import { suiteCommand } from './suite-command.js';

const program = new Command('pushlab')
  .description('device-side test harness and emulator for offline call-invitation push in uni-app apps')
  .showHelpAfterError()
  .addCommand(suiteCommand())
  .addCommand(gatewaysCommand())
  .addCommand(cloudCommand())
  .addCommand(appiumCommand())
  .addCommand(rulesCommand())
  .addCommand(reportCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.stderr.write(`pushlab: ${(error as Error).message}\n`);
  process.exitCode = process.exitCode || 1;
}
