import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vitest/config';

// The built page carries its own CSP (a browser talking to a headless core needs ws://
// to loopback); in Electron the app:// protocol adds a stricter header on top. Dev builds
// skip it because Vite's dev server injects inline scripts.
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

function cspMeta(): Plugin {
  return {
    name: 'csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: RENDERER_CSP }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta()],
  build: { outDir: '../build/renderer', emptyOutDir: true, sourcemap: true },
  test: {
    root: '.',
    include: ['renderer/**/*.spec.{ts,tsx}'],
    environment: 'jsdom',
    setupFiles: ['renderer/src/test/setup.ts'],
  },
});
