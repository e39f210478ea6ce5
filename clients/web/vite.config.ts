import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The gateway serves the Connect protocol and gRPC-Web on the same origin as the built app
// (KITH_WEB_PORT, 18080 by default). In development, Vite serves the app and forwards every RPC
// path (/kith.<package>.<Service>/<Method>) to that gateway.
const gateway = process.env.KITH_WEB_ADDR ?? 'http://127.0.0.1:18080';

export default defineConfig({
  plugins: [react()],
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '^/kith\\.': { target: gateway, changeOrigin: true },
    },
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    proxy: {
      '^/kith\\.': { target: gateway, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});
