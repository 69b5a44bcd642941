/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The backend serves dist/ at / in production; in `npm run dev` the API is proxied so cookies stay same-origin.
export default defineConfig({
  plugins: [react()],
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  server: { proxy: { '/api': process.env.RADLOOP_API_URL ?? 'http://127.0.0.1:8000' } },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 2500 },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
})
