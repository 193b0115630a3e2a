import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// County PCs run Chromium 86+ (360 安全浏览器 speed mode): syntax is lowered to that target.
// Two entries in one build sharing one set of chunks: the staff console (index.html, served at /console/)
// and the public portal (portal.html, served at / by api/http/console.ts). Both load assets from /console/assets/.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    target: 'chrome86',
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: true,
    // scripts/console-build.ts reads it to report the first load and each lazy chunk.
    manifest: true,
    rollupOptions: { input: { console: 'index.html', portal: 'portal.html' } },
  },
  server: {
    // `npm run dev` in console/: the gateway (npm start) answers the API on port 3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
