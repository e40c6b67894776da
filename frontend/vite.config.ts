/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The build goes straight into the jar's static/ folder: Spring Boot serves classpath:/static at /.
export default defineConfig({
  plugins: [react()],
  // Relative asset URLs: the UI also works when the backend serves it under a context path.
  base: './',
  build: {
    outDir: 'target/classes/static',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
  },
  server: {
    // `npm run dev` against a backend on :8080.
    proxy: {
      '/api': { target: process.env.EASGD_BACKEND ?? 'http://localhost:8080', changeOrigin: false },
    },
  },
  test: {
    environment: 'jsdom',
    globals: false,
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    // Two shared cores: keep the worker pool small.
    pool: 'threads',
    poolOptions: { threads: { maxThreads: 2, minThreads: 1 } },
    reporters: ['default'],
  },
});
