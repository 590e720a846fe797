import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is served from app://sightline in Electron and from 127.0.0.1 in web mode: a
// relative base makes the same build work under both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  // SIGHTLINE_RENDERER_DIR builds elsewhere, so parallel browser runs do not overwrite each other.
  build: { outDir: process.env['SIGHTLINE_RENDERER_DIR'] || '../dist/renderer', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 4000 },
});
