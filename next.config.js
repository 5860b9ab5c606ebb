// API answers are JSON: nothing in them may run, frame or be framed. Pages get their headers,
// with a per-request CSP nonce, from proxy.ts (lib/security-headers.ts); the shared values
// are checked to agree by lib/security-headers.test.ts.
export const apiSecurityHeaders = [
  { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'" },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  {
    key: 'Permissions-Policy',
    value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
  },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];
export const strictTransportSecurity = {
  key: 'Strict-Transport-Security',
  value: 'max-age=63072000; includeSubDomains',
};

/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate output folder lets the benchmark build beside the end-to-end tests' build.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // Node-only packages (the logger, the HTTP client to Attestr): loaded as they are, not bundled.
  serverExternalPackages: ['pino', 'undici'],
  typedRoutes: false,
  // Static files and API answers get their headers here; pages from proxy.ts.
  async headers() {
    return [
      { source: '/api/:path*', headers: apiSecurityHeaders },
      {
        source: '/api/:path*',
        has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }],
        headers: [strictTransportSecurity],
      },
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
