// Browser tests of <cnx-player> in Debian's Chromium, against the real
// reference server that the plugin below starts for the whole run.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { register } from 'tsx/esm/api';

// The server helpers are TypeScript, so tsx must be registered before they load.
register();
const { startPlayerEnv } = await import('./test/support/player-env.ts');

/** Starts the server in serverStart, serves its values as /__cnx-env.js, stops it in serverStop. */
function referenceServerPlugin() {
  let started;
  return {
    name: 'cnx-reference-server',
    async serverStart() {
      started = await startPlayerEnv();
    },
    async serverStop() {
      await started?.server.stop();
    },
    serve(context) {
      if (context.path !== '/__cnx-env.js') return undefined;
      return { body: `export const env = ${JSON.stringify(started.env)};\n`, type: 'js' };
    },
  };
}

export default {
  files: ['test/player/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), referenceServerPlugin()],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--autoplay-policy=no-user-gesture-required',
        ],
      },
    }),
  ],
  testFramework: { config: { timeout: 30000 } },
  // Starting the server and converting the fixture take a while before the first test.
  testsStartTimeout: 180000,
  testsFinishTimeout: 300000,
};
