// Builds only the renderer (the same output as `electron-vite build`'s renderer step), for the
// browser end-to-end test and screenshots when the Electron entry points are not needed.
import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

const r = (path: string): string => resolve(import.meta.dirname, path)

export default defineConfig({
  root: r('.'),
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: { outDir: r('../out/renderer'), emptyOutDir: true, rollupOptions: { input: { index: r('index.html') } } },
})
