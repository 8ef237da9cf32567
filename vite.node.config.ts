/**
 * Node build of `<cnx-player>`: dist/node/cnx-player.js, for the package's
 * `node` export condition. The browser bundle cannot load on Node because it
 * contains lit's browser build, whose classes extend the missing
 * `HTMLElement`. This build leaves lit, hls.js and idb-keyval as imports, so
 * Node resolves lit's own `node` build with its DOM shim, and importing the
 * package for server-side rendering does not throw.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist/node',
    emptyOutDir: true,
    target: 'node20',
    sourcemap: true,
    // SSR mode keeps every package of node_modules external.
    ssr: 'src/player/index.ts',
    rolldownOptions: {
      output: { entryFileNames: 'cnx-player.js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
