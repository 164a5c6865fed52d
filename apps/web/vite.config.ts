// Vite build for the Linli web app: dev proxy to the API server, heavy pages split into chunks.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const api = process.env.LINLI_API ?? 'http://localhost:8080';

export default defineConfig({
  plugins: [react()],
  // antd and friends are hoisted to the root node_modules; make them share this app's single React.
  resolve: { dedupe: ['react', 'react-dom'] },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: api, changeOrigin: false },
      '/open311': { target: api, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // Keep the shared UI kit in its own long-cached chunks, and map/chart libraries out of the first load.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/ },
            { name: 'maplibre', test: /node_modules[\\/]maplibre-gl[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
          ],
        },
      },
    },
  },
});
