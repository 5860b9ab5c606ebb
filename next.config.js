/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate output folder lets the benchmark build beside the end-to-end tests' build.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // The sandbox and logger are Node servers; keep them out of the bundler's way.
  serverExternalPackages: ['pino'],
  typedRoutes: false,
  // Pages and API responses get these (and a CSP) from proxy.ts; static files get them here.
  async headers() {
    return [
      {
        source: '/_next/static/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
