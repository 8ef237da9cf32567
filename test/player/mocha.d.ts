// Mocha globals that @web/test-runner-mocha defines in the browser.
declare function describe(name: string, body: () => void): void;
declare function it(name: string, body: () => unknown): void;
declare function before(body: () => unknown): void;
declare function after(body: () => unknown): void;
declare function beforeEach(body: () => unknown): void;
declare function afterEach(body: () => unknown): void;
