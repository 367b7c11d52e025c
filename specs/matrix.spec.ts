import { browser } from '@wdio/globals';
import { appStates } from '../src/vendors/common/delivery-rules.js';
import { runScenario } from '../src/harness/scenario-runner.js';
import { DEFAULT_RESOURCE_ID, scenariosFor, type Provider } from '../src/harness/scenarios.js';
import { openHarness, type Harness, type ProviderSide } from '../src/harness/session.js';
import { recordSample } from '../src/harness/samples.js';
import { suiteWaits, reportsDir } from '../src/harness/spec-settings.js';

/**
 * The scenario matrix: this phone × every app state × both providers, each expectation taken from
 * the provider's routing and the vendor's delivery rule table (`pushlab rules`).
 */
describe('call invitations across app states', () => {
  let harness: Harness;
  const providers: Provider[] = ['zego', 'easemob'];
  let seq = 0;
  const total = providers.length * appStates.length;

  before(async () => { harness = await openHarness(browser); });
  after(async () => { await harness?.close(); });

  for (const provider of providers) {
    describe(`via ${provider}`, () => {
      let side: ProviderSide;
      before(async () => {
        side = await harness.provider(provider);
        if (await harness.phone.isInstalled()) await harness.phone.uninstall(); // the other provider's build
      });

      for (const state of appStates) {
        it(`${state}`, async function () {
          const scenario = scenariosFor(harness.device, [provider], [state])[0]!;
          seq += 1;
          if (scenario.skip) this.skip();
          await harness.spaceOut();
          process.stdout.write(`[pushlab] ${harness.device.id}: ${scenario.id} — expect ${scenario.expected} (${seq}/${total})\n`);
          const sample = await runScenario(scenario, {
            phone: harness.phone, caller: side.caller, records: side.records, appPath: side.buildPath,
            callee: side.callee, resourceID: DEFAULT_RESOURCE_ID, seq, waits: suiteWaits(harness.phone.simulated),
            buildDiagnosis: side.buildDiagnosis,
          });
          recordSample(reportsDir, sample);
          if (!sample.passed) throw new Error(`${scenario.id}: expected ${scenario.expected}, got ${sample.result}: ${sample.diagnosis ?? ''}`);
        });
      }
    });
  }
});
