/**
 * Build of the React demo app, demo/spa/, into dist/demo/spa/. The server
 * serves it under /demo/spa/ and fills in the API base, the embed key and
 * the title id in its index.html.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'demo/spa',
  base: '/demo/spa/',
  publicDir: false,
  resolve: {
    // The app imports the package by its name, as an app with the package installed does.
    alias: { '@cloudnextra/player': resolve(import.meta.dirname, 'dist/player/cnx-player.js') },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: '../../dist/demo/spa',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The hls.js chunk is about 560 kB minified, which is hls.js's own size, loaded on demand.
    chunkSizeWarningLimit: 600,
  },
});
