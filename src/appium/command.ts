import { Command, InvalidArgumentError } from 'commander';
import { serveUntilSignal } from '../cli/serve-until-signal.js';
import { defaultAppiumHome, ensurePushSimInstalled, startAppium } from './server.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`a TCP port 0..65535 (got "${value}")`);
  return port;
}

/**
 * `pushlab appium [--port N]`: a real Appium server with the project's home (`.appium/`), the PushSim
 * driver built and installed into it first when needed. Prints the server URL as the first stdout
 * line and serves until SIGINT/SIGTERM.
 */
export function appiumCommand(): Command {
  return new Command('appium')
    .description('start Appium with the PushSim driver (simulated phones) installed in .appium/; prints its URL first, serves until Ctrl-C')
    .option('--port <n>', 'TCP port (default: a free one)', parsePort)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--relaxed-security', 'start with --relaxed-security instead of only allowing adb_shell (mobile: shell)')
    .action(async (options: { port?: number; host: string; relaxedSecurity?: boolean }) => {
      await ensurePushSimInstalled(defaultAppiumHome);
      const appium = await startAppium({ port: options.port, host: options.host, home: defaultAppiumHome, relaxedSecurity: options.relaxedSecurity });
      process.stdout.write(`${appium.url}\n`);
      process.stderr.write(`pushlab: Appium ${appium.url} (APPIUM_HOME=${defaultAppiumHome}); automationName PushSim, pushsim:vendor ∈ xiaomi|huawei|honor|oppo|vivo|meizu|pixel|iphone; Ctrl-C to stop\n`);
      serveUntilSignal(() => appium.close(), 'Appium');
    });
}
