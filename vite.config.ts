import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is served from app://sightline in Electron and from 127.0.0.1 in web mode: a
// relative base makes the same build work under both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 4000 },
});
