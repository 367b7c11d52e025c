import { Command } from 'commander';
import { startGateways, type RunningGateways } from '../../mocks/gateways.js';
import { parsePort } from '../cli/gateways-command.js';
import { serveUntilSignal } from '../cli/serve-until-signal.js';
import { vendorIds } from '../vendors/common/ids.js';
import { vendors } from '../vendors/index.js';
import { startClouds } from './index.js';
import { vendorsWithEnvCredentials } from './senders.js';

/** The environment variables each vendor's real credentials come from (`vendors[id].credentialEnv`). */
export function credentialEnvHelp(): string {
  return vendorIds.map((id) => `  ${id.padEnd(7)} ${Object.values(vendors[id].credentialEnv as Record<string, string>).join(', ')}`).join('\n');
}

/**
 * `pushlab cloud`: the emulated ZEGO and Easemob clouds on 127.0.0.1 until SIGINT/SIGTERM. With
 * `--gateways` the mock gateways start too and the consoles' "mock" certificates push to them;
 * otherwise vendors whose real credentials are in the environment push to the real gateways.
 */
export function cloudCommand(): Command {
  return new Command('cloud')
    .description('start the emulated ZEGO Call Kit and Easemob IM push clouds on 127.0.0.1')
    .option('--json', 'print one JSON object {zego, easemob, …gateway URLs} as the first stdout line')
    .option('--gateways', 'also start every mock gateway and push to them (as `pushlab gateways`)')
    .option('--port-base <n>', 'pin ports: zego N, easemob N+1; the mock gateways N+2, N+3, … in the order apns, fcm, huawei, honor, xiaomi, oppo, vivo, meizu', parsePort)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--zego-console <file>', 'ZEGO console file (default fixtures/cloud/zego.json)')
    .option('--easemob-console <file>', 'Easemob console file (default fixtures/cloud/easemob.json)')
    .addHelpText('after', `\nReal gateways: a vendor whose variables are all set pushes to the real service (never logged):\n${credentialEnvHelp()}\n\nTest API on each cloud: GET /__pushlab/records?since=&userID=&invitationID=&kind=, GET /__pushlab/invitations/<id>, GET /__pushlab/health.`)
    .action(async (options: { json?: boolean; gateways?: boolean; portBase?: number; host: string; zegoConsole?: string; easemobConsole?: string }) => {
      // The CLI is the one place that reads the environment; everything below gets it injected.
      const env = process.env;
      let gateways: RunningGateways | undefined;
      if (options.gateways) gateways = await startGateways({ host: options.host, portBase: options.portBase === undefined ? undefined : options.portBase + 2 });
      const realVendors = vendorsWithEnvCredentials(vendors, env);
      let clouds;
      try {
        clouds = await startClouds({
          gateways, realEnv: env, realVendors: gateways ? [] : realVendors, host: options.host, port: options.portBase ?? 0,
          consoles: { zego: options.zegoConsole, easemob: options.easemobConsole },
        });
      } catch (error) {
        await gateways?.close();
        throw error;
      }
      const description = { zego: clouds.urls.zego, easemob: clouds.urls.easemob, ...(gateways ? gateways.describe() : {}) };
      const senders = clouds.senders.describe();
      const missing = vendorIds.filter((id) => senders[id].startsWith('none'));
      if (options.json) {
        process.stdout.write(`${JSON.stringify(description)}\n`);
      } else {
        for (const [key, value] of Object.entries(description)) process.stdout.write(`${key.padEnd(16)} ${value}\n`);
        for (const id of vendorIds) process.stdout.write(`push ${id.padEnd(11)} ${senders[id]}\n`);
        process.stdout.write('records under /__pushlab/records on each cloud; Ctrl-C to stop\n');
      }
      if (missing.length) process.stderr.write(`pushlab cloud: no sender for ${missing.join(', ')}: ${gateways ? 'no mock gateway' : 'start with --gateways, or set the real credentials (see --help)'}; their pushes will be recorded as push-failed\n`);
      serveUntilSignal(async () => { await clouds.close(); await gateways?.close(); }, 'the emulated clouds');
    });
}
