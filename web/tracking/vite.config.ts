// The buyers' tracking page (docs/tracking.md "The buyer's page"): built by `npm run build:web`
// to dist/web/tracking/ and served by the API under /track (src/shell/http/tracking-page.ts).
import { defineConfig } from 'vite';

const here = new URL('.', import.meta.url).pathname;

export default defineConfig({
  root: here,
  base: '/track/',
  // The page is only ever served by the API; no public/ folder, no dev-server proxying.
  publicDir: false,
  build: {
    outDir: `${here}../../dist/web/tracking`,
    emptyOutDir: true,
    assetsDir: 'assets',
    // Everything in files: the page's Content-Security-Policy allows no inline script or style.
    assetsInlineLimit: 0,
    target: 'es2022',
    reportCompressedSize: false,
  },
});
