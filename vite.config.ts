/**
 * Library build of `<cnx-player>`: dist/player/cnx-player.js, an ES module
 * that bundles lit and idb-keyval so one script tag defines the element,
 * and hls.js beside it in its own chunk, fetched only by the dynamic import.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  // The demo page and its assets are served by the server, not by Vite.
  publicDir: false,
  build: {
    outDir: 'dist/player',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: 'src/player/index.ts',
      formats: ['es'],
      fileName: () => 'cnx-player.js',
    },
    rolldownOptions: {
      output: {
        // Flat names, because the server serves only files directly under /player/.
        chunkFileNames: '[name]-[hash].js',
        // Library mode keeps whitespace in ES output so that bundlers can read
        // pure annotations, but this file is also loaded as-is by a script tag.
        minify: true,
      },
    },
  },
});
