/**
 * Build of the embed host page's script: dist/embed/embed.js. It only wires
 * the page's `<cnx-player>` to the postMessage bridge and imports nothing of
 * the player at run time, because the page loads the player bundle itself
 * with its own script tag, so the two share the browser cache with
 * script-tag embeds and the player's size budget measures only the player.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist/embed',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: 'src/embed/page.ts',
      formats: ['es'],
      fileName: () => 'embed.js',
    },
    rolldownOptions: { output: { minify: true } },
  },
});
