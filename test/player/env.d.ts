// Virtual module served by the reference-server plugin of web-test-runner.config.mjs.
declare module '*/__cnx-env.js' {
  export const env: import('../support/player-env.js').PlayerTestEnv;
}
