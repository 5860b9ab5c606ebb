/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate output folder lets the benchmark build beside the end-to-end tests' build.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  // The sandbox and logger are Node servers; keep them out of the bundler's way.
  serverExternalPackages: ['pino'],
  typedRoutes: false,
};

export default nextConfig;
