import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

const r = (path: string): string => resolve(import.meta.dirname, path)

// Main bundles server/ (it never imports electron); the preload is CommonJS because a
// sandboxed preload cannot be an ES module; the renderer is the same React app `serve` hosts.
export default defineConfig({
  main: { build: { rollupOptions: { input: { index: r('electron/main.ts') } } } },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: { input: { index: r('electron/preload.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: r('renderer'),
    build: { outDir: r('out/renderer'), rollupOptions: { input: { index: r('renderer/index.html') } } },
    plugins: [react()],
  },
})
